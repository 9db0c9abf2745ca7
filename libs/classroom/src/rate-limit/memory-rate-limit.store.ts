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
    const refilled = this.refilled(key, rule, nowMs);
    const allowed = refilled >= 1;
    const tokens = allowed ? refilled - 1 : refilled;
    const perTokenMs = 1000 / rule.refillPerSecond;
    this.buckets.set(key, {
      tokens,
      updatedMs: nowMs,
      fullAfterMs: nowMs + (rule.capacity - tokens) * perTokenMs,
    });
    return Promise.resolve({ allowed, retryAfterMs: allowed ? 0 : waitMs(tokens, perTokenMs) });
  }

  peek(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision> {
    const tokens = this.refilled(key, rule, nowMs);
    const allowed = tokens >= 1;
    return Promise.resolve({
      allowed,
      retryAfterMs: allowed ? 0 : waitMs(tokens, 1000 / rule.refillPerSecond),
    });
  }

  private refilled(key: string, rule: RateLimitRule, nowMs: number): number {
    const previous = this.buckets.get(key);
    return previous
      ? Math.min(
          rule.capacity,
          previous.tokens + (Math.max(0, nowMs - previous.updatedMs) / 1000) * rule.refillPerSecond,
        )
      : rule.capacity;
  }

  /** Full buckets carry no information: forget them so memory stays bounded. */
  private sweep(nowMs: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.fullAfterMs <= nowMs) this.buckets.delete(key);
  }
}

/** Time until one token is back; rounded to the microsecond first so floating-point dust does not add a millisecond. */
function waitMs(tokens: number, perTokenMs: number): number {
  return Math.ceil(Math.round((1 - tokens) * perTokenMs * 1000) / 1000);
}
