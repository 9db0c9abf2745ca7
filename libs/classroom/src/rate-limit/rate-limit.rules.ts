import { QUESTION_RATE_LIMIT } from '@parley/contracts';

/** A token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`. */
export interface RateLimitRule {
  capacity: number;
  refillPerSecond: number;
}

export type RateLimitRuleName = 'question' | 'join' | 'createClassroom' | 'chatToken' | 'chat';

export const DEFAULT_RATE_LIMITS: Record<RateLimitRuleName, RateLimitRule> = {
  /** Per participant (or /chat token): 1 question / 3 s, burst 3. */
  question: QUESTION_RATE_LIMIT,
  /** Per IP: 10 join attempts, then one every 6 s, so guessing codes is hopeless. */
  join: { capacity: 10, refillPerSecond: 10 / 60 },
  /** Per IP: 10 sessions, then one every 6 minutes. */
  createClassroom: { capacity: 10, refillPerSecond: 10 / 3600 },
  /** Per IP: 30 /chat tokens, then one every 2 minutes. */
  chatToken: { capacity: 30, refillPerSecond: 30 / 3600 },
  /**
   * Per client address, public chat over HTTP and /chat together: 20, then one every 3 s (the defaults of
   * CHAT_RATE_BURST and CHAT_RATE_PER_MINUTE, which the api passes in).
   */
  chat: { capacity: 20, refillPerSecond: 20 / 60 },
};

export interface RateLimitDecision {
  allowed: boolean;
  /** 0 when allowed; otherwise how long until one token is available. */
  retryAfterMs: number;
}

/** A token-bucket store: memory for one instance, Redis for many. */
export interface RateLimitStore {
  consume(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision>;
}
