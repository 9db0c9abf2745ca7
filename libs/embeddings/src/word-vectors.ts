/** A read-only table of word vectors: row `i` of `matrix` (row-major Float32) is the vector of `words[i]`. */
export class WordVectors {
  /** word → row; the first occurrence wins if a word repeats. */
  readonly index: ReadonlyMap<string, number>;

  constructor(
    readonly words: readonly string[],
    readonly matrix: Float32Array,
    readonly dimension: number,
  ) {
    if (!Number.isInteger(dimension) || dimension <= 0) {
      throw new Error(`invalid word-vector dimension ${dimension}`);
    }
    if (matrix.length !== words.length * dimension) {
      throw new Error(
        `word-vector matrix holds ${matrix.length} floats, expected ${words.length} × ${dimension}`,
      );
    }
    const index = new Map<string, number>();
    for (let i = 0; i < words.length; i++) if (!index.has(words[i])) index.set(words[i], i);
    this.index = index;
  }

  /** Builds a table from `{ word: vector }` (tests and small synthetic vocabularies). */
  static fromTable(table: Readonly<Record<string, readonly number[]>>): WordVectors {
    const words = Object.keys(table);
    if (words.length === 0) throw new Error('a word-vector table needs at least one word');
    const dimension = table[words[0]].length;
    const matrix = new Float32Array(words.length * dimension);
    words.forEach((w, i) => {
      if (table[w].length !== dimension) {
        throw new Error(`vector of "${w}" has ${table[w].length} values, expected ${dimension}`);
      }
      matrix.set(table[w], i * dimension);
    });
    return new WordVectors(words, matrix, dimension);
  }

  get size(): number {
    return this.words.length;
  }

  /** The vector of a word, or undefined when it is not in the vocabulary. */
  vectorOf(word: string): Float32Array | undefined {
    const row = this.index.get(word);
    return row === undefined
      ? undefined
      : this.matrix.subarray(row * this.dimension, (row + 1) * this.dimension);
  }
}
