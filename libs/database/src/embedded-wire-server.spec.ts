import { Client } from 'pg';
import { Database } from './database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

// What `npm run db:serve` gives a pool of 8: each connection behaves as its own session, as on a real server.
describe('the embedded database served to a pool of 8 connections', () => {
  let server: EmbeddedPostgres;
  let db: Database;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir: 'memory://' });
    db = Database.connect(server.url, 8);
    await db.query('CREATE TABLE t_wire (tag int, n int)');
    await db.query('CREATE SCHEMA wire_a');
    await db.query('CREATE SCHEMA wire_b');
  });
  afterAll(async () => {
    await db.close();
    await server.stop();
  });

  it("answers each connection's parameterised queries with its own results while others run transactions", async () => {
    // Half the connections query alone, half inside BEGIN … COMMIT (simple-protocol statements between the others'
    // Parse … Sync exchanges).
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async (_, tag) => {
        const seen: number[] = [];
        for (let i = 0; i < 10; i++) {
          const sql = 'SELECT $1::int * 100 + $2::int AS v';
          const rows =
            tag % 2 === 0
              ? await db.query<{ v: number }>(sql, [tag, i])
              : await db.transaction(async (c) => (await c.query<{ v: number }>(sql, [tag, i])).rows);
          seen.push(rows[0].v);
        }
        return seen;
      }),
    );
    rounds.forEach((seen, tag) => expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => tag * 100 + i)));
  });

  it('keeps interleaved transactions apart: each sees only its own rows until commit, and a rollback leaves none', async () => {
    const insideCounts = await Promise.all(
      Array.from({ length: 8 }, (_, tag) =>
        db
          .transaction(async (c) => {
            for (let n = 0; n < 3; n++) {
              await c.query('INSERT INTO t_wire VALUES ($1, $2)', [tag, n]);
              await new Promise((r) => setTimeout(r, 1));
            }
            const { rows } = await c.query<{ count: string }>('SELECT count(*) FROM t_wire');
            if (tag % 2 === 1) throw new Error('roll back');
            return Number(rows[0].count);
          })
          .catch(() => -1),
      ),
    );
    const committed = insideCounts.filter((c) => c >= 0);
    expect(committed).toHaveLength(4);
    // Every committed transaction saw its own 3 rows and at most the rows of those committed before it.
    expect(new Set(committed.map((c) => c % 3))).toEqual(new Set([0]));
    const rows = await db.query<{ tag: number }>('SELECT DISTINCT tag FROM t_wire ORDER BY tag');
    expect(rows.map((r) => r.tag)).toEqual([0, 2, 4, 6]);
    const [{ count }] = await db.query<{ count: string }>('SELECT count(*) FROM t_wire');
    expect(Number(count)).toBe(12);
  });

  it("keeps each connection's SET search_path to itself", async () => {
    const a = new Client({ connectionString: server.url });
    const b = new Client({ connectionString: server.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('SET search_path TO wire_a, public');
      await b.query('SET search_path TO wire_b, public');
      // Both clients query at once, each its turns in order (pg runs one query at a time per client).
      const [seenA, seenB] = await Promise.all(
        [a, b].map(async (client) => {
          const seen: string[] = [];
          for (let i = 0; i < 4; i++)
            seen.push((await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s);
          return seen;
        }),
      );
      expect(seenA).toEqual(['wire_a', 'wire_a', 'wire_a', 'wire_a']);
      expect(seenB).toEqual(['wire_b', 'wire_b', 'wire_b', 'wire_b']);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('rolls back the transaction of a connection that closes inside it, and serves the others again', async () => {
    const quitter = new Client({ connectionString: server.url });
    quitter.on('error', () => undefined);
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query('INSERT INTO t_wire VALUES (99, 0)');
    // The others wait for the open transaction; they get their turn once its connection is gone.
    const waiting = db.query<{ count: string }>('SELECT count(*) FROM t_wire WHERE tag = 99');
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const [{ count }] = await waiting;
    expect(Number(count)).toBe(0);
  });
});
