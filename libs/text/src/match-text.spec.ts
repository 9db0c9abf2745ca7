import { normaliseForMatch, phraseIndex, wordForms, wordsOf } from './match-text';
import { foldDiacritics } from './diacritics';

describe('normaliseForMatch', () => {
  it('makes dashes, spaces, case, possessives and accents meet', () => {
    const forms = ['Molotov–Ribbentrop', 'molotov-ribbentrop', 'Molotov Ribbentrop', 'Molotov’s  Ribbentrop'];
    for (const f of forms) expect(normaliseForMatch(f)).toBe(' molotov ribbentrop ');
    expect(normaliseForMatch('Café in Straße')).toBe(' cafe in strasse ');
  });

  it('collapses dotted abbreviations into one word and pads an empty text to one space', () => {
    expect(wordsOf(normaliseForMatch('The U.S.S.R. and the U.N.'))).toEqual([
      'the',
      'ussr',
      'and',
      'the',
      'un',
    ]);
    expect(normaliseForMatch('…!')).toBe(' ');
    expect(wordsOf(' ')).toEqual([]);
  });

  it('finds a phrase as whole words, allowing a plural', () => {
    const norm = normaliseForMatch('The soviets of workers met.');
    expect(phraseIndex(norm, 'soviet')).toBeGreaterThanOrEqual(0);
    expect(phraseIndex(norm, 'work')).toBe(-1);
  });

  it('offers the base forms of an inflected word', () => {
    expect(wordForms('parties')).toContain('party');
    expect(wordForms('planned')).toContain('plann');
    expect(wordForms('organising')).toContain('organise');
  });
});

describe('foldDiacritics', () => {
  it('removes accents and spells undecomposable Latin letters in ASCII, keeping case', () => {
    expect(foldDiacritics('Œuvre naïve ﬁnal Łódź Ø')).toBe('OEuvre naive final Lodz O');
  });

  it('returns ASCII text unchanged', () => {
    expect(foldDiacritics('Plain text, 1917.')).toBe('Plain text, 1917.');
  });
});
