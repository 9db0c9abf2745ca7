import { createTestDatabase } from './testing';
import { toErrorBody } from '@parley/core';
import { Database } from './database';
import { runMigrations } from './migrations';
import type { DatabaseHandle } from './database.provider';

describe('embedded database', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it('serves pgvector through the Postgres wire protocol', async () => {
    const rows = await handle.database.query<{ d: number }>(
      `SELECT ('[1,0,0]'::vector <=> '[0,1,0]'::vector) AS d`,
    );
    expect(rows[0].d).toBeCloseTo(1);
  });

  it('does not apply migrations twice', async () => {
    expect(await runMigrations(handle.database)).toEqual([]);
  });

  it('rolls back a failed transaction', async () => {
    await handle.database.query('CREATE TABLE t_rollback (x int)');
    await expect(
      handle.database.transaction(async (c) => {
        await c.query('INSERT INTO t_rollback VALUES (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await handle.database.query('SELECT * FROM t_rollback');
    expect(rows).toHaveLength(0);
  });

  it('keeps concurrent increments apart when each locks the row it updates (true on every backend)', async () => {
    await handle.database.query('CREATE TABLE t_counter (id int PRIMARY KEY, n int)');
    await handle.database.query('INSERT INTO t_counter VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 8 }, () =>
        handle.database.transaction(async (c) => {
          // FOR UPDATE makes a second transaction wait for the first one's commit, then read its value.
          const { rows } = await c.query<{ n: number }>('SELECT n FROM t_counter WHERE id = 1 FOR UPDATE');
          await new Promise((r) => setTimeout(r, 5));
          await c.query('UPDATE t_counter SET n = $1 WHERE id = 1', [rows[0].n + 1]);
        }),
      ),
    );
    const rows = await handle.database.query<{ n: number }>('SELECT n FROM t_counter');
    expect(rows[0].n).toBe(8);
  });

  it('answers busy, not database_unavailable, when every pooled connection stays in use past the wait', async () => {
    const url = handle.embedded?.url ?? (process.env.TEST_DATABASE_URL as string);
    const small = Database.connect(url, 1, 50);
    let release: () => void = () => undefined;
    const held = small.transaction(() => new Promise<void>((r) => (release = r)));
    try {
      const refused = await small.query('SELECT 1').then(
        () => null,
        (e: unknown) => e,
      );
      expect(toErrorBody(refused)).toMatchObject({ statusCode: 503, code: 'busy' });
    } finally {
      release();
      await held;
    }
    // The connection it held is free again, and the pool serves the next query.
    expect(await small.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await small.close();
  });
});
