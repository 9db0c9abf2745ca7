import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@parley/config';
import { Database, DatabaseModule } from '@parley/database';
import { FIXTURE_PERSONAS } from '../../support/fixture-corpus';
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

/** A test's own chunk: its text and, for the vector leg, a hand-set 2-d vector (embedder `test-2d`). */
export interface SeedChunk {
  text: string;
  vector?: readonly number[];
}

/**
 * Writes one document of the fixture secretary (or of `persona`), dated `year`, whose text is its chunks joined by
 * blank lines, and its chunks with their offsets (and vectors, where given). Returns the chunk ids in order.
 */
export async function seedDocument(
  db: Database,
  doc: {
    id: string;
    title: string;
    year: string;
    chunks: readonly SeedChunk[];
    persona?: { id: string; name: string };
  },
): Promise<string[]> {
  const persona = doc.persona ?? FIXTURE_PERSONAS.secretary;
  const text = doc.chunks.map((c) => c.text).join('\n\n');
  await db.query(
    `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, sha256, content_hash, text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'x', 'x', $9)`,
    [
      doc.id,
      `${persona.id}/${doc.id}.txt`,
      persona.id,
      persona.name,
      doc.title,
      doc.year,
      `${doc.year}-01-01`,
      `${doc.year}-12-31`,
      text,
    ],
  );
  const ids: string[] = [];
  let start = 0;
  for (const [ordinal, c] of doc.chunks.entries()) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, persona, date_to, title, tokens)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
      [
        doc.id,
        ordinal,
        start,
        start + c.text.length,
        c.text,
        persona.id,
        `${doc.year}-12-31`,
        doc.title,
        c.text.split(' ').length,
      ],
    );
    start += c.text.length + 2;
    ids.push(row.id);
    if (c.vector)
      await db.query(
        `INSERT INTO chunk_embeddings (chunk_id, embedder, dims, embedding) VALUES ($1, 'test-2d', 2, $2::vector)`,
        [row.id, `[${c.vector.join(',')}]`],
      );
  }
  return ids;
}
