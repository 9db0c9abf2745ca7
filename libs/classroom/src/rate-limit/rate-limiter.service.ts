import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '@parley/core';
import { CLASSROOM_OPTIONS, CLOCK, type Clock, type ResolvedClassroomOptions } from '../classroom.options';
import { RedisConnection } from '../redis/redis-connection';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { DEFAULT_RATE_LIMITS, type RateLimitDecision, type RateLimitRuleName } from './rate-limit.rules';
import { RedisRateLimitStore } from './redis-rate-limit.store';

/** Rate limits shared through Redis when it is connected, kept in memory otherwise (and while Redis fails). */
@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger(RateLimiterService.name);
  private readonly memory = new MemoryRateLimitStore();
  private readonly redisStore: RedisRateLimitStore;
  private warned = false;

  constructor(
    private readonly redis: RedisConnection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CLASSROOM_OPTIONS) private readonly options: ResolvedClassroomOptions,
  ) {
    this.redisStore = new RedisRateLimitStore(redis);
  }

  async consume(rule: RateLimitRuleName, key: string): Promise<RateLimitDecision> {
    const limits = { ...DEFAULT_RATE_LIMITS[rule], ...this.options.rateLimits[rule] };
    const now = this.clock.now().getTime();
    const bucketKey = `${rule}:${key}`;
    if (this.redis.isReady()) {
      try {
        const decision = await this.redisStore.consume(bucketKey, limits, now);
        this.warned = false;
        return decision;
      } catch (e) {
        if (!this.warned) this.logger.warn(`redis rate limit failed, using memory: ${(e as Error).message}`);
        this.warned = true;
      }
    }
    return this.memory.consume(bucketKey, limits, now);
  }

  /** Takes one token or throws `rate_limited` with the wait in the message and details. */
  async take(rule: RateLimitRuleName, key: string, what: string): Promise<void> {
    const decision = await this.consume(rule, key);
    if (decision.allowed) return;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    throw new AppError(ErrorCode.RateLimited, `Too many ${what}. Try again in ${seconds} s.`, {
      retryAfterMs: decision.retryAfterMs,
    });
  }
}
