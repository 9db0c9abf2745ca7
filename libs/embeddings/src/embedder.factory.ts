import type { AppConfig } from '@parley/config';
import type { Embedder } from './embedder';
import { GloveEmbedder } from './glove.embedder';
import { OpenAIEmbedder } from './openai.embedder';

export interface EmbedderFactoryOptions {
  /** Where the GloVe binary cache lives (the app passes `dataDir(config)`). */
  dataDir: string;
}

/** The embedder chosen by `EMBEDDINGS`: GloVe-SIF offline (default) or an OpenAI-compatible API. */
export function createEmbedder(config: AppConfig, options: EmbedderFactoryOptions): Embedder {
  switch (config.EMBEDDINGS) {
    case 'glove':
      return new GloveEmbedder({ cacheDir: options.dataDir });
    case 'openai':
      return new OpenAIEmbedder({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_EMBEDDING_MODEL,
        timeoutMs: config.OPENAI_TIMEOUT_MS,
      });
  }
}
