import { createTestDatabase } from './testing';
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

  it('keeps concurrent transactions from interleaving', async () => {
    await handle.database.query('CREATE TABLE t_counter (n int)');
    await handle.database.query('INSERT INTO t_counter VALUES (0)');
    await Promise.all(
      Array.from({ length: 8 }, () =>
        handle.database.transaction(async (c) => {
          const { rows } = await c.query<{ n: number }>('SELECT n FROM t_counter');
          await new Promise((r) => setTimeout(r, 5));
          await c.query('UPDATE t_counter SET n = $1', [rows[0].n + 1]);
        }),
      ),
    );
    const rows = await handle.database.query<{ n: number }>('SELECT n FROM t_counter');
    expect(rows[0].n).toBe(8);
  });
});
