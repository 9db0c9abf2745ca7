import { isStopword, stem } from '@parley/text';
import type { GeneralEnglish } from './general-english';

/** Word vectors as the topic guard reads them (the GloVe table of `@parley/embeddings` is one). */
export interface WordSpace {
  readonly dimension: number;
  vectorOf(word: string): Float32Array | undefined;
}

/** A word's nearest neighbour in the space and their cosine similarity. */
export interface Neighbour {
  word: string;
  similarity: number;
}

// Words of general English at least this frequent are the candidate neighbours: rarer ones have noisy vectors.
const MIN_COUNT = 20;

/**
 * Nearest neighbours in a word space among the everyday-English words (SUBTLEX, at least `MIN_COUNT` uses) that
 * have a vector, by cosine similarity; a word's own inflections (same stem) are left out.
 */
export class NeighbourIndex {
  private readonly words: string[] = [];
  private readonly stems: string[] = [];
  private readonly unit: Float32Array;
  private readonly dimension: number;

  constructor(
    private readonly space: WordSpace,
    english: GeneralEnglish,
  ) {
    this.dimension = space.dimension;
    const vectors: Float32Array[] = [];
    for (const word of english.wordsAtLeast(MIN_COUNT)) {
      if (word.length < 3 || isStopword(word) || !/^[a-z]+$/.test(word)) continue;
      const v = space.vectorOf(word);
      if (!v) continue;
      this.words.push(word);
      this.stems.push(stem(word));
      vectors.push(v);
    }
    this.unit = new Float32Array(vectors.length * this.dimension);
    vectors.forEach((v, i) => this.unit.set(normalised(v), i * this.dimension));
  }

  /** Number of candidate neighbours. */
  get size(): number {
    return this.words.length;
  }

  /** The `k` nearest candidates to a word (empty when the space lacks it). */
  nearest(word: string, k: number): Neighbour[] {
    const v = this.space.vectorOf(word);
    if (!v) return [];
    const q = normalised(v);
    const own = stem(word);
    const best: Neighbour[] = [];
    const d = this.dimension;
    for (let i = 0; i < this.words.length; i++) {
      let dot = 0;
      const base = i * d;
      for (let j = 0; j < d; j++) dot += q[j] * this.unit[base + j];
      if (best.length === k && dot <= best[k - 1].similarity) continue;
      if (this.stems[i] === own) continue;
      let at = best.length < k ? best.length : k - 1;
      while (at > 0 && best[at - 1].similarity < dot) at -= 1;
      best.splice(at, 0, { word: this.words[i], similarity: dot });
      if (best.length > k) best.pop();
    }
    return best;
  }
}

function normalised(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}
