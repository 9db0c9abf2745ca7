import { QUESTION_RATE_LIMIT } from '@parley/contracts';

/** A token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`. */
export interface RateLimitRule {
  capacity: number;
  refillPerSecond: number;
}

export type RateLimitRuleName =
  | 'question'
  | 'join'
  | 'classroomJoin'
  | 'familiarAddress'
  | 'createClassroom'
  | 'chatToken'
  | 'broadcast'
  | 'chat';

export const DEFAULT_RATE_LIMITS: Record<RateLimitRuleName, RateLimitRule> = {
  /** Per participant (or /chat token): 1 question / 3 s, burst 3. */
  question: QUESTION_RATE_LIMIT,
  /**
   * Per IP: 10 wrong join codes, then one every 6 s, so guessing codes is hopeless. Only wrong codes take a
   * token: a whole class behind one school address joins without touching it.
   */
  join: { capacity: 10, refillPerSecond: 10 / 60 },
  /** Per session: 60 students join at once, then one a second (a class of 30 never meets it). */
  classroomJoin: { capacity: 60, refillPerSecond: 1 },
  /**
   * Per session and IP, used as a marker: a spent one-token bucket means a student of this session joined from
   * this address in the last 12 hours, so a classmate who sends wrong codes cannot lock the others out.
   */
  familiarAddress: { capacity: 1, refillPerSecond: 1 / (12 * 3600) },
  /** Per IP: 30 sessions (the teachers of a school share an address), then one every 2 minutes. */
  createClassroom: { capacity: 30, refillPerSecond: 30 / 3600 },
  /** Per IP: 30 /chat tokens, then one every 2 minutes. */
  chatToken: { capacity: 30, refillPerSecond: 30 / 3600 },
  /** Per teacher: 10 broadcasts, then one every 6 s, so a class is not flooded with notices. */
  broadcast: { capacity: 10, refillPerSecond: 1 / 6 },
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
  /** What `consume` would decide now, without taking a token. */
  peek(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision>;
}
