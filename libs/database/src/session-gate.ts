import { Logger } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { ReadyForQueryScanner } from './ready-for-query';

interface Pending {
  connection: number;
  /** A wire message of the client, or null for "the client is gone: end what it left open". */
  message: Uint8Array | null;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

/** Session settings (`SET …`) of one connection, by name. */
type Settings = Record<string, string>;

// Sync: ends an extended-protocol exchange a client left half done; the backend answers ReadyForQuery.
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
// Terminate: a client saying goodbye. PGlite's one session must outlive it, so it is not passed on.
const TERMINATE = 0x58;

/**
 * The query queue of the embedded server's wire connections. PGlite is ONE Postgres session, so two connections'
 * messages must not interleave: a connection that starts an exchange (a query, an extended-protocol
 * Parse…Sync, a transaction block) has the session to itself until the backend reports it idle (ReadyForQuery
 * 'I'); the others' messages wait in order. Each connection keeps its own session settings (`SET search_path`):
 * they are saved when another connection takes the session and put back when it returns. Connections that keep
 * a transaction open therefore hold everyone else off until they end it: one writer at a time, as PGlite is.
 *
 * Shaped as pglite-socket's QueryQueueManager (`enqueue`, `clearQueueForHandler`, `clearTransactionIfNeeded`,
 * `getQueueLength`), whose own queue keeps transaction blocks apart but not extended-protocol exchanges or settings.
 */
export class SessionGate {
  private readonly logger = new Logger(SessionGate.name);
  private queue: Pending[] = [];
  /** The connection whose exchange is under way; null when the session is idle. */
  private owner: number | null = null;
  /** The connection whose settings the session holds now. */
  private holder: number | null = null;
  private readonly saved = new Map<number, Settings>();
  private readonly gone = new Set<number>();
  private pumping = false;

  constructor(private readonly db: PGlite) {}

  /** Runs one wire message of `connection` when the session is its turn; resolves with the bytes answered. */
  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return this.push(connection, message, onData);
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** Drops the waiting messages of a connection that went away. */
  clearQueueForHandler(connection: number): void {
    const kept: Pending[] = [];
    for (const p of this.queue) {
      if (p.connection === connection && p.message) p.reject(new Error('connection closed'));
      else kept.push(p);
    }
    this.queue = kept;
  }

  /** A connection went away: rolls back what it left open, then forgets it. */
  clearTransactionIfNeeded(connection: number): Promise<void> {
    this.gone.add(connection);
    return this.push(connection, null, () => undefined).then(() => undefined);
  }

  private push(connection: number, message: Uint8Array | null, onData: (data: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ connection, message, onData, resolve, reject });
      void this.pump();
    });
  }

  // Only one pump runs: it is the only code that talks to PGlite, so its order is the session's order.
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.takeNext(); next; next = this.takeNext()) await this.serve(next);
    } finally {
      this.pumping = false;
    }
  }

  /** The owner's next message while it has the session, else the oldest waiting one. */
  private takeNext(): Pending | undefined {
    const i = this.owner === null ? 0 : this.queue.findIndex((p) => p.connection === this.owner);
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async serve(p: Pending): Promise<void> {
    try {
      if (p.message === null || p.message[0] === TERMINATE) {
        await this.forget(p.connection);
        p.resolve(0);
        return;
      }
      if (this.owner === null) await this.takeSession(p.connection);
      const scanner = new ReadyForQueryScanner();
      let bytes = 0;
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(p.message as Uint8Array, {
          onRawData: (data) => {
            bytes += data.length;
            scanner.push(data);
            p.onData(data);
          },
        }),
      );
      // Only an idle backend frees the session: 'T'/'E' (a transaction block) or no ReadyForQuery yet (Parse,
      // Bind, … before their Sync; COPY) keep it for this connection.
      this.owner = scanner.readyStatus() === 'I' ? null : p.connection;
      p.resolve(bytes);
    } catch (e) {
      p.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  private async takeSession(connection: number): Promise<void> {
    this.owner = connection;
    if (this.holder === connection) return;
    const current = await this.sessionSettings();
    if (this.holder !== null && !this.gone.has(this.holder)) this.saved.set(this.holder, current);
    const wanted = this.saved.get(connection) ?? {};
    this.holder = connection;
    if (sameSettings(current, wanted)) return;
    await this.db.exec('RESET ALL');
    if (Object.keys(wanted).length > 0)
      await this.db.query(`SELECT set_config(key, value, false) FROM json_each_text($1::json)`, [
        JSON.stringify(wanted),
      ]);
  }

  private async forget(connection: number): Promise<void> {
    if (this.owner === connection) {
      this.logger.debug(`connection ${connection} closed mid-exchange: ending it`);
      await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      this.owner = null;
    }
    this.saved.delete(connection);
    this.gone.delete(connection);
    if (this.holder === connection) this.holder = null;
  }

  private async sessionSettings(): Promise<Settings> {
    const { rows } = await this.db.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE source = 'session' ORDER BY name`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
  }
}

function sameSettings(a: Settings, b: Settings): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
