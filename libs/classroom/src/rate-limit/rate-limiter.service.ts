import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode, withTimeout, errorMessage } from '@parley/core';
import { CLASSROOM_OPTIONS, CLOCK, type Clock, type ResolvedClassroomOptions } from '../classroom.options';
import { RedisConnection } from '../redis/redis-connection';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import {
  DEFAULT_RATE_LIMITS,
  type RateLimitDecision,
  type RateLimitRule,
  type RateLimitRuleName,
} from './rate-limit.rules';
import { RedisRateLimitStore } from './redis-rate-limit.store';

// A rate-limit check must not hold a request up: a Redis slower than this counts as failed.
const REDIS_TIMEOUT_MS = 500;
const REDIS_RETRY_AFTER_MS = 5_000;

/** Rate limits shared through Redis when it is connected, kept in memory otherwise (and while Redis fails). */
@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger(RateLimiterService.name);
  private readonly memory = new MemoryRateLimitStore();
  private readonly redisStore: RedisRateLimitStore;
  private warned = false;
  private skipRedisUntil = 0;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CLASSROOM_OPTIONS) private readonly options: ResolvedClassroomOptions,
  ) {
    this.redisStore = new RedisRateLimitStore(redis);
  }

  /** Takes a token of `rule` for `key`; `configured` (from the app's config) stands in for the rule's default. */
  consume(rule: RateLimitRuleName, key: string, configured?: RateLimitRule): Promise<RateLimitDecision> {
    return this.decide('consume', rule, key, configured);
  }

  /** What `consume` would decide now, without taking a token. */
  peek(rule: RateLimitRuleName, key: string, configured?: RateLimitRule): Promise<RateLimitDecision> {
    return this.decide('peek', rule, key, configured);
  }

  private async decide(
    op: 'consume' | 'peek',
    rule: RateLimitRuleName,
    key: string,
    configured?: RateLimitRule,
  ): Promise<RateLimitDecision> {
    const limits = { ...(configured ?? DEFAULT_RATE_LIMITS[rule]), ...this.options.rateLimits[rule] };
    const now = this.clock.now().getTime();
    const bucketKey = `${rule}:${key}`;
    if (this.redis.isReady() && Date.now() >= this.skipRedisUntil) {
      try {
        const decision = await withTimeout(
          this.redisStore[op](bucketKey, limits, now),
          REDIS_TIMEOUT_MS,
          () => new Error(`no reply from redis within ${REDIS_TIMEOUT_MS} ms`),
        );
        this.warned = false;
        return decision;
      } catch (e) {
        // A Redis that stalls (connection open, no replies) never fails by itself: stop asking it for a while.
        this.skipRedisUntil = Date.now() + REDIS_RETRY_AFTER_MS;
        if (!this.warned) this.logger.warn(`redis rate limit failed, using memory: ${errorMessage(e)}`);
        this.warned = true;
      }
    }
    return this.memory[op](bucketKey, limits, now);
  }

  /** Takes one token or throws `rate_limited` with the wait in the message and details. */
  async take(rule: RateLimitRuleName, key: string, what: string, configured?: RateLimitRule): Promise<void> {
    const decision = await this.consume(rule, key, configured);
    if (!decision.allowed) throw rateLimited(decision, what);
  }
}

/** The `rate_limited` error for a refused decision, with the wait in the message and details. */
export function rateLimited(decision: RateLimitDecision, what: string): AppError {
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return new AppError(ErrorCode.RateLimited, `Too many ${what}. Try again in ${seconds} s.`, {
    retryAfterMs: decision.retryAfterMs,
  });
}
