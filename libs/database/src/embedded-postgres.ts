import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { EmbeddedWireServer } from './embedded-wire-server';

export interface EmbeddedPostgresOptions {
  /** A directory for the data files, or `memory://` for a throw-away database. */
  dataDir: string;
  host?: string;
  /** 0 (the default) lets the OS pick a free port: a system Postgres may hold 5432. */
  port?: number;
  /** Concurrent wire connections; each exchange or transaction of one has the database to itself until it ends. */
  maxConnections?: number;
  /** Postgres' shared_buffers (default `SHARED_BUFFERS`). */
  sharedBuffers?: string;
}

export interface EmbeddedPostgres {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Null when another process already serves this data directory and we connect to it instead. */
  readonly db: PGlite | null;
  stop(): Promise<void>;
}

const logger = new Logger('EmbeddedPostgres');

// PGlite zeroes its shared memory with a WebAssembly memset at every open: with Postgres' default 128 MB that was the
// largest single cost of a restart (~0.45 s of CPU of ~1.9 s to open). 32 MB still holds the corpus' hot pages
// (vector and full-text query times measured the same on the real corpus); misses are reads from the OS page cache.
const SHARED_BUFFERS = '32MB';

/** Starts PGlite with pgvector and serves it over the Postgres wire protocol on a loopback port. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) {
    mkdirSync(options.dataDir, { recursive: true });
    // PGlite must not be opened twice on one directory: reuse the process that already serves it.
    const running = await findRunningServer(options.dataDir);
    if (running) {
      logger.debug(`using the embedded database already served at ${running.host}:${running.port}`);
      return {
        url: urlFor(running.host, running.port),
        host: running.host,
        port: running.port,
        db: null,
        stop: async () => undefined,
      };
    }
  }
  if (!inMemory && !existsSync(join(options.dataDir, 'PG_VERSION'))) {
    // Without this line the first start is 20 s of silence.
    logger.log(`setting up the embedded database in ${options.dataDir} (first run only, about 20 s)`);
  }
  const db = await PGlite.create(inMemory ? undefined : options.dataDir, {
    extensions: { vector },
    startParams: [
      ...PGlite.defaultStartParams,
      '-c',
      `shared_buffers=${options.sharedBuffers ?? SHARED_BUFFERS}`,
    ],
  });
  const host = options.host ?? '127.0.0.1';
  const server = new EmbeddedWireServer({
    db,
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 16,
  });
  const port = await server.start();
  logger.debug(`embedded Postgres (PGlite + pgvector) on ${host}:${port}, data: ${options.dataDir}`);
  const lock = inMemory ? null : lockFile(options.dataDir);
  if (lock) writeFileSync(lock, JSON.stringify({ pid: process.pid, host, port }));
  let stopped = false;
  return {
    url: urlFor(host, port),
    host,
    port,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      if (lock) rmSync(lock, { force: true });
    },
  };
}

function urlFor(host: string, port: number): string {
  return `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`;
}

function lockFile(dataDir: string): string {
  return join(dataDir, '.parley-server.json');
}

async function findRunningServer(dataDir: string): Promise<{ host: string; port: number } | null> {
  const lock = lockFile(dataDir);
  if (!existsSync(lock)) return null;
  try {
    const info = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; host: string; port: number };
    if (info.pid === process.pid) return null;
    process.kill(info.pid, 0);
    if (await canConnect(info.host, info.port)) return info;
  } catch {
    // A stale lock (the process is gone): take over below.
  }
  rmSync(lock, { force: true });
  return null;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
