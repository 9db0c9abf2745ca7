import type { RedisConnection } from '../redis/redis-connection';
import type { RateLimitDecision, RateLimitRule, RateLimitStore } from './rate-limit.rules';

// One atomic read-refill-take on the Redis server, so every api instance shares the same buckets.
// Time comes from the caller (not Redis TIME) so that one clock governs a bucket whichever store holds it.
const TOKEN_BUCKET_SCRIPT = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / per_ms)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / per_ms) + 1000)
return { allowed, retry }
`;

// The same arithmetic, read-only: what the script above would decide now.
const PEEK_SCRIPT = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
if tokens >= 1 then
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
    return this.run(TOKEN_BUCKET_SCRIPT, key, rule, nowMs);
  }

  peek(key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitDecision> {
    return this.run(PEEK_SCRIPT, key, rule, nowMs);
  }

  private async run(
    script: string,
    key: string,
    rule: RateLimitRule,
    nowMs: number,
  ): Promise<RateLimitDecision> {
    const client = this.redis.client;
    if (!client) throw new Error('redis is not configured');
    const reply = (await client.eval(script, {
      keys: [this.prefix + key],
      arguments: [String(rule.capacity), String(rule.refillPerSecond / 1000), String(nowMs)],
    })) as [number, number];
    return { allowed: Number(reply[0]) === 1, retryAfterMs: Number(reply[1]) };
  }
}
