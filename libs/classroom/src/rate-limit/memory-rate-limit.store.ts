import type { RateLimitDecision, RateLimitRule, RateLimitStore } from './rate-limit.rules';

interface Bucket {
  tokens: number;
  updatedMs: number;
  fullAfterMs: number;
}

const SWEEP_EVERY = 1000;

/** Token buckets in this process's memory (the fallback when Redis is absent or failing). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private calls = 0;

  consume(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision> {
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(nowMs);
    const previous = this.buckets.get(key);
    const refilled = previous
      ? Math.min(
          rule.capacity,
          previous.tokens + (Math.max(0, nowMs - previous.updatedMs) / 1000) * rule.refillPerSecond,
        )
      : rule.capacity;
    const allowed = refilled >= 1;
    const tokens = allowed ? refilled - 1 : refilled;
    const perTokenMs = 1000 / rule.refillPerSecond;
    this.buckets.set(key, {
      tokens,
      updatedMs: nowMs,
      fullAfterMs: nowMs + (rule.capacity - tokens) * perTokenMs,
    });
    // Rounded to the microsecond first so floating-point dust does not add a millisecond.
    const wait = Math.ceil(Math.round((1 - tokens) * perTokenMs * 1000) / 1000);
    return Promise.resolve({ allowed, retryAfterMs: allowed ? 0 : wait });
  }

  /** Full buckets carry no information: forget them so memory stays bounded. */
  private sweep(nowMs: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.fullAfterMs <= nowMs) this.buckets.delete(key);
  }
}
