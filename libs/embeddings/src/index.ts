export { isFittable, type Embedder, type FittableEmbedder } from './embedder';
export { createEmbedder, type EmbedderFactoryOptions } from './embedder.factory';
export { EMBEDDER, EmbeddingsModule } from './embeddings.module';
export { EmbeddingServiceError } from './embedding.error';
export { GLOVE_DIMENSION, GloveEmbedder, type GloveEmbedderOptions } from './glove.embedder';
export {
  GLOVE_CACHE_FILE,
  forgetLoadedGloveVectors,
  loadGloveVectors,
  type GloveSource,
} from './glove-cache';
export { OpenAIEmbedder, type OpenAIEmbedderOptions } from './openai.embedder';
export { DEFAULT_SIF_A, SifStateSchema, type SifState } from './sif-model';
export { resolveTokens } from './vocabulary-rows';
export { WordVectors } from './word-vectors';
