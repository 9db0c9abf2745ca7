import { Module } from '@nestjs/common';
import { APP_CONFIG, dataDir, type AppConfig } from '@parley/config';
import type { Embedder } from './embedder';
import { createEmbedder } from './embedder.factory';

/** Injection token for the configured `Embedder`. */
export const EMBEDDER = Symbol('EMBEDDER');

/** Provides `EMBEDDER`; relies on the global ConfigModule for `APP_CONFIG`. */
@Module({
  providers: [
    {
      provide: EMBEDDER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Embedder => createEmbedder(config, { dataDir: dataDir(config) }),
    },
  ],
  exports: [EMBEDDER],
})
export class EmbeddingsModule {}
