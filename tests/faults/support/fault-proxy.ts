import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server (Postgres, Redis) that a test can break in the ways networks
 * break: refuse new connections and drop open ones (`cut`), or stop passing bytes while connections
 * stay open (`hold`, a server that hangs mid-request). `restore` puts it back on the same port.
 */
export class FaultProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  private holding = false;
  /** Bytes clients sent while the proxy was holding (proof that a request reached the "network"). */
  heldBytes = 0;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens on `port` (0: a free one, remembered for `restore`). */
  async start(port = this.port): Promise<number> {
    const server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** Refuses new connections (ECONNREFUSED) and destroys the open ones (the peer sees its connection end). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.holding = false;
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Keeps connections open but passes nothing from clients to the server until `cut` or `release`. */
  hold(): void {
    this.holding = true;
    this.heldBytes = 0;
  }

  /** Passes on what was held and resumes forwarding. */
  release(): void {
    this.holding = false;
    for (const p of this.pairs) for (const chunk of p.held.splice(0)) p.upstream.write(chunk);
  }

  /** Listens again on the same port after a `cut`. */
  async restore(): Promise<void> {
    if (!this.server) await this.start(this.port);
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    const pair = { client, upstream, held: [] as Buffer[] };
    this.pairs.add(pair);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('data', (chunk: Buffer) => {
      if (this.holding) {
        this.heldBytes += chunk.length;
        pair.held.push(chunk);
      } else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('close', end);
  }
}
