import { moderationSentences, moderationWords, normaliseForModeration } from './moderation-text';

describe('the one reading of text for moderation', () => {
  it('undoes letter substitutions and accents before matching', () => {
    expect(normaliseForModeration('Ŝh1t  $tuff')).toBe('shit stuff');
  });

  it('joins spelled-out letters and squeezes stretched ones', () => {
    expect(normaliseForModeration('k.i.l.l the lamp, ki.ll it, sooooo')).toBe('kill the lamp, kill it, soo');
  });

  it('keeps digits that are not inside words', () => {
    expect(normaliseForModeration('In 1917, 3 parties')).toBe('in 1917, 3 parties');
  });

  it('splits sentences after their closing marks and at line breaks, keeping the marks', () => {
    expect(moderationSentences('first one. second one?\nthird; fourth!')).toEqual([
      'first one.',
      'second one?',
      'third;',
      'fourth!',
    ]);
  });

  it('reads words with inner apostrophes, splits at hyphens, and keeps commas only when asked', () => {
    expect(moderationWords("comrade, i'll self-harm 'em")).toEqual([
      'comrade',
      "i'll",
      'self',
      'harm',
      "'em",
    ]);
    expect(moderationWords('comrade chairman, write', { commas: true })).toEqual([
      'comrade',
      'chairman',
      ',',
      'write',
    ]);
  });

  it('reads a lexicon entry as it reads text, so a hyphenated entry matches either spelling', () => {
    const entry = moderationWords(normaliseForModeration('anti-semitic'));
    expect(moderationWords(normaliseForModeration('Anti semitic'))).toEqual(entry);
    expect(moderationWords(normaliseForModeration('ANTI-SEMITIC'))).toEqual(entry);
  });
});
