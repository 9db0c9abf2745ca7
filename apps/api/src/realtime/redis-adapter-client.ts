import type { RedisClientType } from 'redis';

/**
 * The Redis client handed to `@socket.io/redis-streams-adapter`, shaped for outages:
 *
 * - It publishes without an offline queue, so a broadcast fails at once while Redis is down and
 *   socket.io still delivers it to this instance's sockets (instead of waiting for Redis).
 * - Its duplicates (the adapter's stream reader and subscriber) keep the offline queue: a blocked
 *   read then waits for Redis to return instead of spinning on immediate failures.
 * - The adapter fires some commands without handling their failure (SUBSCRIBE, PUBLISH for
 *   ephemeral messages, SET for connection-state sessions); during an outage those rejections would
 *   be unhandled and take the process down. Each such promise gets a no-op handler here; callers
 *   that await it still see the error.
 */
export async function createAdapterClient(base: RedisClientType): Promise<RedisClientType> {
  const publisher = base.duplicate({ disableOfflineQueue: true }) as RedisClientType;
  publisher.on('error', () => undefined);
  await publisher.connect();
  tolerateUnhandled(publisher, ['set', 'publish', 'sPublish', 'xAdd']);
  const duplicate = publisher.duplicate.bind(publisher);
  Object.assign(publisher, {
    duplicate: (overrides?: Parameters<RedisClientType['duplicate']>[0]) => {
      const client = duplicate({ disableOfflineQueue: false, ...overrides }) as unknown as RedisClientType;
      tolerateUnhandled(client, ['subscribe', 'sSubscribe']);
      return client;
    },
  });
  return publisher;
}

function tolerateUnhandled(client: RedisClientType, methods: string[]): void {
  const target = client as unknown as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      const result: unknown = (original as (...a: unknown[]) => unknown).apply(client, args);
      if (result instanceof Promise) result.catch(() => undefined);
      return result;
    };
  }
}
