import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { RedisClientType } from 'redis';
import type { Server } from 'socket.io';
import type { RedisConnection } from '@parley/classroom';

/**
 * Puts the socket.io server on the Redis streams adapter so rooms span every api instance.
 * Without Redis, or when it is unreachable at start-up, the server stays on the in-memory adapter
 * (one instance). Publishing fails fast while Redis is down, and socket.io then still delivers
 * locally; the stream readers wait for Redis to come back and resume.
 */
export class RealtimeServer implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeServer.name);
  private readonly attached = new WeakSet<Server>();

  private constructor(private readonly publisher: RedisClientType | null) {}

  /** Prepared before the gateways start, so the adapter is in place before the first connection. */
  static async create(redis: RedisConnection): Promise<RealtimeServer> {
    if (!redis.client) return new RealtimeServer(null);
    if (!redis.isReady()) {
      new Logger(RealtimeServer.name).warn(
        'redis is unavailable: socket.io serves this instance only (restart with redis up to scale out)',
      );
      return new RealtimeServer(null);
    }
    return new RealtimeServer(await failFastPublisher(redis.client));
  }

  attach(server: Server): void {
    if (this.attached.has(server) || !this.publisher) return;
    this.attached.add(server);
    server.adapter(createAdapter(this.publisher, { blockTimeInMs: 1000, maxLen: 10_000 }));
    this.logger.log('socket.io is using the redis streams adapter');
  }

  onApplicationShutdown(): void {
    if (this.publisher?.isOpen) this.publisher.destroy();
  }
}

/**
 * The adapter publishes with this client (no offline queue: a broadcast must not wait for Redis)
 * and reads streams with its duplicates (offline queue on: a blocked read waits for Redis instead
 * of spinning on immediate failures).
 */
async function failFastPublisher(base: RedisClientType): Promise<RedisClientType> {
  const publisher = base.duplicate({ disableOfflineQueue: true }) as RedisClientType;
  publisher.on('error', () => undefined);
  await publisher.connect();
  const duplicate = publisher.duplicate.bind(publisher);
  Object.assign(publisher, {
    duplicate: (overrides?: Parameters<RedisClientType['duplicate']>[0]) =>
      duplicate({ disableOfflineQueue: false, ...overrides }),
  });
  return publisher;
}
