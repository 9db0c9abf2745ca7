import { QUESTION_RATE_LIMIT } from '@parley/contracts';
import { MemoryRateLimitStore } from './memory-rate-limit.store';

describe('the in-memory token bucket', () => {
  it('allows a burst of three questions, then one every three seconds', async () => {
    const store = new MemoryRateLimitStore();
    const at = async (ms: number) => (await store.consume('p1', QUESTION_RATE_LIMIT, ms)).allowed;
    expect([await at(0), await at(10), await at(20), await at(30)]).toEqual([true, true, true, false]);
    expect(await at(2999)).toBe(false);
    expect(await at(3100)).toBe(true);
    expect(await at(3200)).toBe(false);
  });

  it('says how long to wait before the next question', async () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i++) await store.consume('p1', QUESTION_RATE_LIMIT, 0);
    const refused = await store.consume('p1', QUESTION_RATE_LIMIT, 1000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(2000);
  });

  it('keeps participants apart', async () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i++) await store.consume('p1', QUESTION_RATE_LIMIT, 0);
    expect((await store.consume('p2', QUESTION_RATE_LIMIT, 0)).allowed).toBe(true);
  });

  it('never holds more than its capacity after a long pause', async () => {
    const store = new MemoryRateLimitStore();
    await store.consume('p1', QUESTION_RATE_LIMIT, 0);
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push((await store.consume('p1', QUESTION_RATE_LIMIT, 3_600_000)).allowed);
    expect(results).toEqual([true, true, true, false]);
  });

  it('tells whether a question would be allowed without spending one', async () => {
    const store = new MemoryRateLimitStore();
    for (let i = 0; i < 3; i++) expect((await store.peek('p1', QUESTION_RATE_LIMIT, 0)).allowed).toBe(true);
    for (let i = 0; i < 3; i++) await store.consume('p1', QUESTION_RATE_LIMIT, 0);
    expect(await store.peek('p1', QUESTION_RATE_LIMIT, 1000)).toEqual({ allowed: false, retryAfterMs: 2000 });
    expect((await store.peek('p1', QUESTION_RATE_LIMIT, 3000)).allowed).toBe(true);
    expect((await store.consume('p1', QUESTION_RATE_LIMIT, 3000)).allowed).toBe(true);
  });
});
