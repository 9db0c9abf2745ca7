import {
  bareCandidate,
  fitRerankModel,
  RERANK_FEATURES,
  rerankFeatures,
  rerankOrder,
  type RerankCandidate,
  type RerankModel,
} from './rerank-model';

function candidate(over: Partial<RerankCandidate>): RerankCandidate {
  return { ...bareCandidate('1', 'a', ''), tokens: 100, ...over };
}

const QUESTION = 'How did the lighthouse keepers ration lamp oil?';

// An invented question: "how did the lighthouse keepers ration lamp oil?" → stems with made-up idfs.
const lexemes = [
  { lexeme: 'lighthous', idf: 6, df: 3 },
  { lexeme: 'keeper', idf: 4, df: 20 },
  { lexeme: 'ration', idf: 3, df: 50 },
  { lexeme: 'oil', idf: 2, df: 90 },
  { lexeme: 'zzzunseen', idf: 9, df: 0 },
];

describe('rerankFeatures', () => {
  const candidates = [
    candidate({
      chunkId: '1',
      documentId: 'a',
      hybridRank: 1,
      hybridFused: 2,
      textScore: 1,
      cosine: 0.8,
      textLexemes: ['lighthous', 'keeper'],
      titleLexemes: ['oil'],
    }),
    candidate({
      chunkId: '2',
      documentId: 'a',
      hybridRank: 2,
      hybridFused: 1,
      textScore: 0.5,
      bm25Rank: 1,
      bm25Score: 10,
      cosine: 0.6,
      textLexemes: ['ration', 'oil'],
    }),
    candidate({ chunkId: '3', documentId: 'b', bm25Rank: 2, bm25Score: 5, cosine: 0.4, tokens: 20 }),
  ];
  const f = rerankFeatures(QUESTION, lexemes, candidates, 50);

  it('weighs coverage by idf over the stems the corpus holds, ignoring unseen ones', () => {
    expect(f[0].coverage).toBeCloseTo(10 / 15);
    expect(f[1].coverage).toBeCloseTo(5 / 15);
    expect(f[2].coverage).toBe(0);
    expect(f[0].titleCoverage).toBeCloseTo(2 / 15);
  });

  it('counts the two rarest known stems', () => {
    expect(f[0].rare).toBe(1);
    expect(f[1].rare).toBe(0);
  });

  it('pools the stems of a document and its share of the candidates', () => {
    expect(f[0].documentCoverage).toBeCloseTo(1);
    expect(f[1].documentCoverage).toBeCloseTo(1);
    expect(f[2].documentCoverage).toBe(0);
    expect(f[0].documentShare).toBeCloseTo(2 / 3);
  });

  it('gives list positions, 1 at the top and 0 when absent, and normalised scores', () => {
    expect(f[0].hybridPosition).toBe(1);
    expect(f[0].bm25Position).toBe(0);
    expect(f[2].bm25Position).toBeCloseTo(1 - Math.log(2) / Math.log(51));
    expect(f[1].hybridScore).toBeCloseTo(0.5);
    expect(f[2].bm25Score).toBeCloseTo(0.5);
    expect(f[1].both).toBe(1);
    expect(f[0].both).toBe(0);
  });

  it('min–max normalises the cosine over the candidates and ranks it', () => {
    expect(f[0].cosine).toBe(1);
    expect(f[1].cosine).toBeCloseTo(0.5);
    expect(f[2].cosine).toBe(0);
    expect(f[0].cosinePosition).toBe(1);
    expect(f[2].length).toBeLessThan(f[0].length);
  });

  it('gives every feature a finite value when the question has no known stem', () => {
    const none = rerankFeatures('', [], [candidate({})], 50)[0];
    for (const name of RERANK_FEATURES) expect(Number.isFinite(none[name])).toBe(true);
  });
});

describe('the wording features', () => {
  const texts = [
    'The keepers rationed the lamp oil through the winter. Nobody came.',
    'Oil ran short and the lamp burned low. Keepers slept.',
    'Fishermen mended nets.',
  ];
  const f = rerankFeatures(
    QUESTION,
    lexemes,
    texts.map((text, i) => candidate({ chunkId: String(i), text })),
    50,
  );

  it("finds the question's adjacent word pairs side by side in the passage", () => {
    expect(f[0].phrase).toBeCloseTo(3 / 4);
    expect(f[1].phrase).toBe(0);
    expect(f[2].phrase).toBe(0);
  });

  it("takes the best single sentence's share of the question's stems", () => {
    expect(f[0].sentence).toBeCloseTo(4 / 5);
    expect(f[1].sentence).toBeCloseTo(2 / 5);
    expect(f[2].sentence).toBe(0);
  });
});

describe('fitRerankModel and rerankOrder', () => {
  it('learns that coverage marks the relevant candidate and puts it first', () => {
    const rows = [];
    for (let q = 0; q < 40; q++)
      for (let j = 0; j < 10; j++) {
        const relevant = j === q % 10;
        const features = Object.fromEntries(RERANK_FEATURES.map((n) => [n, 0])) as Record<string, number>;
        features.coverage = relevant ? 0.9 : ((j * 7 + q) % 10) / 20;
        features.hybridPosition = 1 - j / 10;
        rows.push({ features: features as never, label: relevant });
      }
    const model = fitRerankModel(rows, { l2: 0.01 });
    expect(model.weights.coverage).toBeGreaterThan(0);
    const question = rows.slice(30, 40).map((r) => r.features);
    expect(rerankOrder(model, question)[0]).toBe(3);
  });

  it('keeps the given order on ties', () => {
    const zero = {
      intercept: 0,
      weights: Object.fromEntries(RERANK_FEATURES.map((n) => [n, 0])),
    } as RerankModel;
    const f = rerankFeatures(QUESTION, lexemes, [candidate({}), candidate({ chunkId: '2' })], 50);
    expect(rerankOrder(zero, f)).toEqual([0, 1]);
  });
});
