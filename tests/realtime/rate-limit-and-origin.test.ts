import { randomUUID } from 'node:crypto';
import { QUESTION_RATE_LIMIT } from '@parley/contracts';
import { RedisConnection } from '@parley/classroom';
import { RedisRateLimitStore } from '../../libs/classroom/src/rate-limit/redis-rate-limit.store';
import { isOriginAllowed } from '../../apps/api/src/realtime/socket-server.options';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('the Redis token bucket', () => {
  let one: RedisConnection;
  let two: RedisConnection;
  beforeAll(async () => {
    one = await RedisConnection.open(REDIS_URL, 2000);
    two = await RedisConnection.open(REDIS_URL, 2000);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('is one bucket for every instance: a burst of three, then a wait', async () => {
    const key = `test:${randomUUID()}`;
    const a = new RedisRateLimitStore(one);
    const b = new RedisRateLimitStore(two);
    const results = [
      await a.consume(key, QUESTION_RATE_LIMIT, 0),
      await b.consume(key, QUESTION_RATE_LIMIT, 10),
      await a.consume(key, QUESTION_RATE_LIMIT, 20),
      await b.consume(key, QUESTION_RATE_LIMIT, 1020),
    ];
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3].retryAfterMs).toBeGreaterThan(1900);
    expect(results[3].retryAfterMs).toBeLessThanOrEqual(2000);
    expect((await a.consume(key, QUESTION_RATE_LIMIT, 3100)).allowed).toBe(true);
  });

  it('answers a peek with what a take would decide, and takes nothing', async () => {
    const key = `test:${randomUUID()}`;
    const store = new RedisRateLimitStore(one);
    expect(await store.peek(key, QUESTION_RATE_LIMIT, 0)).toEqual({ allowed: true, retryAfterMs: 0 });
    for (let i = 0; i < 3; i++) await store.consume(key, QUESTION_RATE_LIMIT, 0);
    const first = await store.peek(key, QUESTION_RATE_LIMIT, 1000);
    expect(first.allowed).toBe(false);
    expect(first.retryAfterMs).toBeGreaterThan(1900);
    expect(first.retryAfterMs).toBeLessThanOrEqual(2001);
    expect(await store.peek(key, QUESTION_RATE_LIMIT, 1000)).toEqual(first);
    expect(await store.consume(key, QUESTION_RATE_LIMIT, 1000)).toEqual(first);
    expect((await store.consume(key, QUESTION_RATE_LIMIT, 3100)).allowed).toBe(true);
  });

  it('lets its keys expire once full again', async () => {
    const key = `test:${randomUUID()}`;
    await new RedisRateLimitStore(one).consume(key, QUESTION_RATE_LIMIT, Date.now());
    const ttl = await one.client?.pTTL(`parley:rl:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(4000);
  });
});

describe('the socket handshake origin check', () => {
  const allowed = ['http://school.example'];

  it('accepts a listed origin', () => {
    expect(isOriginAllowed('http://school.example', 'api.example', allowed)).toBe(true);
  });

  it('accepts the page the api itself serves', () => {
    expect(isOriginAllowed('https://parley.example', 'parley.example', allowed)).toBe(true);
  });

  it('refuses any other page, including a null origin', () => {
    expect(isOriginAllowed('https://evil.example', 'parley.example', allowed)).toBe(false);
    expect(isOriginAllowed('null', 'parley.example', allowed)).toBe(false);
  });

  it('accepts a client that is not a browser (no Origin header)', () => {
    expect(isOriginAllowed(undefined, 'parley.example', allowed)).toBe(true);
  });
});
