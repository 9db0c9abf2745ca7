import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { RedisClientType } from 'redis';
import type { Server } from 'socket.io';
import type { RedisConnection } from '@parley/classroom';
import { createAdapterClient } from './redis-adapter-client';

/**
 * Puts the socket.io server on the Redis streams adapter so rooms span every api instance.
 * Without Redis, or when it is unreachable at start-up, the server stays on the in-memory adapter
 * (one instance). While Redis is down later, broadcasts still reach this instance's sockets and
 * the adapter resumes when Redis returns (see createAdapterClient).
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
    return new RealtimeServer(await createAdapterClient(redis.client));
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
