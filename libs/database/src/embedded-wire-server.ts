import { createServer, type Server, type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { SessionGate } from './session-gate';

type QueryQueue = ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];

export interface EmbeddedWireServerOptions {
  db: PGlite;
  host: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  maxConnections: number;
}

/**
 * Serves PGlite over the Postgres wire protocol to several connections. pglite-socket's handler reads each
 * connection's messages (startup, SSL refusal, framing); our `SessionGate` decides whose turn it is, so that a pool of
 * connections sees what it would see on a real server with one writer at a time (pglite-socket's own server
 * interleaves extended-protocol exchanges and shares one connection's `SET`s with all).
 */
export class EmbeddedWireServer {
  private readonly logger = new Logger(EmbeddedWireServer.name);
  private readonly gate: SessionGate;
  private readonly handlers = new Set<PGLiteSocketHandler>();
  private server: Server | null = null;

  constructor(private readonly options: EmbeddedWireServerOptions) {
    this.gate = new SessionGate(options.db);
  }

  /** Listens; resolves with the bound port. */
  async start(): Promise<number> {
    await this.options.db.waitReady;
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (e) => this.logger.warn(`embedded wire server: ${e.message}`));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('embedded Postgres did not report its port');
    return address.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await Promise.all([...this.handlers].map((h) => h.detach(true)));
    this.handlers.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (!this.server || this.handlers.size >= this.options.maxConnections) {
      // A Postgres ErrorResponse would be kinder, but the client has not spoken yet: closing is what pg expects.
      socket.destroy();
      return;
    }
    const handler = new PGLiteSocketHandler({
      // SessionGate has the queue's public shape; the type is pglite-socket's class, not exported as an interface.
      queryQueue: this.gate as unknown as QueryQueue,
      closeOnDetach: true,
    });
    this.handlers.add(handler);
    const drop = () => this.handlers.delete(handler);
    handler.addEventListener('close', drop);
    handler.addEventListener('error', drop);
    handler.attach(socket).catch((e: Error) => {
      drop();
      this.logger.warn(`embedded wire server: ${e.message}`);
      socket.destroy();
    });
  }
}
