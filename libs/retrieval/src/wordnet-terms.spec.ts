import { wordNetSearchTerms, type TermLexeme } from './wordnet-terms';

// Lexemes as Postgres would stem them, with made-up chunk counts.
const LEXEMES = new Map<string, TermLexeme>([
  ['kettle', { lexeme: 'kettl', df: 12 }],
  ['boiling', { lexeme: 'boil', df: 30 }],
  ['teapot', { lexeme: 'teapot', df: 4 }],
  ['boiler', { lexeme: 'boiler', df: 2 }],
  ['cauldron', { lexeme: 'cauldron', df: 0 }],
  ['boil', { lexeme: 'boil', df: 30 }],
  ['pot', { lexeme: 'pot', df: 25 }],
  ['simmer', { lexeme: 'simmer', df: 3 }],
  ['seethe', { lexeme: 'seeth', df: 1 }],
]);

const RELATED = new Map([
  [
    'kettle',
    [
      { lemma: 'cauldron', weight: 0.8 },
      { lemma: 'teapot', weight: 0.6 },
      { lemma: 'pot', weight: 0.3 },
      { lemma: 'boiler', weight: 0.2 },
    ],
  ],
  [
    'boiling',
    [
      { lemma: 'boil', weight: 0.9 },
      { lemma: 'simmer', weight: 0.5 },
      { lemma: 'seethe', weight: 0.4 },
      { lemma: 'pot', weight: 0.1 },
      { lemma: 'against', weight: 0.1 },
    ],
  ],
]);

describe('WordNet expansion terms', () => {
  it('adds the heaviest words the corpus holds, up to the cap per question word, weighted and not asked', () => {
    const terms = wordNetSearchTerms(['kettle', 'boiling'], RELATED, LEXEMES, { weight: 0.5, perWord: 2 });
    expect(terms).toEqual([
      { term: 'teapot', weight: 0.3, asked: false, embeddable: true },
      { term: 'pot', weight: 0.15, asked: false, embeddable: true },
      { term: 'simmer', weight: 0.25, asked: false, embeddable: true },
      { term: 'seethe', weight: 0.2, asked: false, embeddable: true },
    ]);
  });

  it("never adds a word absent from the corpus, a stop word, or one stemming like the question's own", () => {
    const terms = wordNetSearchTerms(['kettle', 'boiling'], RELATED, LEXEMES, { weight: 1, perWord: 10 });
    const words = terms.map((t) => t.term);
    expect(words).not.toContain('cauldron');
    expect(words).not.toContain('boil');
    expect(words).not.toContain('against');
    expect(words).toEqual(['teapot', 'pot', 'boiler', 'simmer', 'seethe']);
  });

  it('keeps the heaviest weight of a word proposed for two question words', () => {
    const terms = wordNetSearchTerms(['boiling', 'kettle'], RELATED, LEXEMES, { weight: 1, perWord: 10 });
    expect(terms.find((t) => t.term === 'pot')?.weight).toBe(0.3);
  });

  it('expands only question words the corpus holds rarely enough, when a largest share is given', () => {
    const shares = new Map(LEXEMES);
    shares.set('kettle', { lexeme: 'kettl', df: 12, share: 0.006 });
    shares.set('boiling', { lexeme: 'boil', df: 30, share: 0.015 });
    const rare = wordNetSearchTerms(['kettle', 'boiling'], RELATED, shares, {
      weight: 1,
      perWord: 1,
      maxShare: 0.01,
    });
    expect(rare.map((t) => t.term)).toEqual(['teapot']);
    const absent = wordNetSearchTerms(['kettle', 'boiling'], RELATED, shares, {
      weight: 1,
      perWord: 1,
      maxShare: 0,
    });
    expect(absent).toEqual([]);
  });

  it('adds nothing at weight 0 or with no terms allowed', () => {
    expect(wordNetSearchTerms(['kettle'], RELATED, LEXEMES, { weight: 0, perWord: 3 })).toEqual([]);
    expect(wordNetSearchTerms(['kettle'], RELATED, LEXEMES, { weight: 1, perWord: 0 })).toEqual([]);
  });
});
