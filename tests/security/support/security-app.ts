import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  CLASSROOM_OPTIONS,
  CLOCK,
  DEFAULT_RETENTION_INTERVAL_MS,
  type ResolvedClassroomOptions,
} from '@parley/classroom';
import { IngestService } from '@parley/corpus';
import { Database } from '@parley/database';
import { PersonaRegistry, PROMPTS_DIR } from '@parley/personas';
import { AppModule } from '../../../apps/api/src/app.module';
import { configureApp } from '../../../apps/api/src/create-app';
import { TestClock } from '../../realtime/support/test-clock';
import { subsetCorpus, useTestEnvironment } from '../../support/test-env';
import { RELAXED } from './limits';
import { FIXTURE_DOCS } from '../../support/fixture-corpus';

export interface SecurityApp {
  app: NestExpressApplication;
  url: string;
  db: Database;
  clock: TestClock;
  close(): Promise<void>;
}

export interface SecurityAppOptions {
  env?: Record<string, string | undefined>;
  /** A prompts directory to read instead of `prompts/` (a copy carrying a canary). */
  promptsDir?: string;
  /** Classroom options (rate limits, retention timer); the defaults of the real app otherwise. */
  classroom?: Partial<ResolvedClassroomOptions>;
}

/**
 * The real api (AppModule: real chat pipeline, classrooms, both socket.io namespaces) configured exactly as
 * `createApp` does, on an in-memory database with `CORPUS_DIR` ingested; only the prompts directory, the
 * classroom clock and the classroom options can be swapped, through their injection tokens.
 */
export async function startSecurityApp(options: SecurityAppOptions = {}): Promise<SecurityApp> {
  useTestEnvironment(options.env);
  const clock = new TestClock();
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .overrideProvider(CLASSROOM_OPTIONS)
    .useValue({
      retentionIntervalMs: DEFAULT_RETENTION_INTERVAL_MS,
      rateLimits: {},
      redisConnectTimeoutMs: 1500,
      maxConcurrentAnswers: 8,
      ...options.classroom,
    } satisfies ResolvedClassroomOptions);
  if (options.promptsDir) builder = builder.overrideProvider(PROMPTS_DIR).useValue(options.promptsDir);
  const moduleRef = await builder.compile();
  const app = configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] }),
  );
  const known = app.get(PersonaRegistry).ids();
  await app.get(IngestService).ingest({ corpusDir: process.env.CORPUS_DIR as string, knownPersonas: known });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    db: app.get(Database),
    clock,
    close: () => app.close(),
  };
}

/** The app the fuzz suites hammer: two small documents, relaxed rate limits, no retention timer. */
export function startFuzzApp(): Promise<SecurityApp> {
  return startSecurityApp({
    env: {
      CORPUS_DIR: subsetCorpus([FIXTURE_DOCS.youth, FIXTURE_DOCS.farms]),
    },
    classroom: { rateLimits: RELAXED, retentionIntervalMs: 0 },
  });
}
