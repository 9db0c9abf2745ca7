import { Logger } from '@nestjs/common';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { isDatabaseUnavailable } from '@parley/core';

export type Queryable = Pick<PoolClient, 'query'>;

/** The one `pg` pool through which all SQL runs, embedded or external. */
export class Database {
  private readonly logger = new Logger(Database.name);
  private closed = false;

  constructor(readonly pool: Pool) {
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', (err) => this.logger.warn(`idle database connection lost: ${err.message}`));
  }

  /**
   * `acquireTimeoutMs` bounds both connecting and waiting for a free pooled connection (pg-pool uses one
   * timeout for the two); past it a request fails with `database_unavailable`.
   */
  static connect(url: string, max = 8, acquireTimeoutMs = 10_000): Database {
    return new Database(new Pool({ connectionString: url, max, connectionTimeoutMillis: acquireTimeoutMs }));
  }

  async query<T extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.pool.query<T>(sql, params);
    return result.rows;
  }

  /** Runs `fn` in one transaction on one connection; rolls back on any error. */
  async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client whose connection drops emits 'error'; unheard, that would crash the process.
    // The failing query rejects as well, which is what the caller sees.
    const onError = (err: Error) =>
      this.logger.warn(`database connection lost in a transaction: ${err.message}`);
    client.on('error', onError);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      // A connection that failed is discarded by the pool (release with an error) instead of being reused.
      if (isDatabaseUnavailable(e)) broken = e as Error;
      else await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async isHealthy(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
