import { phraseAt, phraseWithin } from './phrase-match';

describe('phrase matching', () => {
  const words = ['i', 'will', 'blow', 'up', 'the', 'school'];

  it('finds the first listed phrase that starts at a word, and its length', () => {
    expect(phraseAt(words, 2, [['blow', 'up'], ['blow']])).toBe(2);
    expect(phraseAt(words, 2, [['blow'], ['blow', 'up']])).toBe(1);
    expect(phraseAt(words, 3, [['blow', 'up']])).toBe(0);
  });

  it('looks only within the span, and never before the first word', () => {
    expect(phraseWithin(words, 4, 2, [['school']])).toBe(true);
    expect(phraseWithin(words, 0, 3, [['school']])).toBe(false);
    expect(phraseWithin(words, -3, 4, [['i', 'will']])).toBe(true);
  });

  it('never matches an empty phrase', () => {
    expect(phraseAt(words, 0, [[]])).toBe(0);
  });
});
