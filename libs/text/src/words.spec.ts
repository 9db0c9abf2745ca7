import fc from 'fast-check';
import { contentTerms, isFramingSentence, overlapShare } from './content-terms';
import { stem } from './stemmer';
import { countWords, spaceSeparated, wordSpans, words } from './words';

describe('words, stems and content terms', () => {
  it('gives inflected and derived forms one stem', () => {
    const same = (...forms: string[]) => expect(new Set(forms.map(stem)).size).toBe(1);
    same('bureaucracy', 'bureaucratic', 'bureaucrats');
    same('revolution', 'revolutions', 'revolutionary');
    same('organisation', 'organization', 'organised');
    same('parties', 'party');
    same('planned', 'plan', 'plans', 'planning');
    same('economy', 'economic');
  });

  it('keeps apart words that only share a short prefix', () => {
    expect(stem('internet')).not.toBe(stem('international'));
    expect(stem('falling')).toBe(stem('fall'));
  });

  it('drops function words and question framing, keeping the subject', () => {
    expect(contentTerms('What do you think about the peasants?')).toEqual([stem('peasants')]);
  });

  it('reads possessives and curly apostrophes as the bare word', () => {
    expect(words("Lenin’s and Marx's views")).toEqual(['lenin', 'and', 'marx', 'views']);
  });

  it('counts whitespace-separated words', () => {
    expect(countWords(' Peace,  land and\nbread! ')).toBe(4);
  });

  it('gives every word one stem that is a prefix-like reduction, never longer than seven letters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,20}$/), (w) => {
        expect(stem(w).length).toBeLessThanOrEqual(7);
        expect(stem(stem(w)).length).toBeLessThanOrEqual(stem(w).length);
      }),
    );
  });

  it("measures the share of a sentence's terms found in a source", () => {
    expect(overlapShare(new Set(['a', 'b']), new Set(['b', 'c']))).toBe(0.5);
    expect(overlapShare(new Set(), new Set(['b']))).toBe(0);
  });

  it('takes a short sentence of framing vocabulary for framing, and one with a subject for a claim', () => {
    expect(isFramingSentence('Let me answer with my own words.')).toBe(true);
    expect(isFramingSentence('The peasants took the land.')).toBe(false);
    expect(isFramingSentence('Lenin answers.', ['Lenin'])).toBe(false);
    expect(isFramingSentence('Lenin said so.', ['Lenin'])).toBe(true);
  });
});

describe('wordSpans on any input', () => {
  it('gives ordered spans whose keys are the text at their offsets, and leaves no letter or digit outside them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
        let at = 0;
        for (const w of wordSpans(text)) {
          expect(w.start).toBeGreaterThanOrEqual(at);
          expect(w.end).toBeGreaterThan(w.start);
          expect(w.key).toBe(text.slice(w.start, w.end).toLowerCase().replace(/’/g, "'"));
          expect(text.slice(at, w.start)).not.toMatch(/[\p{L}\p{N}]/u);
          at = w.end;
        }
        expect(text.slice(at)).not.toMatch(/[\p{L}\p{N}]/u);
      }),
    );
  });

  it('gives `words` one word per span, without apostrophes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const found = words(text);
        expect(found).toHaveLength(wordSpans(text).length);
        for (const w of found) expect(w).not.toMatch(/['’]/);
      }),
    );
  });

  it('keeps inner apostrophes in a span and reads a curly one as straight', () => {
    expect(wordSpans('“Don’t,” said O’Brien.')).toEqual([
      { key: "don't", start: 1, end: 6 },
      { key: 'said', start: 9, end: 13 },
      { key: "o'brien", start: 14, end: 21 },
    ]);
  });
});

describe('spaceSeparated', () => {
  it('gives the runs of non-space characters, as many as countWords counts', () => {
    expect(spaceSeparated('  Peace,  land and\nbread! ')).toEqual(['Peace,', 'land', 'and', 'bread!']);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expect(spaceSeparated(text)).toHaveLength(countWords(text));
      }),
    );
  });
});
