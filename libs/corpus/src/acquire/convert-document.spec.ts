import { applyPartRule, paragraphMarker, PartRuleError } from './convert-document';

// Paragraphs in our own words.
const TEXT = [
  'A title page',
  'The first paragraph  of the document\nruns over two lines.',
  'An editor’s note that is not the author’s.',
  'The second paragraph of the document.',
  'Notes',
  'A note at the end.',
].join('\n\n');

describe('part rules named by paragraph fingerprints', () => {
  it('keeps the range between two markers and drops a marked paragraph, whitespace-insensitively', () => {
    const rule = {
      from: paragraphMarker('The first paragraph of the document'),
      until: paragraphMarker('Notes'),
      drop: [{ from: paragraphMarker('An editor’s note') }],
    };
    expect(applyPartRule(TEXT, rule)).toBe(
      'The first paragraph  of the document\nruns over two lines.\n\nThe second paragraph of the document.',
    );
  });

  it('stores a length and a 16-digit hash, never the words', () => {
    const marker = paragraphMarker('The second paragraph of the document.');
    expect(marker).toEqual({ chars: 37, sha256: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(JSON.stringify(marker)).not.toMatch(/paragraph|document/);
  });

  it('covers whole words up to 40 characters of a long opening unless told how many', () => {
    const long = 'Every word of this opening sentence is longer than the forty characters a marker covers.';
    expect(paragraphMarker(long).chars).toBe('Every word of this opening sentence is'.length);
    expect(paragraphMarker(long, 5)).toEqual(paragraphMarker('Every'));
  });

  it('matches a paragraph by the length the marker covers: a shorter paragraph with the same opening is not it', () => {
    const text = ['Notes', 'Notes on the text, by the author.', 'Body.'].join('\n\n');
    expect(applyPartRule(text, { from: paragraphMarker('Notes on the text') })).toBe(
      'Notes on the text, by the author.\n\nBody.',
    );
    expect(applyPartRule(text, { from: paragraphMarker('Notes') })).toBe(text);
  });

  it('fails on a marker that matches no paragraph, naming the fingerprint', () => {
    const rule = { from: paragraphMarker('Nothing like this is in the text') };
    expect(() => applyPartRule(TEXT, rule)).toThrow(PartRuleError);
    expect(() => applyPartRule(TEXT, rule)).toThrow(
      /from marker sha256:[0-9a-f]{16} \(first 32 characters\) not found/,
    );
  });

  it('refuses a marker longer than the paragraph or than 200 characters', () => {
    expect(() => paragraphMarker('short', 6)).toThrow(PartRuleError);
    expect(() => paragraphMarker('x'.repeat(300), 201)).toThrow(PartRuleError);
  });
});
