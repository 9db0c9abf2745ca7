import type { RedisClientType } from 'redis';
import { withTimeout } from '@parley/core';

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
 * - A Redis that stalls without closing the connection is treated as down for publishing (see stallGuard).
 */
export async function createAdapterClient(base: RedisClientType): Promise<RedisClientType> {
  const publisher = base.duplicate({ disableOfflineQueue: true }) as RedisClientType;
  publisher.on('error', () => undefined);
  await publisher.connect();
  tolerateUnhandled(publisher, ['set', 'publish', 'sPublish', 'xAdd'], stallGuard());
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

type Guard = (work: Promise<unknown>) => Promise<unknown>;

// With connection state recovery every socket.emit goes through the adapter, which delivers locally only
// after its XADD settles: a Redis that stalls (connection open, no replies) would freeze every socket.
const PUBLISH_TIMEOUT_MS = 500;
const STALLED_FOR_MS = 2_000;

/** Fails a publish that Redis leaves unanswered, and fails the next ones at once for a while after that. */
function stallGuard(): Guard {
  let stalledUntil = 0;
  return (work) => {
    if (Date.now() < stalledUntil) return Promise.reject(new Error('redis is not answering'));
    return withTimeout(work, PUBLISH_TIMEOUT_MS, () => {
      stalledUntil = Date.now() + STALLED_FOR_MS;
      return new Error(`redis did not answer within ${PUBLISH_TIMEOUT_MS} ms`);
    });
  };
}

function tolerateUnhandled(client: RedisClientType, methods: string[], guard?: Guard): void {
  const target = client as unknown as Record<string, unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      let result: unknown = (original as (...a: unknown[]) => unknown).apply(client, args);
      if (result instanceof Promise) {
        result.catch(() => undefined);
        if (guard) {
          result = guard(result);
          (result as Promise<unknown>).catch(() => undefined);
        }
      }
      return result;
    };
  }
}
