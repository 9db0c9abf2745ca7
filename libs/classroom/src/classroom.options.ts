import type { ModuleMetadata } from '@nestjs/common';
import type { RateLimitRule, RateLimitRuleName } from './rate-limit/rate-limit.rules';

/** The time source of the classroom lib; tests inject a clock they can move. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const CLOCK = Symbol('CLASSROOM_CLOCK');
export const CLASSROOM_OPTIONS = Symbol('CLASSROOM_OPTIONS');

export interface ClassroomModuleOptions {
  /** Modules that provide `ANSWER_PIPELINE` (the app passes ChatModule; tests a fake). */
  imports?: ModuleMetadata['imports'];
  clock?: Clock;
  /** How often the retention job deletes expired sessions; 0 disables the timer (default 1 hour). */
  retentionIntervalMs?: number;
  /** Overrides of the default rate limits (tests and benchmarks create many sessions from one address). */
  rateLimits?: Partial<Record<RateLimitRuleName, RateLimitRule>>;
  /** How long the first Redis connection may take before the instance starts without it (default 1.5 s). */
  redisConnectTimeoutMs?: number;
  /** Answers generated at once by this instance; further questions queue (default 8). */
  maxConcurrentAnswers?: number;
}

export interface ResolvedClassroomOptions {
  retentionIntervalMs: number;
  rateLimits: Partial<Record<RateLimitRuleName, RateLimitRule>>;
  redisConnectTimeoutMs: number;
  maxConcurrentAnswers: number;
}

export const DEFAULT_RETENTION_INTERVAL_MS = 60 * 60 * 1000;
