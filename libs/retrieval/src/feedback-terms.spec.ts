import { feedbackTerms, type FeedbackLexeme } from './feedback-terms';

/** A chunk of `tokens` words holding each lexeme of `counts` that many times; corpus chunk counts from `df`. */
function chunk(
  chunkId: string,
  tokens: number,
  counts: Record<string, number>,
  df: Record<string, number>,
  asked: string[] = [],
): FeedbackLexeme[] {
  return Object.entries(counts).map(([lexeme, n]) => ({
    chunkId,
    lexeme,
    n,
    tokens,
    df: df[lexeme],
    asked: asked.includes(lexeme),
  }));
}

const options = { corpusChunks: 1000, terms: 10, weight: 0.5, maxDfShare: 0.1 };

describe('RM3 feedback terms', () => {
  const df = { harbour: 12, ship: 40, cargo: 15, tide: 30, wharf: 1, thing: 400 };

  it('leaves out the words asked, words held by a single chunk and words too common to tell passages apart', () => {
    const rows = chunk('1', 50, { harbour: 3, ship: 2, wharf: 4, thing: 5 }, df, ['harbour']);
    const terms = feedbackTerms(rows, { ...options, scores: new Map([['1', 1]]) });
    expect(terms.map((t) => t.lexeme)).toEqual(['ship']);
  });

  it("weighs a word by its share of each chunk's words times that chunk's share of the first-pass scores", () => {
    // cargo: 0.9 · 2/40 = 0.045 in the strong chunk; tide: 0.1 · 4/40 = 0.01 in the weak one.
    const rows = [...chunk('1', 40, { cargo: 2 }, df), ...chunk('2', 40, { tide: 4 }, df)];
    const terms = feedbackTerms(rows, {
      ...options,
      scores: new Map([
        ['1', 0.9],
        ['2', 0.1],
      ]),
    });
    expect(terms.map((t) => t.lexeme)).toEqual(['cargo', 'tide']);
    expect(terms[0].weight).toBeCloseTo(0.5);
    expect(terms[1].weight).toBeCloseTo(0.5 * (0.01 / 0.045));
  });

  it('prefers the rarer of two words the feedback chunks use equally often', () => {
    const rows = chunk('1', 20, { ship: 1, cargo: 1 }, df);
    const terms = feedbackTerms(rows, { ...options, scores: new Map([['1', 1]]) });
    expect(terms.map((t) => t.lexeme)).toEqual(['cargo', 'ship']);
    // Equal relevance-model weights: both get the full weight, the search's own idf tells them apart.
    expect(terms.map((t) => t.weight)).toEqual([0.5, 0.5]);
  });

  it('sums a word over the chunks that hold it, and gives every chunk an equal share when the scores are all 0', () => {
    const rows = [
      ...chunk('1', 10, { tide: 1, cargo: 1 }, df),
      ...chunk('2', 10, { tide: 1 }, df),
      ...chunk('3', 10, { ship: 1 }, df),
    ];
    const scores = new Map([
      ['1', 0],
      ['2', 0],
      ['3', 0],
    ]);
    const terms = feedbackTerms(rows, { ...options, scores });
    expect(terms[0]).toEqual({ lexeme: 'tide', weight: 0.5 });
    expect(terms.map((t) => t.lexeme).sort()).toEqual(['cargo', 'ship', 'tide']);
  });

  it('returns at most the number of terms asked for, and none at weight 0 or for chunks without a score', () => {
    const rows = chunk('1', 30, { ship: 1, cargo: 2, tide: 3 }, df);
    const scores = new Map([['1', 1]]);
    expect(feedbackTerms(rows, { ...options, scores, terms: 2 })).toHaveLength(2);
    expect(feedbackTerms(rows, { ...options, scores, weight: 0 })).toEqual([]);
    expect(feedbackTerms(rows, { ...options, scores: new Map([['9', 1]]) })).toEqual([]);
  });
});
