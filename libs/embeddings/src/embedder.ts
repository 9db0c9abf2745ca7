/**
 * The embedding port. Stored vectors record `id`; a different id means a different vector space,
 * so changing the embedder (or its fitted state) re-embeds instead of mixing spaces.
 */
export interface Embedder {
  /** Identifies the vector space, e.g. `glove-sif-100d:3f2a9c1b` or `openai:text-embedding-3-small`. */
  readonly id: string;
  readonly dimension: number;
  /** Embeds passages (documents side). Returned vectors are L2-normalised. */
  embedDocuments(texts: string[]): Promise<number[][]>;
  /** Embeds one search query. Returned vector is L2-normalised. */
  embedQuery(text: string): Promise<number[]>;
  /** Words of the corpus vocabulary closest in meaning to `word` (for query expansion), best first. */
  similarWords?(
    word: string,
    k: number,
    minSimilarity: number,
  ): Promise<{ word: string; similarity: number }[]>;
  /**
   * Word-by-word match of a text to a query in [0, 1] (each query word's best match among the text's words), for
   * ranking short sentences, where averaged vectors are noisy. Absent: callers use the cosine of the embeddings.
   */
  softMatch?(query: string, text: string): Promise<number>;
  /**
   * Whether the embedding of a text containing `word` carries its meaning: false for words outside a fixed
   * vocabulary (rare names, numbers). Absent means every word is represented (subword models).
   */
  represents?(word: string): Promise<boolean>;
  /**
   * Optional warm-up, safe to call many times: loads word vectors (glove) or probes the server once
   * so `dimension` is the real one (openai). Call it before using `dimension` to size storage.
   */
  init?(): Promise<void>;
}

/**
 * Embedders whose space depends on corpus statistics (SIF word weights, principal component).
 * `fit` is called by ingestion with every chunk text; `exportState`/`importState` let the state be
 * stored in the database so the api embeds queries in the same space as the stored passages.
 */
export interface FittableEmbedder extends Embedder {
  fit(corpusTexts: string[]): Promise<void>;
  exportState(): unknown;
  importState(state: unknown): void;
  readonly isFitted: boolean;
}

export function isFittable(e: Embedder): e is FittableEmbedder {
  return typeof (e as Partial<FittableEmbedder>).fit === 'function';
}
