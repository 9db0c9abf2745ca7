import { randomBytes } from 'node:crypto';
import { parseConfig } from '@parley/config';
import { Database } from './database';
import { openDatabase, type DatabaseHandle } from './database.provider';

/**
 * The database settings for one test database: with `TEST_DATABASE_URL` (a Postgres with pgvector, or
 * `npm run db:serve`), that server and a new schema of its own, dropped by `dropTestSchemas`; without it, a fresh
 * in-memory embedded database.
 */
export function testDatabaseEnv(): Record<string, string | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, PGLITE_DATA_DIR: 'memory://' };
  const schema = `parley_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  createdSchemas.push(schema);
  return { DATABASE_URL: url, DATABASE_SCHEMA: schema };
}

const createdSchemas: string[] = [];

/** Drops the schemas this test file created on `TEST_DATABASE_URL`. */
export async function dropTestSchemas(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || createdSchemas.length === 0) return;
  const admin = Database.connect(url, 1);
  try {
    for (const schema of createdSchemas.splice(0))
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.close();
  }
}

/**
 * A fresh, migrated database reached through `pg`, for tests: in-memory embedded, or a new schema on
 * `TEST_DATABASE_URL` when that is set (`external: false` forces the embedded one).
 */
export async function createTestDatabase(options: { external?: boolean } = {}): Promise<DatabaseHandle> {
  const env = options.external === false ? { PGLITE_DATA_DIR: 'memory://' } : testDatabaseEnv();
  const handle = await openDatabase(
    parseConfig(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined))),
  );
  if (!env.DATABASE_SCHEMA) return handle;
  return {
    ...handle,
    async close() {
      await handle.close();
      await dropTestSchemas();
    },
  };
}
