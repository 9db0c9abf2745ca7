import type { RedisConnection } from '../redis/redis-connection';
import type { RateLimitDecision, RateLimitRule, RateLimitStore } from './rate-limit.rules';

// One atomic read-refill(-take) on the Redis server, so every api instance shares the same buckets. ARGV[4] is
// 'take' to take a token (and store the refilled bucket), anything else to only say what a take would decide.
// Time comes from the caller (not Redis TIME) so that one clock governs a bucket whichever store holds it.
const TOKEN_BUCKET_SCRIPT = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local allowed = tokens >= 1
if ARGV[4] == 'take' then
  if allowed then
    tokens = tokens - 1
  end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_ms) + 1000)
end
if allowed then
  return { 1, 0 }
end
return { 0, math.ceil((1 - tokens) / per_ms) }
`;

/** Token buckets in Redis, shared by every api instance. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix = 'parley:rl:',
  ) {}

  consume(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision> {
    return this.run('take', key, rule, nowMs);
  }

  peek(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision> {
    return this.run('peek', key, rule, nowMs);
  }

  private async run(
    mode: 'take' | 'peek',
    key: string,
    rule: RateLimitRule,
    nowMs: number,
  ): Promise<RateLimitDecision> {
    const client = this.redis.client;
    if (!client) throw new Error('redis is not configured');
    const reply = (await client.eval(TOKEN_BUCKET_SCRIPT, {
      keys: [this.prefix + key],
      arguments: [String(rule.capacity), String(rule.refillPerSecond / 1000), String(nowMs), mode],
    })) as [number, number];
    return { allowed: Number(reply[0]) === 1, retryAfterMs: Number(reply[1]) };
  }
}
