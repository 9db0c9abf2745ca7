import fc from 'fast-check';
import { BACKTRACKING_BOUND_MS, elapsedMs } from './testing/hostile-input';
import { normaliseText } from './text-normaliser';

const withoutWhitespace = (s: string): string => s.replace(/\s/g, '');

// Text made of the pieces that matter here: words, typographic punctuation, every kind of line end and space.
const messyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Lenin',
        'state',
        '“quoted”',
        '‘single’',
        '"straight"',
        "it's",
        '—',
        '–',
        '…',
        '. . .',
        'ﬁne',
      ),
      fc.constantFrom('\r\n', '\r', '\n', '\n\n\n\n', ' ', '\t', '  \t ', '\u00a0', '\ufeff', 'e\u0301', 'é'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('normaliseText', () => {
  it('changes whitespace and character encoding only, never words, punctuation or quotes', () => {
    fc.assert(
      fc.property(messyText, (raw) => {
        const expected = withoutWhitespace(raw.replace(/^\ufeff/, '').normalize('NFC'));
        expect(withoutWhitespace(normaliseText(raw))).toBe(expected);
      }),
    );
  });

  it('produces LF lines with no trailing space, at most one blank line in a row, and trimmed ends', () => {
    fc.assert(
      fc.property(messyText, (raw) => {
        const text = normaliseText(raw);
        expect(text).not.toMatch(/\r/);
        expect(text).not.toMatch(/\n\n\n/);
        expect(text.split('\n').every((line) => line === line.trimEnd())).toBe(true);
        expect(text).toBe(text.trim());
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(messyText, (raw) => expect(normaliseText(normaliseText(raw))).toBe(normaliseText(raw))),
    );
  });

  it('strips the BOM, unifies line ends and composes accents', () => {
    expect(normaliseText('\ufeffA\r\nB\rC\n')).toBe('A\nB\nC');
    expect(normaliseText('Pe\u0301tain')).toBe('Pétain');
  });

  it('collapses runs of blank lines to one and keeps single line breaks inside a paragraph', () => {
    expect(normaliseText('  One  \n two\n\n\n\n\nThree\t\n')).toBe('One\n two\n\nThree');
  });

  it('keeps quotes, dashes, ellipses, ligatures and misprints exactly as found', () => {
    const text = '“Left-Wing” Communism — an “infantile” disorder… plat. form, ofthe, ﬁnance, the“Marxist”';
    expect(normaliseText(text)).toBe(text);
  });

  it('handles a very long line of spaces without catastrophic backtracking', () => {
    const line = `${' '.repeat(2_000_000)}x${' '.repeat(2_000_000)}\n`;
    let out = '';
    expect(elapsedMs(() => (out = normaliseText(line)))).toBeLessThan(BACKTRACKING_BOUND_MS);
    expect(out).toBe('x');
  });
});
