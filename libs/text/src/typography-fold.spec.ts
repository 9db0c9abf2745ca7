import fc from 'fast-check';
import { findVerbatim } from './quote-match';
import { foldTypography } from './typography-fold';

describe('foldTypography', () => {
  it('folds quote marks, dashes, ellipses and runs of whitespace, and nothing else', () => {
    expect(foldTypography('“It’s”  —\n… Done.').text).toBe(`"It's" - ... Done.`);
    expect(foldTypography('Case, Punctuation!').text).toBe('Case, Punctuation!');
  });

  it('maps every folded character back to an ordered range of the source, on any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        const folded = foldTypography(text);
        expect(folded.starts).toHaveLength(folded.text.length);
        expect(folded.ends).toHaveLength(folded.text.length);
        for (let i = 0; i < folded.text.length; i++) {
          expect(folded.starts[i]).toBeLessThan(folded.ends[i]);
          expect(folded.ends[i]).toBeLessThanOrEqual(text.length);
          if (i > 0) expect(folded.starts[i]).toBeGreaterThanOrEqual(folded.starts[i - 1]);
        }
      }),
    );
  });

  it('lets findVerbatim find any stretch of the source that holds a letter, at offsets whose text folds the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.nat(), fc.nat(), (text, a, b) => {
        const from = Math.min(a, b) % (text.length + 1);
        const to = from + (Math.max(a, b) % (text.length - from + 1));
        const quote = text.slice(from, to).trim();
        if (!/[\p{L}\p{N}]/u.test(quote) || /[.…,;:!?'"‘’“”«»]/u.test(quote)) return;
        const range = findVerbatim(foldTypography(text), quote);
        expect(range).not.toBeNull();
        const found = text.slice(range!.start, range!.end);
        expect(foldTypography(found).text.trim()).toBe(foldTypography(quote).text.trim());
      }),
    );
  });
});
