import { isStopword, stem, words } from '@parley/text';
import type { GeneralEnglish } from './general-english';
import type { WordSpace } from './word-neighbours';

/** How a question uses one word the corpus also uses: in the corpus's sense, or in another. */
export interface WordSense {
  stem: string;
  /**
   * How typical the question's other words are as a context of this word in the corpus: the cosine of their vector
   * with the centroid of the word's corpus contexts, in standard deviations from the cosines of the corpus's own
   * contexts of it. Around 0 or above: the corpus's sense; well below: another sense ("split ends" beside a corpus
   * that splits parties).
   */
  z: number;
  /**
   * The cosine of the question's other words with the centroid of the word's corpus contexts once the mean context
   * of everyday English is taken from both: what the two share beyond being English. Near 1: the corpus's sense;
   * near or below 0: another. The sense decision of `TopicGuard` reads this one.
   */
  centred: number;
}

// Content words on either side of an occurrence that make up one of its contexts: about a clause, as long as a
// question's handful of content words.
const WINDOW = 4;
// A word needs this many contexts in the corpus before its centroid and spread mean anything.
const MIN_CONTEXTS = 5;
// SIF's smoothing (Arora et al. 2017): a word's weight in a context is a / (a + p), p its general-English probability.
const SIF_A = 1e-3;

interface Token {
  stem: string;
  /** Unit vector of the word, or null when the space lacks it. */
  vector: Float32Array | null;
  weight: number;
}

/**
 * The contexts each word has in the corpus, read from its paragraphs: for every occurrence, the SIF-weighted mean of
 * the unit vectors of the content words within `WINDOW` on either side (other stems only), and per stem their
 * centroid and the mean and spread of the occurrences' cosines with it (each against the centroid of the others,
 * so that a word's own context does not vouch for itself). A question's use of a word is then judged by how its other
 * content words sit against that centroid (`senseOf`). Nothing is listed: the senses are whatever the corpus does.
 */
export class CorpusSenses {
  private readonly dimension: number;
  private readonly sums = new Map<string, Float64Array>();
  private readonly counts = new Map<string, number>();
  private readonly stats = new Map<string, { centroid: Float64Array; mean: number; sd: number }>();
  private readonly unitCache = new Map<string, Float32Array | null>();
  /** The mean context of everyday English (SUBTLEX words, each by its probability and SIF weight), unit length. */
  private readonly everyday: Float64Array;

  constructor(
    paragraphs: readonly string[],
    private readonly space: WordSpace,
    private readonly english: GeneralEnglish,
  ) {
    this.dimension = space.dimension;
    const tokenised = paragraphs.map((p) => this.tokens(p));
    const everyday = new Float64Array(this.dimension);
    for (const w of english.wordsAtLeast(2)) {
      if (w.length < 3 || isStopword(w) || !/^[a-z]+$/.test(w)) continue;
      const u = this.unit(w);
      if (!u) continue;
      const p = english.probability(w);
      const k = p * (SIF_A / (SIF_A + p));
      for (let d = 0; d < this.dimension; d++) everyday[d] += k * u[d];
    }
    this.everyday = unitOf(everyday);
    // First pass: the sum of each stem's context vectors.
    for (const tokens of tokenised)
      tokens.forEach((t, i) => {
        const c = this.contextAt(tokens, i);
        if (!c) return;
        let sum = this.sums.get(t.stem);
        if (!sum) this.sums.set(t.stem, (sum = new Float64Array(this.dimension)));
        for (let d = 0; d < this.dimension; d++) sum[d] += c[d];
        this.counts.set(t.stem, (this.counts.get(t.stem) ?? 0) + 1);
      });
    // Second pass: each context's cosine with the centroid of the stem's other contexts (leave one out).
    const moments = new Map<string, { s: number; ss: number; n: number }>();
    const rest = new Float64Array(this.dimension);
    for (const tokens of tokenised)
      tokens.forEach((t, i) => {
        const n = this.counts.get(t.stem) ?? 0;
        if (n < MIN_CONTEXTS) return;
        const c = this.contextAt(tokens, i);
        if (!c) return;
        const sum = this.sums.get(t.stem) as Float64Array;
        for (let d = 0; d < this.dimension; d++) rest[d] = sum[d] - c[d];
        const cos = cosine(c, rest);
        const m = moments.get(t.stem) ?? { s: 0, ss: 0, n: 0 };
        m.s += cos;
        m.ss += cos * cos;
        m.n += 1;
        moments.set(t.stem, m);
      });
    for (const [s, m] of moments) {
      const mean = m.s / m.n;
      const sd = Math.sqrt(Math.max(m.ss / m.n - mean * mean, 1e-6));
      this.stats.set(s, { centroid: this.sums.get(s) as Float64Array, mean, sd });
    }
  }

  /** Number of stems with enough contexts to be judged. */
  get size(): number {
    return this.stats.size;
  }

  /**
   * How the question uses each of its content words that the corpus has enough contexts of (see `WordSense`); a
   * word is judged only when the question has another content word with a vector.
   */
  sensesIn(question: string): WordSense[] {
    const tokens = this.tokens(question);
    const seen = new Set<string>();
    const out: WordSense[] = [];
    for (const t of tokens) {
      if (seen.has(t.stem)) continue;
      seen.add(t.stem);
      const sense = this.senseOf(
        t,
        tokens.filter((o) => o.stem !== t.stem),
      );
      if (sense) out.push(sense);
    }
    return out;
  }

  private senseOf(word: Token, context: readonly Token[]): WordSense | undefined {
    const stat = this.stats.get(word.stem);
    if (!stat) return undefined;
    const c = mean(context, this.dimension);
    if (!c) return undefined;
    return {
      stem: word.stem,
      z: (cosine(c, stat.centroid) - stat.mean) / stat.sd,
      centred: cosine(minus(unitOf(c), this.everyday), minus(unitOf(stat.centroid), this.everyday)),
    };
  }

  private contextAt(tokens: readonly Token[], i: number): Float64Array | null {
    const own = tokens[i].stem;
    const window = tokens.slice(Math.max(0, i - WINDOW), i + WINDOW + 1).filter((t) => t.stem !== own);
    return mean(window, this.dimension);
  }

  private tokens(text: string): Token[] {
    return words(text)
      .filter((w) => w.length >= 3 && !isStopword(w) && !/^\d+$/.test(w))
      .map((w) => ({
        stem: stem(w),
        vector: this.unit(w),
        weight: SIF_A / (SIF_A + this.english.probability(w)),
      }));
  }

  private unit(word: string): Float32Array | null {
    let u = this.unitCache.get(word);
    if (u === undefined) {
      const v = this.space.vectorOf(word);
      u = v ? normalised(v) : null;
      this.unitCache.set(word, u);
    }
    return u;
  }
}

// The weighted mean of the tokens' unit vectors; null when none has a vector.
function mean(tokens: readonly Token[], dimension: number): Float64Array | null {
  const out = new Float64Array(dimension);
  let mass = 0;
  for (const t of tokens) {
    if (!t.vector) continue;
    for (let d = 0; d < dimension; d++) out[d] += t.weight * t.vector[d];
    mass += t.weight;
  }
  return mass > 0 ? out : null;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += a[d] * b[d];
    na += a[d] * a[d];
    nb += b[d] * b[d];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function normalised(v: Float32Array): Float32Array {
  let n = 0;
  for (let d = 0; d < v.length; d++) n += v[d] * v[d];
  const out = new Float32Array(v.length);
  if (n === 0) return out;
  const k = 1 / Math.sqrt(n);
  for (let d = 0; d < v.length; d++) out[d] = v[d] * k;
  return out;
}

function unitOf(v: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let d = 0; d < v.length; d++) n += v[d] * v[d];
  const out = new Float64Array(v.length);
  const k = n > 0 ? 1 / Math.sqrt(n) : 0;
  for (let d = 0; d < v.length; d++) out[d] = v[d] * k;
  return out;
}

function minus(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((x, d) => x - b[d]);
}
