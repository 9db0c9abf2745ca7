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

/** Connects to DATABASE_URL, or starts the embedded database; then applies migrations. */
export async function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  const started = Date.now();
  let embedded: EmbeddedPostgres | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.PGLITE_DATA_DIR ?? join(dataDir(config), 'pglite'),
    });
    url = embedded.url;
  }
  // pglite-socket interleaves the wire messages of concurrent connections on PGlite's single session
  // (outside transactions), so the embedded database gets one connection and pg queues the rest. Under load
  // that queue is long by design (50 concurrent chats measured p50 5.5 s), so the embedded pool waits up to a
  // minute for its turn before answering `database_unavailable`; a real server keeps 10 s.
  const database = embedded ? Database.connect(url, 1, 60_000) : Database.connect(url, 8);
  try {
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
