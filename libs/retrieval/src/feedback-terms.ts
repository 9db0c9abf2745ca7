/** One lexeme of one feedback chunk's own words (weight A of its tsvector), with the corpus figures RM3 needs. */
export interface FeedbackLexeme {
  chunkId: string;
  lexeme: string;
  /** Occurrences of the lexeme in the chunk. */
  n: number;
  /** The chunk's length in tokens. */
  tokens: number;
  /** Chunks of the whole corpus holding the lexeme. */
  df: number;
  /** True when the lexeme is one of the question's own. */
  asked: boolean;
}

export interface FeedbackOptions {
  /** Each feedback chunk's first-pass score (higher is better); chunks absent here are ignored. */
  scores: Map<string, number>;
  /** Chunks in the corpus. */
  corpusChunks: number;
  /** Lexemes to add, at most. */
  terms: number;
  /** Weight of the best lexeme; the others get it times their share of the best one's relevance-model weight. */
  weight: number;
  /** A lexeme in more than this share of the corpus's chunks is never added. */
  maxDfShare: number;
}

export interface FeedbackTerm {
  lexeme: string;
  weight: number;
}

/** The BM25 idf the search uses (Robertson–Spärck Jones, +1 inside the log to stay positive). */
function idf(df: number, chunks: number): number {
  return Math.log(1 + (chunks - df + 0.5) / (df + 0.5));
}

/**
 * RM3's expansion terms. The relevance model weighs each lexeme w of the feedback chunks D by
 * Σ_D P(D) · n(w, D) / |D|, P(D) the chunk's first-pass score over the scores' sum (equal shares when they sum to 0).
 * Lexemes are chosen by that weight times their idf, so that the words any passage uses do not crowd out the ones that
 * say what these passages are about; the question's own lexemes, lexemes held by one chunk of the corpus only (they
 * could lift no other passage) and those above the df ceiling are left out, as are tokens without a letter or digit.
 * The best `terms` lexemes come back, best first (ties by lexeme), each weighted `weight` × its relevance-model weight
 * over the best chosen one's: the search multiplies a term's weight by its idf again, as for the question's words.
 */
export function feedbackTerms(rows: FeedbackLexeme[], options: FeedbackOptions): FeedbackTerm[] {
  if (options.terms <= 0 || options.weight <= 0) return [];
  const chunkIds = [...new Set(rows.map((r) => r.chunkId))].filter((id) => options.scores.has(id));
  if (chunkIds.length === 0) return [];
  const total = chunkIds.reduce((sum, id) => sum + Math.max(0, options.scores.get(id) as number), 0);
  const share = (id: string) =>
    total > 0 ? Math.max(0, options.scores.get(id) as number) / total : 1 / chunkIds.length;
  const model = new Map<string, { p: number; df: number }>();
  for (const r of rows) {
    if (!options.scores.has(r.chunkId) || r.asked || r.tokens <= 0 || !/[\p{L}\p{N}]/u.test(r.lexeme))
      continue;
    if (r.df < 2 || r.df > options.maxDfShare * options.corpusChunks) continue;
    const entry = model.get(r.lexeme) ?? { p: 0, df: r.df };
    entry.p += (share(r.chunkId) * r.n) / r.tokens;
    model.set(r.lexeme, entry);
  }
  const chosen = [...model.entries()]
    .map(([lexeme, e]) => ({ lexeme, p: e.p, key: e.p * idf(e.df, options.corpusChunks) }))
    .filter((t) => t.p > 0)
    .sort((a, b) => b.key - a.key || (a.lexeme < b.lexeme ? -1 : 1))
    .slice(0, options.terms);
  const best = Math.max(0, ...chosen.map((t) => t.p));
  return chosen.map((t) => ({ lexeme: t.lexeme, weight: (options.weight * t.p) / best }));
}
