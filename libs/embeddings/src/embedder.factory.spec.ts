import { Test } from '@nestjs/testing';
import { APP_CONFIG, ConfigModule, parseConfig } from '@parley/config';
import { createEmbedder } from './embedder.factory';
import { EMBEDDER, EmbeddingsModule } from './embeddings.module';
import { GloveEmbedder } from './glove.embedder';
import { OpenAIEmbedder } from './openai.embedder';

describe('createEmbedder', () => {
  it('chooses the offline GloVe embedder when nothing is configured', () => {
    const embedder = createEmbedder(parseConfig({}), { dataDir: '/tmp/parley-data' });
    expect(embedder).toBeInstanceOf(GloveEmbedder);
    expect(embedder.id).toBe('glove-sif-100d:unfitted');
    expect(embedder.dimension).toBe(100);
  });

  it('chooses the OpenAI embedder with the configured model', () => {
    const config = parseConfig({
      EMBEDDINGS: 'openai',
      OPENAI_API_KEY: 'k',
      OPENAI_EMBEDDING_MODEL: 'text-embedding-3-large',
    });
    const embedder = createEmbedder(config, { dataDir: '/tmp/parley-data' });
    expect(embedder).toBeInstanceOf(OpenAIEmbedder);
    expect(embedder.id).toBe('openai:text-embedding-3-large');
  });

  it('fails at start-up, naming OPENAI_API_KEY, when openai is chosen without a key', () => {
    expect(() => createEmbedder(parseConfig({ EMBEDDINGS: 'openai' }), { dataDir: '/tmp' })).toThrow(
      /OPENAI_API_KEY/,
    );
  });
});

describe('EmbeddingsModule', () => {
  it('provides the configured embedder under EMBEDDER', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, EmbeddingsModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(parseConfig({ DATA_DIR: '/tmp/parley-data' }))
      .compile();
    expect(moduleRef.get(EMBEDDER)).toBeInstanceOf(GloveEmbedder);
    await moduleRef.close();
  });
});
