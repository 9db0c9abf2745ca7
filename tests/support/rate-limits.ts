import type { RateLimitRule, RateLimitRuleName } from '@parley/classroom';

/**
 * Per-address and per-teacher limits wide enough for a suite that creates many sessions, tokens and broadcasts
 * from 127.0.0.1, so that only the tests about rate limits meet them; questions keep their real limit.
 */
export const RELAXED_LIMITS: Partial<Record<RateLimitRuleName, RateLimitRule>> = {
  createClassroom: { capacity: 10_000, refillPerSecond: 1000 },
  join: { capacity: 10_000, refillPerSecond: 1000 },
  chatToken: { capacity: 10_000, refillPerSecond: 1000 },
  broadcast: { capacity: 10_000, refillPerSecond: 1000 },
};
