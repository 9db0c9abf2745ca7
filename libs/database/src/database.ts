import { Logger } from '@nestjs/common';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { AppError, ErrorCode, isDatabaseUnavailable } from '@parley/core';

export type Queryable = Pick<PoolClient, 'query'>;

/** The error of a request that found every database connection busy for too long: the database is up, we are full. */
export function poolBusyError(): AppError {
  return new AppError(
    ErrorCode.Busy,
    'Parley is answering as many questions as it can. Please try again shortly.',
  );
}

/** The one `pg` pool through which all SQL runs, embedded or external. */
export class Database {
  private readonly logger = new Logger(Database.name);
  private closed = false;

  constructor(
    readonly pool: Pool,
    private readonly waitMs = 10_000,
  ) {
    // An idle client losing its connection (database restart) must not crash the process.
    pool.on('error', (err) => this.logger.warn(`idle database connection lost: ${err.message}`));
  }

  /**
   * At most `max` connections. Waiting for a free one and opening one are told apart: a full pool is load
   * (503 `busy` after `waitMs`), a connection that cannot be opened within `connectTimeoutMs` is an outage
   * (503 `database_unavailable`).
   */
  static connect(url: string, max = 8, waitMs = 10_000, connectTimeoutMs = 10_000): Database {
    const pool = new Pool({ connectionString: url, max, connectionTimeoutMillis: connectTimeoutMs });
    return new Database(pool, waitMs);
  }

  async query<T extends QueryResultRow = QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = await this.acquire();
    // As in `transaction`: a checked-out client whose connection drops emits 'error', which must be heard.
    const onError = (err: Error) => this.logger.warn(`database connection lost in a query: ${err.message}`);
    client.on('error', onError);
    let broken: Error | undefined;
    try {
      return (await client.query<T>(sql, params)).rows;
    } catch (e) {
      if (isDatabaseUnavailable(e)) broken = e as Error;
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /**
   * A pooled connection. When every connection is in use the wait is bounded by `waitMs` (pg-pool would apply its
   * connect timeout and report an outage); a connection that arrives after we gave up goes straight back.
   */
  private async acquire(): Promise<PoolClient> {
    const full = this.pool.totalCount >= (this.pool.options.max ?? 10) && this.pool.idleCount === 0;
    if (!full) return this.connectOrBusy();
    const pending = this.connectOrBusy();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(poolBusyError()), this.waitMs);
    });
    try {
      return await Promise.race([pending, gaveUp]);
    } catch (e) {
      pending.then((c) => c.release()).catch(() => undefined);
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  // pg-pool says 'timeout exceeded when trying to connect' only for a wait in its own queue (a pool that filled up
  // between our look and our request): that is load too, not an outage.
  private async connectOrBusy(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      if (e instanceof Error && e.message === 'timeout exceeded when trying to connect')
        throw poolBusyError();
      throw e;
    }
  }

  /** Runs `fn` in one transaction on one connection; rolls back on any error. */
  async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.acquire();
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
