import { vocabularyTokens as tokenize } from './vocabulary-tokens';

describe('vocabularyTokens', () => {
  it('lower-cases and drops punctuation', () => {
    expect(tokenize('The Party, comrades!  (Not the State.) — “Yes” … ?!')).toEqual([
      'the',
      'party',
      'comrades',
      'not',
      'the',
      'state',
      'yes',
    ]);
  });

  it('drops possessives, with straight or curly apostrophes', () => {
    expect(tokenize("Lenin's testament")).toEqual(['lenin', 'testament']);
    expect(tokenize('Lenin’s testament and the workers’ state')).toEqual([
      'lenin',
      'testament',
      'and',
      'the',
      'workers',
      'state',
    ]);
  });

  it('expands clitics into the words they stand for', () => {
    expect(tokenize('We don’t know; they can’t; I’m sure we’ll win')).toEqual([
      'we',
      'do',
      'not',
      'know',
      'they',
      'can',
      'not',
      'i',
      'am',
      'sure',
      'we',
      'will',
      'win',
    ]);
  });

  it('keeps hyphenated words whole, including Unicode hyphens, and ignores soft hyphens', () => {
    expect(tokenize('A well‐known anti-imperialist revo\u00ADlution')).toEqual([
      'a',
      'well-known',
      'anti-imperialist',
      'revolution',
    ]);
  });

  it('treats dashes between words as separators', () => {
    expect(tokenize('peace—bread–land -- now')).toEqual(['peace', 'bread', 'land', 'now']);
  });

  it('keeps numbers as tokens', () => {
    expect(tokenize('In 1917, 3.5 million; the 1920s')).toEqual([
      'in',
      '1917',
      '3',
      '5',
      'million',
      'the',
      '1920s',
    ]);
  });

  it('folds diacritics and ligatures to the ASCII spelling the vocabulary uses', () => {
    expect(tokenize('Café naïve Straße ﬁnal Œuvre')).toEqual(['cafe', 'naive', 'strasse', 'final', 'oeuvre']);
  });

  it('returns nothing for text without words', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' ... — !!! “” ')).toEqual([]);
  });
});
