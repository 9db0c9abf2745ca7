import { markdownToText } from './markdown-to-text';
import { BACKTRACKING_BOUND_MS, elapsedMs } from './testing/hostile-input';

describe('markdownToText', () => {
  it('drops front matter and heading markers but keeps heading text as its own paragraph', () => {
    const md =
      '---\ntitle: "Frederick Engels"\nlayout: page\n---\n# Frederick Engels\n\nWhat a torch of reason ceased to burn.\n\n## II ##\n\nText.';
    expect(markdownToText(md)).toBe(
      'Frederick Engels\n\nWhat a torch of reason ceased to burn.\n\nII\n\nText.',
    );
  });

  it('removes emphasis markers around words and leaves other asterisks and underscores alone', () => {
    expect(markdownToText('The *state* is **not** a ***neutral*** _arbiter_ __at all__.')).toBe(
      'The state is not a neutral arbiter at all.',
    );
    expect(markdownToText('2 * 3 * 4 and snake_case_name and a lone * star')).toBe(
      '2 * 3 * 4 and snake_case_name and a lone * star',
    );
  });

  it('keeps link text, drops images and reference definitions, and unescapes escaped characters', () => {
    const md =
      'See [Marx](https://www.marxists.org/archive/marx/) and [the Manifesto][1]. ![portrait](img/marx.jpg)\n\n' +
      '[1]: https://example.org/manifesto\n\nA literal \\*star\\* and \\[brackets\\].';
    expect(markdownToText(md)).toBe('See Marx and the Manifesto.\n\nA literal *star* and [brackets].');
  });

  it('strips blockquote markers, rules and fences but keeps the quoted and fenced text', () => {
    expect(markdownToText('> Quoted line\n> > nested\n\n***\n\n```\ncode line\n```')).toBe(
      'Quoted line\nnested\n\ncode line',
    );
  });

  it('keeps list markers, quotes and punctuation as written', () => {
    const md = '- first “point”;\n- second — point…\n1. numbered';
    expect(markdownToText(md)).toBe(md);
  });

  it('removes embedded HTML, scripts included', () => {
    expect(
      markdownToText('Text<sup>1</sup> here.<script>alert(1)</script>\n\nNext <!-- note --> para.'),
    ).toBe('Text1 here.\n\nNext  para.');
  });

  it.each([
    ['brackets', '['.repeat(5_000_000)],
    ['unclosed links', '[a]('.repeat(1_250_000)],
    ['stars', '*a'.repeat(2_500_000)],
    ['underscores', '_a '.repeat(1_700_000)],
    ['backticks', '`a'.repeat(2_500_000)],
    ['heading markers', `# ${'#'.repeat(5_000_000)}`],
  ])('reduces 5 MB of hostile %s without catastrophic backtracking', (_name, md) => {
    expect(elapsedMs(() => markdownToText(md))).toBeLessThan(BACKTRACKING_BOUND_MS);
  });
});
