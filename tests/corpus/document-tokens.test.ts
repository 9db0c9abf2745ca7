import type { Database, DatabaseHandle } from '@parley/database';
import { createTestDatabase } from '../../libs/database/src/testing';

/** documents.tokens, the sum of the document's chunks' tokens, kept by triggers on chunks (migration 014). */
describe('a document’s token count', () => {
  let handle: DatabaseHandle;
  let db: Database;

  beforeAll(async () => {
    handle = await createTestDatabase();
    db = handle.database;
  });
  afterAll(async () => {
    await handle.close();
  });

  async function addDocument(id: string): Promise<void> {
    await db.query(
      `INSERT INTO documents (id, source, persona, author, title, date, date_from, date_to, sha256, content_hash, text)
       VALUES ($1, $1 || '.txt', 'p', 'An Author', 'A Title', '1901', '1901-01-01', '1901-12-31', 'x', 'x', '')`,
      [id],
    );
  }

  async function addChunks(id: string, tokens: number[]): Promise<void> {
    await db.query(
      `INSERT INTO chunks (document_id, ordinal, start_offset, end_offset, text, persona, date_to, title, tokens)
       SELECT $1, coalesce((SELECT max(ordinal) + 1 FROM chunks WHERE document_id = $1), 0) + o - 1, 0, 5,
              'words', 'p', '1901-12-31', 'A Title', n
         FROM unnest($2::int[]) WITH ORDINALITY AS u(n, o)`,
      [id, tokens],
    );
  }

  async function tokensOf(): Promise<Record<string, number>> {
    const rows = await db.query<{ id: string; tokens: number; summed: number }>(
      `SELECT d.id, d.tokens, coalesce((SELECT sum(tokens) FROM chunks c WHERE c.document_id = d.id), 0)::int AS summed
         FROM documents d ORDER BY d.id`,
    );
    for (const r of rows) expect(r.tokens).toBe(r.summed);
    return Object.fromEntries(rows.map((r) => [r.id, r.tokens]));
  }

  it('follows inserts, updates and deletes of its chunks, several documents in one statement', async () => {
    await addDocument('first');
    await addDocument('second');
    expect(await tokensOf()).toEqual({ first: 0, second: 0 });
    await addChunks('first', [7, 11, 13]);
    await addChunks('second', [5]);
    expect(await tokensOf()).toEqual({ first: 31, second: 5 });
    await addChunks('first', [2]);
    expect(await tokensOf()).toEqual({ first: 33, second: 5 });
    await db.query(`UPDATE chunks SET tokens = tokens + 1`);
    expect(await tokensOf()).toEqual({ first: 37, second: 6 });
    await db.query(`DELETE FROM chunks WHERE document_id = 'first' AND tokens = 12`);
    expect(await tokensOf()).toEqual({ first: 25, second: 6 });
  });

  it('lets a document be deleted with its chunks, and the others keep their counts', async () => {
    await db.query(`DELETE FROM documents WHERE id = 'first'`);
    expect(await tokensOf()).toEqual({ second: 6 });
  });
});
