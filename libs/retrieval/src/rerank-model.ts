import { fitNamedLogistic, logOdds, namedLogisticSchema } from '@parley/core';
import { contentTerms, splitSentences } from '@parley/text';
import { z } from 'zod';

/**
 * What the re-ranker reads of one candidate passage (the union of the hybrid's and plain BM25's top N), each about
 * [0, 1], computed from both legs and the question, nothing taken from any eval item:
 * - `hybridPosition`, `bm25Position`: 1 − ln(rank)/ln(N + 1) in that list (0: not in it);
 * - `hybridScore`: the fused score over the best fused score; `textScore`: the hybrid's text-leg score (already
 *   over its best); `bm25Score`: the plain BM25 score over the best (0 where a list lacks the passage);
 * - `cosine`, `cosinePosition`: the query–passage cosine min–max normalised over the candidates, and its rank
 *   among them as a position;
 * - `coverage`: the idf-weighted share of the question's stems (those the corpus holds) found in the passage text;
 * - `rare`: the share of the question's two rarest stems found there;
 * - `titleCoverage`: the same share over the passage's heading and title;
 * - `documentCoverage`: the share found in any candidate of the same document;
 * - `documentShare`: the share of the candidates that come from that document;
 * - `length`: ln(1 + tokens) / 7;
 * - `both`: 1 when both lists hold the passage;
 * - `phrase`: the share of the question's adjacent content-word pairs (stems, stop words dropped) that the passage
 *   also has side by side: a question that echoes the text's wording;
 * - `sentence`: the largest share of the question's distinct content stems that one sentence of the passage holds.
 */
export const RERANK_FEATURES = [
  'hybridPosition',
  'bm25Position',
  'hybridScore',
  'textScore',
  'bm25Score',
  'cosine',
  'cosinePosition',
  'coverage',
  'rare',
  'titleCoverage',
  'documentCoverage',
  'documentShare',
  'length',
  'both',
  'phrase',
  'sentence',
] as const;
export type RerankFeature = (typeof RERANK_FEATURES)[number];
export type RerankFeatures = Record<RerankFeature, number>;

/** A linear scoring model: score = intercept + Σ wᵢ·xᵢ (fitted as a logistic model of "the passage is gold"). */
export const RerankModelSchema = namedLogisticSchema(RERANK_FEATURES);
export type RerankModel = z.infer<typeof RerankModelSchema>;

/** One candidate passage as the two lists and the evidence query describe it. */
export interface RerankCandidate {
  chunkId: string;
  documentId: string;
  /** 1-based rank in the hybrid's list, or null. */
  hybridRank: number | null;
  hybridFused: number | null;
  textScore: number | null;
  bm25Rank: number | null;
  bm25Score: number | null;
  cosine: number | null;
  tokens: number;
  /** The question's stems the passage text holds. */
  textLexemes: string[];
  /** The question's stems its heading or title holds. */
  titleLexemes: string[];
  /** The passage text. */
  text: string;
}

/** A candidate before any evidence is read: in neither list yet, no scores, no stems, no tokens. */
export function bareCandidate(chunkId: string, documentId: string, text: string): RerankCandidate {
  return {
    chunkId,
    documentId,
    hybridRank: null,
    hybridFused: null,
    textScore: null,
    bm25Rank: null,
    bm25Score: null,
    cosine: null,
    tokens: 0,
    textLexemes: [],
    titleLexemes: [],
    text,
  };
}

/** A question stem with its idf and chunk count. */
export interface QuestionLexeme {
  lexeme: string;
  idf: number;
  df: number;
}

/** The features of every candidate, in the candidates' order; `depth` is N, the length of each list. */
export function rerankFeatures(
  question: string,
  lexemes: readonly QuestionLexeme[],
  candidates: readonly RerankCandidate[],
  depth: number,
): RerankFeatures[] {
  const asked = contentTerms(question);
  const askedSet = new Set(asked);
  const askedPairs = new Set(pairsOf(asked));
  const known = lexemes.filter((l) => l.df > 0);
  const idf = new Map(known.map((l) => [l.lexeme, l.idf]));
  const mass = known.reduce((a, l) => a + l.idf, 0);
  const rarest = new Set(
    [...known]
      .sort((a, b) => b.idf - a.idf || (a.lexeme < b.lexeme ? -1 : 1))
      .slice(0, 2)
      .map((l) => l.lexeme),
  );
  const share = (stems: Iterable<string>) => {
    if (mass <= 0) return 0;
    let s = 0;
    for (const l of new Set(stems)) s += idf.get(l) ?? 0;
    return s / mass;
  };
  const position = (rank: number | null) => (rank === null ? 0 : 1 - Math.log(rank) / Math.log(depth + 1));
  const maxOf = (xs: (number | null)[]) => Math.max(0, ...xs.filter((x): x is number => x !== null));
  const maxFused = maxOf(candidates.map((c) => c.hybridFused));
  const maxBm25 = maxOf(candidates.map((c) => c.bm25Score));
  const cosines = candidates.map((c) => c.cosine).filter((x): x is number => x !== null);
  const cosMin = cosines.length ? Math.min(...cosines) : 0;
  const cosMax = cosines.length ? Math.max(...cosines) : 0;
  const byCosine = [...cosines].sort((a, b) => b - a);
  const documentStems = new Map<string, Set<string>>();
  const documentCount = new Map<string, number>();
  for (const c of candidates) {
    const stems = documentStems.get(c.documentId) ?? new Set<string>();
    c.textLexemes.forEach((l) => stems.add(l));
    documentStems.set(c.documentId, stems);
    documentCount.set(c.documentId, (documentCount.get(c.documentId) ?? 0) + 1);
  }
  return candidates.map((c) => ({
    hybridPosition: position(c.hybridRank),
    bm25Position: position(c.bm25Rank),
    hybridScore: c.hybridFused !== null && maxFused > 0 ? c.hybridFused / maxFused : 0,
    textScore: c.textScore ?? 0,
    bm25Score: c.bm25Score !== null && maxBm25 > 0 ? c.bm25Score / maxBm25 : 0,
    cosine: c.cosine === null ? 0 : cosMax > cosMin ? (c.cosine - cosMin) / (cosMax - cosMin) : 1,
    cosinePosition: c.cosine === null ? 0 : position(byCosine.indexOf(c.cosine) + 1),
    coverage: share(c.textLexemes),
    rare: rarest.size === 0 ? 0 : c.textLexemes.filter((l) => rarest.has(l)).length / rarest.size,
    titleCoverage: share(c.titleLexemes),
    documentCoverage: share(documentStems.get(c.documentId) ?? []),
    documentShare: (documentCount.get(c.documentId) ?? 0) / Math.max(1, candidates.length),
    length: Math.log(1 + c.tokens) / 7,
    both: c.hybridRank !== null && c.bm25Rank !== null ? 1 : 0,
    phrase: phraseShare(askedPairs, c.text),
    sentence: sentenceShare(askedSet, c.text),
  }));
}

function pairsOf(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < terms.length; i++)
    if (terms[i - 1] !== terms[i]) pairs.push(`${terms[i - 1]} ${terms[i]}`);
  return pairs;
}

/** Share of the question's adjacent content-stem pairs the text has side by side (either order). */
function phraseShare(asked: ReadonlySet<string>, text: string): number {
  if (asked.size === 0) return 0;
  const terms = contentTerms(text);
  const found = new Set<string>();
  for (let i = 1; i < terms.length; i++) {
    const a = `${terms[i - 1]} ${terms[i]}`;
    const b = `${terms[i]} ${terms[i - 1]}`;
    if (asked.has(a)) found.add(a);
    if (asked.has(b)) found.add(b);
  }
  return found.size / asked.size;
}

/** The largest share of the question's distinct content stems found in one sentence of the text. */
function sentenceShare(asked: ReadonlySet<string>, text: string): number {
  if (asked.size === 0) return 0;
  let best = 0;
  for (const s of splitSentences(text)) {
    const terms = new Set(contentTerms(text.slice(s.start, s.end)));
    let n = 0;
    for (const t of asked) if (terms.has(t)) n++;
    best = Math.max(best, n / asked.size);
  }
  return best;
}

/** The model's score of one candidate (higher ranks first). */
export function rerankScore(model: RerankModel, features: RerankFeatures): number {
  return logOdds(model, RERANK_FEATURES, features);
}

/**
 * The candidates in the model's order, ties kept in their given order (the hybrid's first, then BM25's): the
 * indices into `candidates`.
 */
export function rerankOrder(model: RerankModel, features: readonly RerankFeatures[]): number[] {
  const scores = features.map((f) => rerankScore(model, f));
  return scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}

export interface LabelledCandidate {
  features: RerankFeatures;
  label: boolean;
}

/**
 * L2-regularised logistic regression (Newton's method; the penalty, per row, is on the weights, not the intercept)
 * of "this candidate overlaps a gold passage". Deterministic: the same rows give the same model.
 */
export function fitRerankModel(
  rows: readonly LabelledCandidate[],
  options: { l2?: number; iterations?: number } = {},
): RerankModel {
  return fitNamedLogistic(RERANK_FEATURES, rows, {
    l2: options.l2 ?? 0.01,
    iterations: options.iterations ?? 30,
  });
}
