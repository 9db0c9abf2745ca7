import fc from 'fast-check';
import { contentTerms, isFramingSentence, overlapShare } from './content-terms';
import { stem } from './stemmer';
import { countWords, words } from './words';

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
