import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** A directory for the data files, or `memory://` for a throw-away database. */
  dataDir: string;
  host?: string;
  /** 0 (the default) lets the OS pick a free port: a system Postgres may hold 5432. */
  port?: number;
  /** Concurrent wire connections; the socket server queues their queries and keeps transactions apart. */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  readonly url: string;
  readonly port: number;
  readonly db: PGlite;
  stop(): Promise<void>;
}

const logger = new Logger('EmbeddedPostgres');

/** Starts PGlite with pgvector and serves it over the Postgres wire protocol on a loopback port. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const inMemory = options.dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(inMemory ? undefined : options.dataDir, { extensions: { vector } });
  const host = options.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 16,
  });
  await server.start();
  const port = boundPort(server);
  logger.log(`embedded Postgres (PGlite + pgvector) on ${host}:${port}, data: ${options.dataDir}`);
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    port,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}

function boundPort(server: PGLiteSocketServer): number {
  // The server does not expose the OS-assigned port through its public API; its net.Server does.
  const inner = (server as unknown as { server?: { address(): { port: number } | string | null } }).server;
  const address = inner?.address();
  if (!address || typeof address === 'string') throw new Error('embedded Postgres did not report its port');
  return address.port;
}
