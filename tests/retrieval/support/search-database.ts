import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@parley/config';
import { Database, DatabaseModule } from '@parley/database';
import { useTestEnvironment } from '../../support/test-env';

/** A migrated, empty test database for tests that write their own chunks and search them through the repository. */
export async function searchTestDatabase(): Promise<{ app: INestApplicationContext; db: Database }> {
  useTestEnvironment();
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule] }).compile();
  const app = await moduleRef.init();
  return { app, db: app.get(Database) };
}

/** The BM25 statistics ingest would write for the chunks now in the database (windows counted as one token). */
export async function writeSearchStats(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO lexeme_stats (lexeme, df) SELECT word, ndoc FROM ts_stat('SELECT tsv FROM chunks')`,
  );
  await db.query(
    `INSERT INTO corpus_stats (chunks, avg_tokens, avg_window_tokens) SELECT count(*), avg(tokens), 1 FROM chunks`,
  );
}
