import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { dataDir, type AppConfig } from '@parley/config';
import { Database } from './database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './migrations';

export interface DatabaseHandle {
  database: Database;
  /** Set when the database is the embedded PGlite (no DATABASE_URL). */
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

const logger = new Logger('DatabaseProvider');

/**
 * Keeps Parley's tables in `schema` (a checked identifier: DDL takes no parameters): created if missing, first on
 * every connection's search_path, with `public` after it for the vector extension.
 */
async function useSchema(database: Database, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  // pg runs a client's queries in order, so this precedes whatever the connection was taken for. A search_path
  // naming a schema that does not exist yet is allowed; the extension lands in `public`, the first that does.
  database.pool.on('connect', (client) => {
    client.query(`SET search_path TO ${schema}, public`).catch(() => undefined);
  });
  await database.query('CREATE EXTENSION IF NOT EXISTS vector');
  await database.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
}

/** Connects to DATABASE_URL, or starts the embedded database; then applies migrations. */
export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  const started = Date.now();
  let embedded: EmbeddedPostgres | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.PGLITE_DATA_DIR ?? join(dataDir(config), 'pglite'),
      sharedBuffers: config.PGLITE_SHARED_BUFFERS,
    });
    url = embedded.url;
  }
  // PGlite is one session serving one connection's work at a time (SessionGate): more connections would only
  // queue at its gate, so the embedded database gets one connection and pg queues the rest. Under load
  // that queue is long by design (50 concurrent chats measured p50 5.5 s), so the embedded pool waits up to a
  // minute for its turn by default before answering `busy`; a real server waits 10 s.
  const database = embedded
    ? Database.connect(url, 1, config.DATABASE_POOL_WAIT_MS ?? 60_000)
    : Database.connect(url, config.DATABASE_POOL_SIZE, config.DATABASE_POOL_WAIT_MS ?? 10_000);
  try {
    if (config.DATABASE_SCHEMA) await useSchema(database, config.DATABASE_SCHEMA);
    await runMigrations(database);
  } catch (e) {
    await database.close();
    await embedded?.stop();
    throw e;
  }
  const what = !embedded
    ? 'DATABASE_URL'
    : embedded.db
      ? `embedded PGlite + pgvector on ${embedded.host}:${embedded.port}`
      : `embedded database served by another process on ${embedded.host}:${embedded.port}`;
  logger.log(`database ready in ${Date.now() - started} ms (${what})`);
  return {
    database,
    embedded,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}
