// One api instance for the multi-process test: the realtime module (gateways, classroom routes,
// classroom lib) with the fake pipeline, on DATABASE_URL and REDIS_URL, on a free port.
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Pool } from 'pg';
import { APP_CONFIG, parseConfig } from '@parley/config';
import { HttpExceptionFilter } from '@parley/core';
import { Database } from '@parley/database';
import { RealtimeModule } from '../../../../apps/api/src/realtime/realtime.module';
import { FakePipelineModule } from '../fake-answer.pipeline';
import { RELAXED_LIMITS } from '../../../support/rate-limits';

/**
 * pglite-socket keeps one connection's wire messages together only inside an explicit
 * transaction, so two processes running parameterised statements at once can interleave their
 * Parse/Bind messages. Running every statement in BEGIN/COMMIT keeps them apart (test-only
 * workaround until libs/database fixes this for the embedded server).
 */
function serialiseStatements(pool: Pool): void {
  const query = async (text: string, params?: unknown[]) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await client.query(text, params);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
  Object.assign(pool, { query });
}

async function main(): Promise<void> {
  const config = parseConfig({ ...process.env, NODE_ENV: 'test' });
  const database = Database.connect(config.DATABASE_URL as string, 2);
  serialiseStatements(database.pool);

  @Global()
  @Module({
    providers: [
      { provide: APP_CONFIG, useValue: config },
      { provide: Database, useValue: database },
    ],
    exports: [APP_CONFIG, Database],
  })
  class InfraModule {}

  @Module({
    imports: [
      InfraModule,
      RealtimeModule.forRoot({
        pipeline: FakePipelineModule,
        classroom: { retentionIntervalMs: 0, rateLimits: RELAXED_LIMITS },
      }),
    ],
  })
  class InstanceModule {}

  const app = await NestFactory.create(InstanceModule, { logger: ['error', 'warn'] });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`READY http://127.0.0.1:${port}\n`);
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
