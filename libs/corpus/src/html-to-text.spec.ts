import fc from 'fast-check';
import { decodeEntities } from './html-entities';
import { htmlToText } from './html-to-text';
import { BACKTRACKING_BOUND_MS, elapsedMs } from './testing/hostile-input';

// No tag of any kind may survive: a `<` followed by a letter, `/`, `!` or `?` would be markup.
const NO_MARKUP = /<[a-zA-Z/!?]/;

describe('htmlToText', () => {
  it('turns block elements into paragraphs and keeps inline text together', () => {
    const html =
      '<html><head><title>Page title</title></head><body><h1>The State</h1>' +
      '<p>First <b>bold</b> and <i>italic</i>\n   words.</p><div>Second<br>Third</div>' +
      '<ul><li>one</li><li>two</li></ul><blockquote>Quoted</blockquote></body></html>';
    expect(htmlToText(html)).toBe(
      'The State\n\nFirst bold and italic words.\n\nSecond\n\nThird\n\none\n\ntwo\n\nQuoted',
    );
  });

  it('drops scripts, styles, embedded objects, templates, the head and comments with their content', () => {
    const html =
      '<head><meta charset="utf-8"><script>var inHead = 1;</script></head>' +
      '<p>Kept</p><script type="text/javascript">alert("x")</script><style>p{color:red}</style>' +
      '<noscript>no js</noscript><iframe src="x">frame</iframe><object data="x">obj</object>' +
      '<template><p>tpl</p></template><!-- a comment <p>hidden</p> --><p>Also kept</p>';
    expect(htmlToText(html)).toBe('Kept\n\nAlso kept');
  });

  it('ends an unclosed head at the body', () => {
    expect(htmlToText('<html><head><title>T</title><body><p>Body text</p>')).toBe('Body text');
  });

  it('decodes named, decimal and hexadecimal entities, and Windows-1252 numbers as browsers do', () => {
    expect(
      htmlToText('<p>Marx &amp; Engels &lt;1848&gt; &mdash; &#8220;quoted&#x201D; &#151; caf&eacute;</p>'),
    ).toBe('Marx & Engels <1848> — “quoted” — café');
    expect(decodeEntities('&unknownentity; &#0; &#xD800; &#x110000; &amp')).toBe(
      '&unknownentity; \ufffd \ufffd \ufffd &',
    );
    expect(decodeEntities('a&nbsp;b')).toBe('a b');
  });

  it('writes table rows as paragraphs with cells separated by " | "', () => {
    const html = '<table><tr><th>Year</th><th>Banks</th></tr><tr><td>1907</td><td>9</td></tr></table>';
    expect(htmlToText(html)).toBe('Year | Banks\n\n1907 | 9');
  });

  it('keeps the layout of <pre> blocks', () => {
    expect(htmlToText('<pre>line one\nline two</pre>')).toBe('line one\nline two');
  });

  it('copes with unclosed tags and stray angle brackets', () => {
    expect(htmlToText('<p>Hello <b>world')).toBe('Hello world');
    expect(htmlToText('1 < 2 and 3 > 2, <3')).toBe('1 < 2 and 3 > 2, <3');
    expect(htmlToText('<p>cut off <a href="x')).toBe('cut off');
  });

  it('respects quoted attribute values and survives an unterminated quote', () => {
    expect(htmlToText('<a title="a > b" href=\'x>y\'>link</a> after')).toBe('link after');
    expect(htmlToText('<a title="oops>Visible</a> text')).toBe('Visible text');
  });

  it.each([
    ['a split script tag', '<scr<script>ipt>alert(1)</script><p>after</p>'],
    ['nested scripts', '<script><script>alert(1)</script>alert(2)</script><p>after</p>'],
    ['an unclosed script', '<p>before</p><script>alert(1)'],
    ['an unclosed comment', '<p>before</p><!-- <script>alert(1)</script>'],
    ['a script inside a comment', '<!-- <script>alert(1)</script> --><p>after</p>'],
    ['an upper-case script', '<SCRIPT>alert(1)</SCRIPT ><p>after</p>'],
    ['an event handler attribute', '<img src=x onerror="alert(1)"><p>after</p>'],
    ['a javascript: link', '<a href="javascript:alert(1)">after</a>'],
    ['CDATA and processing instructions', '<![CDATA[<script>alert(1)</script>]]><?xml x?><p>after</p>'],
    ['an svg payload', '<svg><script>alert(1)</script><text>t</text></svg><p>after</p>'],
  ])('leaves no markup and runs nothing from %s', (_name, html) => {
    const out = htmlToText(html);
    expect(out).not.toMatch(NO_MARKUP);
    expect(out).not.toMatch(/alert\(1\)<|<script/i);
  });

  it('keeps the text a browser would show around a split script tag, as inert text', () => {
    // A browser reads `<scr<script>` as one unknown element; what follows is text, shown and never run.
    expect(htmlToText('<scr<script>ipt>x</script>')).toBe('ipt>x');
  });

  it.each([
    ['angle brackets', '<'.repeat(5_000_000)],
    ['unterminated tag openings', '<a '.repeat(1_700_000)],
    ['unterminated quoted attributes', '<a x="'.repeat(850_000)],
    ['alternating quotes', `<a x='"`.repeat(700_000)],
    ['comment openings', '<!--'.repeat(1_250_000)],
    ['script openings', '<script>'.repeat(625_000)],
    ['closing tags without openers', '</script'.repeat(625_000)],
    ['head openings', '<head>'.repeat(830_000)],
    ['entity starts', '&#'.repeat(2_500_000)],
    ['long entity names', `&${'a'.repeat(40)}`.repeat(120_000)],
    ['a huge attribute', `<a title="${'x'.repeat(5_000_000)}">text</a>`],
    ['a scripted flood of closers', `<script>${'</scrip'.repeat(700_000)}</script>tail`],
  ])('reduces 5 MB of hostile %s without catastrophic backtracking', (_name, html) => {
    let out = '';
    expect(elapsedMs(() => (out = htmlToText(html)))).toBeLessThan(BACKTRACKING_BOUND_MS);
    expect(out).not.toMatch(NO_MARKUP);
  });

  it('never lets a tag through, whatever soup of markup fragments it is given', () => {
    // Bare `<` and `&` are left out: a page may show a literal "<b" as text (from "&lt;b" or "<<b>b"), which is
    // text to escape on display, not markup kept.
    const fragment = fc.constantFrom(
      '<p>',
      '</p>',
      '<div class="x">',
      '<script>',
      '</script>',
      '<style>',
      '</style>',
      '<!--',
      '-->',
      '<a href="',
      '"',
      "'",
      '>',
      '<scr',
      'ipt>',
      '<br/>',
      '</',
      '<!',
      '<?',
      'text',
      ' ',
      '\n',
      '=',
      '<head>',
      '<body>',
      '<td>',
      '<tr>',
      '<iframe',
      '</iframe>',
      'alert(1)',
      '<SCRIPT ',
      '<pre>',
      '</pre>',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 80 }), (parts) => {
        expect(htmlToText(parts.join(''))).not.toMatch(NO_MARKUP);
      }),
      { numRuns: 2000 },
    );
  });
});
