import type { NestExpressApplication } from '@nestjs/platform-express';
import { IngestService } from '@parley/corpus';
import { PersonaRegistry } from '@parley/personas';
import { createApp } from '../../apps/api/src/create-app';
import { subsetCorpus, useTestEnvironment } from './test-env';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  close(): Promise<void>;
}

/** The real api on an in-memory database, with `corpusDir` ingested, listening on a free port. */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  useTestEnvironment(env);
  const app = await createApp();
  const ingest = app.get(IngestService);
  const known = app.get(PersonaRegistry).ids();
  await ingest.ingest({ corpusDir: process.env.CORPUS_DIR as string, knownPersonas: known });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: () => app.close(),
  };
}

/** The api on a corpus of the given files, answering through the fake OpenAI-compatible model at `modelUrl`. */
export function startTestAppWithModel(
  modelUrl: string,
  files: string[],
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  return startTestApp({
    CORPUS_DIR: subsetCorpus(files),
    OPENAI_API_KEY: 'test',
    OPENAI_BASE_URL: modelUrl,
    OPENAI_MODEL: 'fake-model',
    ...env,
  });
}
