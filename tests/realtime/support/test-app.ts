import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, parseConfig, type AppConfig } from '@parley/config';
import { HttpExceptionFilter } from '@parley/core';
import { Database } from '@parley/database';
import type { ClassroomModuleOptions } from '@parley/classroom';
import { ResponseContractInterceptor } from '../../../apps/api/src/http/response-contract';
import { RealtimeModule } from '../../../apps/api/src/realtime/realtime.module';
import { FakeAnswerPipeline, FakePipelineModule } from './fake-answer.pipeline';
import { TestClock } from './test-clock';
import { createSerialTestDatabase, type SerialTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  url: string;
  db: Database;
  pipeline: FakeAnswerPipeline;
  clock: TestClock;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  classroom?: Omit<ClassroomModuleOptions, 'imports' | 'clock'>;
  /** Share one database between apps (two instances); otherwise each app gets a fresh in-memory one. */
  database?: Database;
}

/** Generous limits so that only the tests about rate limits meet them. */
export const RELAXED_LIMITS: ClassroomModuleOptions['rateLimits'] = {
  createClassroom: { capacity: 10_000, refillPerSecond: 1000 },
  join: { capacity: 10_000, refillPerSecond: 1000 },
  chatToken: { capacity: 10_000, refillPerSecond: 1000 },
  broadcast: { capacity: 10_000, refillPerSecond: 1000 },
};

/** The realtime module (gateways, classroom routes, classroom lib) with a fake pipeline, listening on a free port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const handle: SerialTestDatabase | null = options.database ? null : await createSerialTestDatabase();
  const db = options.database ?? (handle as SerialTestDatabase).database;
  const config: AppConfig = parseConfig({
    NODE_ENV: 'test',
    CORS_ORIGINS: 'http://school.example',
    ...options.env,
  });
  const clock = new TestClock();

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
    imports: [
      TestInfraModule,
      RealtimeModule.forRoot({
        pipeline: FakePipelineModule,
        classroom: { retentionIntervalMs: 0, rateLimits: RELAXED_LIMITS, ...options.classroom, clock },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  // As in the real app: a classroom route's body outside its contract is a 500 that fails the test.
  app.useGlobalInterceptors(new ResponseContractInterceptor());
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    db,
    pipeline: app.get(FakeAnswerPipeline),
    clock,
    async close() {
      await app.close();
      await handle?.close();
    },
  };
}
