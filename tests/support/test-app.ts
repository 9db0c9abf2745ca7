import { Global, Module, type INestApplicationContext, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  CLASSROOM_OPTIONS,
  CLOCK,
  DEFAULT_RETENTION_INTERVAL_MS,
  type ResolvedClassroomOptions,
} from '@parley/classroom';
import { ChatModule } from '@parley/chat';
import { APP_CONFIG, ConfigModule, parseConfig } from '@parley/config';
import { HttpExceptionFilter } from '@parley/core';
import { CorpusModule, IngestService } from '@parley/corpus';
import { Database, DATABASE_HANDLE, DatabaseModule, type DatabaseHandle } from '@parley/database';
import { EmbeddingsModule } from '@parley/embeddings';
import { PersonaRegistry, PersonasModule, PROMPTS_DIR } from '@parley/personas';
import { RetrievalModule } from '@parley/retrieval';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp, createApp } from '../../apps/api/src/create-app';
import { DocumentsController } from '../../apps/api/src/http/documents.controller';
import { ResponseContractInterceptor } from '../../apps/api/src/http/response-contract';
import { RealtimeModule } from '../../apps/api/src/realtime/realtime.module';
import { FakeAnswerPipeline, FakePipelineModule } from '../realtime/support/fake-answer.pipeline';
import { TestClock } from '../realtime/support/test-clock';
import { createSerialTestDatabase, type SerialTestDatabase } from '../realtime/support/test-database';
import { RELAXED_LIMITS } from './rate-limits';
import { subsetCorpus, useTestEnvironment } from './test-env';

// The one way the suites start the api in-process. Processes under test (npm start, api instances, ingest) are
// started by tests/faults/support/node-process.ts and tests/realtime/support/child-process.ts instead.

export interface TestAppOptions {
  /** Variables over `useTestEnvironment`'s (fixture corpus and personas, in-memory database, no model, no Redis). */
  env?: Record<string, string | undefined>;
  /** A corpus of these fixture documents (`FIXTURE_DOCS`) instead of `CORPUS_DIR` (default: the whole fixture corpus). */
  documents?: readonly string[];
  /** Answer through the fake OpenAI-compatible server at this URL (`startFakeOpenAI`), as model `fake-model`. */
  modelUrl?: string;
  /** Share classrooms and sockets through this Redis (`REDIS_URL`); none by default. */
  redisUrl?: string;
  /**
   * Classroom options (rate limits, retention timer) over the app's defaults. Given, or with `promptsDir`, the
   * app module is built with those providers overridden and a `TestClock` the test moves as the classroom clock;
   * otherwise the app is built exactly as `npm start` builds it (`createApp`).
   */
  classroom?: Partial<ResolvedClassroomOptions>;
  /** A prompts directory to read instead of `prompts/` (a copy carrying a canary). */
  promptsDir?: string;
  /** Ingest the corpus before the app listens (default true). */
  ingest?: boolean;
}

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  db: Database;
  /** The classroom clock the test moves (only when `classroom` or `promptsDir` was given: otherwise it throws). */
  clock: TestClock;
  close(): Promise<void>;
}

/** The real api (AppModule) on an in-memory database with its corpus ingested, listening on a free port. */
export async function startApp(options: TestAppOptions = {}): Promise<TestApp> {
  useTestEnvironment({
    ...(options.documents && { CORPUS_DIR: subsetCorpus([...options.documents]) }),
    ...(options.modelUrl && {
      OPENAI_API_KEY: 'test',
      OPENAI_BASE_URL: options.modelUrl,
      OPENAI_MODEL: 'fake-model',
    }),
    ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
    ...options.env,
  });
  const overridden = options.classroom !== undefined || options.promptsDir !== undefined;
  const clock = overridden ? new TestClock() : null;
  const app = clock ? await createOverriddenApp(options, clock) : await createApp();
  if (options.ingest ?? true) await ingestCorpus(app);
  return {
    app,
    url: await listen(app),
    db: app.get(Database),
    // A getter, so that a suite moving the clock of an app that keeps real time fails instead of testing nothing.
    get clock() {
      if (!clock)
        throw new Error('the app keeps real time: pass `classroom` to startApp for a clock to move');
      return clock;
    },
    close: () => app.close(),
  };
}

/** `startApp({ env })`: the shorthand most suites use. */
export function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  return startApp({ env });
}

/** AppModule as `createApp` configures it, with the classroom clock and options and the prompts directory swapped. */
async function createOverriddenApp(
  options: TestAppOptions,
  clock: TestClock,
): Promise<NestExpressApplication> {
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
  return configureApp(
    moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] }),
  );
}

/** Ingests `CORPUS_DIR` into the app's database, for the personas the app knows. */
async function ingestCorpus(app: INestApplicationContext): Promise<void> {
  const known = app.get(PersonaRegistry).ids();
  await app.get(IngestService).ingest({ corpusDir: process.env.CORPUS_DIR as string, knownPersonas: known });
}

export interface RealtimeAppOptions {
  /**
   * `fake` (default): every question goes to the scripted `FakeAnswerPipeline`, and `env` is the whole
   * configuration (no corpus). `offline`: the real chat pipeline without a model (extractive answers, GloVe),
   * on the test environment with `documents` ingested, and the documents routes beside the realtime ones.
   */
  pipeline?: 'fake' | 'offline';
  /** Configuration variables: parsed on their own (`fake`), or over `useTestEnvironment`'s (`offline`). */
  env?: Record<string, string>;
  /** The fixture documents to ingest (`offline` only; default the whole fixture corpus). */
  documents?: readonly string[];
  /** Classroom options over relaxed rate limits and no retention timer. */
  classroom?: Partial<ResolvedClassroomOptions>;
  /** Share one database between apps (two instances); otherwise each app gets a fresh in-memory one. */
  database?: Database;
}

export interface RealtimeTestApp extends TestApp {
  /** The scripted answer pipeline every question goes to (`pipeline: 'fake'` only). */
  pipeline: FakeAnswerPipeline;
}

/**
 * The socket.io gateways, classroom routes and classroom lib (RealtimeModule) without the rest of the api, with
 * relaxed rate limits and no retention timer, on one serial connection to an in-memory database (see
 * test-database.ts), listening on a free port; answering through `FakeAnswerPipeline` or the offline pipeline.
 */
export async function startRealtimeApp(options: RealtimeAppOptions = {}): Promise<RealtimeTestApp> {
  const handle: SerialTestDatabase | null = options.database ? null : await createSerialTestDatabase();
  const db = options.database ?? (handle as SerialTestDatabase).database;
  const clock = new TestClock();
  const classroom = { retentionIntervalMs: 0, rateLimits: RELAXED_LIMITS, ...options.classroom, clock };
  const app =
    options.pipeline === 'offline'
      ? await offlineRealtimeApp(options, db, classroom)
      : await fakeRealtimeApp(options, db, classroom);
  if (options.pipeline === 'offline') await ingestCorpus(app);
  const url = await listen(app);
  const fake = options.pipeline === 'offline' ? null : app.get(FakeAnswerPipeline);
  return {
    app,
    url,
    db,
    clock,
    get pipeline() {
      if (!fake)
        throw new Error('this app answers through the offline pipeline: it has no FakeAnswerPipeline');
      return fake;
    },
    async close() {
      await app.close();
      await handle?.close();
    },
  };
}

type RealtimeClassroom = NonNullable<Parameters<typeof RealtimeModule.forRoot>[0]>['classroom'];

async function fakeRealtimeApp(
  options: RealtimeAppOptions,
  db: Database,
  classroom: RealtimeClassroom,
): Promise<NestExpressApplication> {
  const config = parseConfig({ NODE_ENV: 'test', CORS_ORIGINS: 'http://school.example', ...options.env });

  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: config },
      { provide: Database, useValue: db },
    ],
    exports: [APP_CONFIG, Database],
  })
  class TestInfraModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [TestInfraModule, RealtimeModule.forRoot({ pipeline: FakePipelineModule, classroom })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  // As in the real app: a route's body outside its contract is a 500 that fails the test.
  app.useGlobalInterceptors(new ResponseContractInterceptor());
  return app;
}

async function offlineRealtimeApp(
  options: RealtimeAppOptions,
  db: Database,
  classroom: RealtimeClassroom,
): Promise<NestExpressApplication> {
  useTestEnvironment({
    ...(options.documents && { CORPUS_DIR: subsetCorpus([...options.documents]) }),
    ...options.env,
  });
  const handle: DatabaseHandle = { database: db, embedded: null, close: async () => undefined };
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule,
      DatabaseModule,
      EmbeddingsModule,
      CorpusModule,
      RetrievalModule,
      PersonasModule,
      ChatModule,
      RealtimeModule.forRoot({ pipeline: ChatModule, classroom }),
    ],
    controllers: [DocumentsController],
  })
    .overrideProvider(DATABASE_HANDLE)
    .useValue(handle)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error', 'warn'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  // As in the real app: a route's body outside its contract is a 500 that fails the test.
  app.useGlobalInterceptors(new ResponseContractInterceptor());
  await app.init();
  return app;
}

/**
 * Some modules of the api without HTTP (ingest, repositories), on the test environment with `env` over it:
 * compiled and initialised, for suites that call services directly.
 */
export async function startTestContext(
  imports: ModuleMetadata['imports'],
  env: Record<string, string | undefined> = {},
): Promise<INestApplicationContext> {
  useTestEnvironment(env);
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  return moduleRef.init();
}

/** Starts `app` on a free port of 127.0.0.1; resolves with its base URL. */
async function listen(app: NestExpressApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${port}`;
}
