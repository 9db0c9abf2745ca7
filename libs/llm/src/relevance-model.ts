import { z } from 'zod';

/**
 * What the relevance model reads of one candidate sentence, each in [0, 1]:
 * - `sentence`: share of the question's idf-weighted content words (stems) the sentence contains;
 * - `window`: the same over the sentence with its neighbours in the passage;
 * - `soft`: how well the sentence covers the question counting near-synonyms (GloVe) at reduced weight;
 * - `passage`: the same coverage over the whole passage;
 * - `title`: the share answered by the document's title and year alone;
 * - `rank`: 1 / (1 + the passage's retrieval rank among those read);
 * - `fused`: the passage's fused retrieval score over the best passage's;
 * - `document`: coverage over every passage read from the same document;
 * - `documentShare`: share of the passages read that come from that document;
 * - `rarest`: 1 when the sentence with its neighbours holds the question's most telling word (the one rarest among
 *   the passages read), else 0: a question whose key word the passages lack is seldom answered by them;
 * - `answerType`: 0 when the question asks for a kind of answer (who → a person, when → a time, where → a place,
 *   how many → a number) that the sentence does not hold, else 1: a sentence that shares the question's words but
 *   names nobody does not say who.
 */
export const RELEVANCE_FEATURES = [
  'sentence',
  'window',
  'soft',
  'passage',
  'title',
  'rank',
  'fused',
  'document',
  'documentShare',
  'rarest',
  'answerType',
] as const;
export type RelevanceFeature = (typeof RELEVANCE_FEATURES)[number];
export type RelevanceFeatures = Record<RelevanceFeature, number>;

const Weights = z.object(
  Object.fromEntries(RELEVANCE_FEATURES.map((f) => [f, z.number().finite()])) as Record<
    RelevanceFeature,
    z.ZodNumber
  >,
);

/** A logistic model: P(the sentence overlaps a passage that answers the question) = σ(intercept + Σ wᵢ·xᵢ). */
export const RelevanceModelSchema = z
  .object({ intercept: z.number().finite(), weights: Weights.strict() })
  .strict();
export type RelevanceModel = z.infer<typeof RelevanceModelSchema>;

/** The model's probability for one candidate, in (0, 1). */
export function relevanceProbability(model: RelevanceModel, features: RelevanceFeatures): number {
  let z = model.intercept;
  for (const f of RELEVANCE_FEATURES) z += model.weights[f] * features[f];
  return sigmoid(z);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface LabelledFeatures {
  features: RelevanceFeatures;
  label: boolean;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the intercept), per row. Default 0.01. */
  l2?: number;
  /** Newton steps; the log-likelihood is concave, so a handful converge. Default 25. */
  iterations?: number;
}

/**
 * Maximum-likelihood logistic regression with an L2 penalty, fitted by Newton's method (the design matrix is
 * small: a few thousand rows, ten columns). Deterministic: the same rows give the same model.
 */
export function fitRelevanceModel(
  rows: readonly LabelledFeatures[],
  options: FitOptions = {},
): RelevanceModel {
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 25;
  const d = RELEVANCE_FEATURES.length + 1;
  const x = rows.map((r) => [1, ...RELEVANCE_FEATURES.map((f) => r.features[f])]);
  const y = rows.map((r) => (r.label ? 1 : 0));
  const n = Math.max(1, rows.length);
  let beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    x.forEach((xi, i) => {
      const p = sigmoid(dot(beta, xi));
      const w = p * (1 - p);
      for (let a = 0; a < d; a++) {
        gradient[a] += ((y[i] - p) * xi[a]) / n;
        for (let b = 0; b < d; b++) hessian[a][b] += (w * xi[a] * xi[b]) / n;
      }
    });
    for (let a = 1; a < d; a++) {
      gradient[a] -= l2 * beta[a];
      hessian[a][a] += l2;
    }
    hessian[0][0] += 1e-9;
    const step = solve(hessian, gradient);
    beta = beta.map((b, a) => b + step[a]);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return {
    intercept: beta[0],
    weights: Object.fromEntries(RELEVANCE_FEATURES.map((f, k) => [f, beta[k + 1]])) as RelevanceFeatures,
  };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Solves `m · v = r` by Gaussian elimination with partial pivoting (m is symmetric positive definite here). */
function solve(m: number[][], r: number[]): number[] {
  const n = r.length;
  const a = m.map((row, i) => [...row, r[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) pivot = i;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col] || 1e-12;
    for (let i = col + 1; i < n; i++) {
      const f = a[i][col] / p;
      for (let j = col; j <= n; j++) a[i][j] -= f * a[col][j];
    }
  }
  const v = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * v[j];
    v[i] = s / (a[i][i] || 1e-12);
  }
  return v;
}
