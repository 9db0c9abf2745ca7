import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { WordVectors } from './word-vectors';

/** Default SIF smoothing `a` (Arora et al. 2017 found 1e-3 to 1e-4 work well). */
export const DEFAULT_SIF_A = 1e-3;
const STATE_VERSION = 1;
const POWER_ITERATIONS = 1000;
const CONVERGED = 1e-12;

/** Fitted SIF state: corpus word counts (sorted by word), the smoothing `a`, the first principal component. */
export const SifStateSchema = z
  .object({
    kind: z.literal('glove-sif'),
    version: z.literal(STATE_VERSION),
    a: z.number().positive().finite(),
    total: z.number().int().nonnegative(),
    words: z.array(z.string().min(1)),
    counts: z.array(z.number().int().positive()),
    principalComponent: z.array(z.number().finite()).min(1),
  })
  .superRefine((s, ctx) => {
    if (s.words.length !== s.counts.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['counts'],
        message: `${s.counts.length} counts for ${s.words.length} words`,
      });
    }
    let sum = 0;
    for (const c of s.counts) sum += c;
    if (sum !== s.total) {
      ctx.addIssue({
        code: 'custom',
        path: ['total'],
        message: `total ${s.total} is not the sum of counts ${sum}`,
      });
    }
    for (let i = 1; i < s.words.length; i++) {
      if (!(s.words[i - 1] < s.words[i])) {
        ctx.addIssue({ code: 'custom', path: ['words', i], message: 'words must be unique and sorted' });
        break;
      }
    }
  });
export type SifState = z.infer<typeof SifStateSchema>;

/**
 * Smooth inverse frequency sentence vectors (Arora, Liang & Ma 2017): the weighted mean of word
 * vectors with weight a / (a + p(w)), minus its projection on the corpus's first principal
 * component, L2-normalised. p(w) = (count + 1) / (total + distinct words): add-one smoothing, so a
 * word the corpus never used counts as rarer than any it did and weighs the most.
 */
export class SifModel {
  /** First 8 hex digits of a hash of the state: changes whenever the fitted space changes. */
  readonly fingerprint: string;
  private readonly counts: ReadonlyMap<string, number>;
  private readonly pc: Float64Array;
  private readonly weightCache = new WeakMap<WordVectors, Float64Array>();

  constructor(readonly state: SifState) {
    this.counts = new Map(state.words.map((w, i) => [w, state.counts[i]]));
    this.pc = Float64Array.from(state.principalComponent);
    this.fingerprint = createHash('sha256').update(canonical(state)).digest('hex').slice(0, 8);
  }

  get dimension(): number {
    return this.pc.length;
  }

  /** The SIF weight of a word; unseen words get the largest. */
  weightOf(word: string): number {
    return sifWeight(this.counts.get(word) ?? 0, this.state.a, denominatorOf(this.state));
  }

  /** Weight of every row of a vector table, computed once per table. */
  weightsFor(vectors: WordVectors): Float64Array {
    let weights = this.weightCache.get(vectors);
    if (!weights) {
      const denominator = denominatorOf(this.state);
      weights = new Float64Array(vectors.size).fill(sifWeight(0, this.state.a, denominator));
      for (const [word, count] of this.counts) {
        const row = vectors.index.get(word);
        if (row !== undefined) weights[row] = sifWeight(count, this.state.a, denominator);
      }
      this.weightCache.set(vectors, weights);
    }
    return weights;
  }

  /**
   * The unit SIF vector of a text given its vocabulary rows. A text with no known words (or one
   * that lies along the principal component) gets the principal component itself: a fixed unit
   * vector orthogonal to every other output, so it is similar to nothing and never NaN.
   */
  embedRows(rows: ArrayLike<number>, vectors: WordVectors): number[] {
    const v = weightedMean(rows, vectors, this.weightsFor(vectors));
    if (v) {
      removeProjection(v, this.pc);
      if (normaliseInPlace(v)) return Array.from(v);
    }
    return this.emptyTextVector();
  }

  private emptyTextVector(): number[] {
    const v = Float64Array.from(this.pc);
    if (!normaliseInPlace(v)) v[0] = 1;
    return Array.from(v);
  }
}

/** Fits SIF on the corpus (each text given as vocabulary rows): counts words, finds the principal component. */
export function fitSif(
  corpusRows: readonly ArrayLike<number>[],
  vectors: WordVectors,
  a = DEFAULT_SIF_A,
): SifState {
  const rowCounts = new Uint32Array(vectors.size);
  let total = 0;
  for (const rows of corpusRows) {
    for (let i = 0; i < rows.length; i++) rowCounts[rows[i]]++;
    total += rows.length;
  }
  const byWord = new Map<string, number>();
  rowCounts.forEach((count, row) => {
    if (count > 0) byWord.set(vectors.words[row], (byWord.get(vectors.words[row]) ?? 0) + count);
  });
  const words = [...byWord.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const counts = words.map((w) => byWord.get(w) ?? 0);
  const denominator = total + words.length;
  const weights = Float64Array.from(rowCounts, (count) => sifWeight(count, a, denominator));
  const pc = firstPrincipalComponent(corpusRows, vectors, weights);
  return {
    kind: 'glove-sif',
    version: STATE_VERSION,
    a,
    total,
    words,
    counts,
    principalComponent: Array.from(pc),
  };
}

/** Validates an exported state (from the database or a file) before it is trusted. */
export function parseSifState(state: unknown, dimension: number): SifState {
  const result = SifStateSchema.safeParse(state);
  if (!result.success) {
    throw new Error(
      `invalid GloVe-SIF state: ${result.error.issues.map((i) => `${i.path.join('.') || 'state'}: ${i.message}`).join('; ')}`,
    );
  }
  if (result.data.principalComponent.length !== dimension) {
    throw new Error(
      `invalid GloVe-SIF state: principal component has ${result.data.principalComponent.length} dimensions, expected ${dimension}`,
    );
  }
  return result.data;
}

function sifWeight(count: number, a: number, denominator: number): number {
  const p = denominator > 0 ? (count + 1) / denominator : 1;
  return a / (a + p);
}

function denominatorOf(s: Pick<SifState, 'total' | 'words'>): number {
  return s.total + s.words.length;
}

// Fixed key order, so the fingerprint depends on the values only.
function canonical(s: SifState): string {
  return JSON.stringify([s.kind, s.version, s.a, s.total, s.words, s.counts, s.principalComponent]);
}

function weightedMean(
  rows: ArrayLike<number>,
  vectors: WordVectors,
  weights: Float64Array,
): Float64Array | undefined {
  if (rows.length === 0) return undefined;
  const d = vectors.dimension;
  const m = vectors.matrix;
  const v = new Float64Array(d);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const w = weights[row];
    const base = row * d;
    for (let j = 0; j < d; j++) v[j] += w * m[base + j];
  }
  for (let j = 0; j < d; j++) v[j] /= rows.length;
  return v;
}

function removeProjection(v: Float64Array, unit: Float64Array): void {
  let dot = 0;
  for (let j = 0; j < v.length; j++) dot += v[j] * unit[j];
  for (let j = 0; j < v.length; j++) v[j] -= dot * unit[j];
}

/** Scales to unit length; false when the vector is (numerically) zero. */
function normaliseInPlace(v: Float64Array): boolean {
  let sq = 0;
  for (let j = 0; j < v.length; j++) sq += v[j] * v[j];
  const norm = Math.sqrt(sq);
  if (!(norm > 1e-12)) return false;
  for (let j = 0; j < v.length; j++) v[j] /= norm;
  return true;
}

/**
 * The top eigenvector of Σ vvᵀ over the corpus's weighted-mean vectors (uncentred, as in the SIF
 * paper's truncated SVD), by power iteration from a fixed start so refits are reproducible.
 * Zero when the corpus has no known words.
 */
export function firstPrincipalComponent(
  corpusRows: readonly ArrayLike<number>[],
  vectors: WordVectors,
  weights: Float64Array,
): Float64Array {
  const d = vectors.dimension;
  const scatter = new Float64Array(d * d);
  for (const rows of corpusRows) {
    const v = weightedMean(rows, vectors, weights);
    if (!v) continue;
    for (let r = 0; r < d; r++) {
      const vr = v[r];
      for (let c = r; c < d; c++) scatter[r * d + c] += vr * v[c];
    }
  }
  for (let r = 0; r < d; r++) for (let c = 0; c < r; c++) scatter[r * d + c] = scatter[c * d + r];
  return topEigenvector(scatter, d);
}

function topEigenvector(matrix: Float64Array, d: number): Float64Array {
  let u = new Float64Array(d).fill(1 / Math.sqrt(d));
  for (let iteration = 0; iteration < POWER_ITERATIONS; iteration++) {
    const next = new Float64Array(d);
    for (let r = 0; r < d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += matrix[r * d + c] * u[c];
      next[r] = s;
    }
    if (!normaliseInPlace(next)) return new Float64Array(d);
    let change = 0;
    for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(next[j] - u[j]));
    u = next;
    if (change < CONVERGED) break;
  }
  return canonicalSign(u);
}

// An eigenvector's sign is arbitrary; fixing it keeps exported states comparable.
function canonicalSign(u: Float64Array): Float64Array {
  let largest = 0;
  for (let j = 1; j < u.length; j++) if (Math.abs(u[j]) > Math.abs(u[largest])) largest = j;
  if (u[largest] < 0) for (let j = 0; j < u.length; j++) u[j] = -u[j];
  return u;
}
