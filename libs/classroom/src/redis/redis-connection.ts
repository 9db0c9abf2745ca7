import { Logger } from '@nestjs/common';
import type { RedisClientType } from 'redis';

export type RedisStatus = 'connected' | 'disabled' | 'unavailable';

/**
 * The Redis client for rate limits and the socket.io adapter, or none without REDIS_URL.
 * Commands fail fast while Redis is down (no offline queue), so callers fall back to local state
 * instead of waiting; the client keeps reconnecting in the background.
 */
export class RedisConnection {
  private readonly logger = new Logger(RedisConnection.name);
  private lastError: string | null = null;
  private closed = false;
  private readonly restoredListeners = new Set<() => void>();

  private constructor(readonly client: RedisClientType | null) {}

  static disabled(): RedisConnection {
    return new RedisConnection(null);
  }

  /** Connects, waiting at most `timeoutMs`; an unreachable Redis leaves the instance running without it. */
  static async open(url: string, timeoutMs: number): Promise<RedisConnection> {
    // Loaded only when configured: the client library costs a quarter of a second at every start-up.
    const { createClient } = await import('redis');
    const client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: Math.max(500, timeoutMs),
        reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000),
      },
    }) as RedisClientType;
    const connection = new RedisConnection(client);
    client.on('error', (e: Error) => connection.onError(e));
    client.on('ready', () => connection.onReady());
    const connected = client.connect().then(
      () => true,
      () => false,
    );
    const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    if (!(await Promise.race([connected, timedOut]))) {
      connection.logger.warn(
        `redis at ${redact(url)} is not reachable; running as a single instance until it is`,
      );
    }
    return connection;
  }

  isReady(): boolean {
    return Boolean(this.client?.isReady);
  }

  status(): RedisStatus {
    if (!this.client) return 'disabled';
    return this.client.isReady ? 'connected' : 'unavailable';
  }

  /** Calls `listener` each time Redis comes back after failing (instances could not reach each other meanwhile). */
  onRestored(listener: () => void): () => void {
    this.restoredListeners.add(listener);
    return () => this.restoredListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (!this.client || this.closed) return;
    this.closed = true;
    try {
      if (this.client.isOpen) this.client.destroy();
    } catch {
      // Already closed.
    }
  }

  private onError(e: Error): void {
    // node-redis reports every failed reconnect; log a change of error once, not every retry.
    if (e.message === this.lastError) return;
    this.lastError = e.message;
    this.logger.warn(`redis error: ${e.message}`);
  }

  private onReady(): void {
    const restored = this.lastError !== null;
    this.lastError = null;
    if (!restored) return;
    this.logger.log('redis connection restored');
    for (const listener of this.restoredListeners) listener();
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
