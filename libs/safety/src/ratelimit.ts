import { createHash, randomBytes } from "node:crypto";

/** RedisScripting is the part of a Redis client the limiter needs; an ioredis client fits it. */
export interface RedisScripting {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RateLimiterOptions {
  /** requests is how many requests a member may make per window. */
  requests?: number;
  windowMs?: number;
  /** tokenBudget is how many tokens a conversation may spend per budget window. */
  tokenBudget?: number;
  budgetWindowMs?: number;
  /** prefix starts every key the limiter writes. */
  prefix?: string;
}

export interface RequestDecision {
  allowed: boolean;
  /** retryAfterMs is how long to wait before the next request may pass; 0 when allowed. */
  retryAfterMs: number;
  /** remaining is how many more requests fit in the current window. */
  remaining: number;
}

export interface BudgetDecision {
  allowed: boolean;
  /** remaining is the conversation's unspent tokens, after this call when it was allowed. */
  remaining: number;
  /** retryAfterMs is when the budget window resets; 0 when allowed. */
  retryAfterMs: number;
}

export const RATE_LIMIT_DEFAULTS = { requests: 20, windowMs: 60_000, tokenBudget: 200_000, budgetWindowMs: 24 * 3_600_000, prefix: "springboard:limit:" };

// A sliding-window log: one sorted-set entry per request, scored by Redis' own clock, so every
// gateway replica shares one time source. The key expires one window after the last request.
const REQUEST_SCRIPT = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
  return {1, 0, limit - count - 1}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local retry = tonumber(oldest[2]) + window - now
if retry < 1 then retry = 1 end
return {0, retry, 0}
`;

// A fixed budget per conversation that resets when its key expires, one window after first use.
const BUDGET_SCRIPT = `
local key = KEYS[1]
local budget = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tokens = tonumber(ARGV[3])
local used = tonumber(redis.call('GET', key) or '0')
if used + tokens > budget then
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then ttl = window end
  return {0, budget - used, ttl}
end
used = redis.call('INCRBY', key, tokens)
if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, window) end
return {1, budget - used, 0}
`;

const sha1 = (s: string) => createHash("sha1").update(s).digest("hex");
const REQUEST_SHA = sha1(REQUEST_SCRIPT);
const BUDGET_SHA = sha1(BUDGET_SCRIPT);

/**
 * RateLimiter enforces abuse limits in Redis, atomically (one Lua script per decision): requests
 * per member in a sliding window, and tokens per conversation in a budget window. Every key has a
 * TTL, so idle members and finished conversations leave nothing behind.
 */
export class RateLimiter {
  private readonly o: typeof RATE_LIMIT_DEFAULTS;
  private seq = 0;
  private readonly instance = randomBytes(6).toString("hex");

  constructor(
    private readonly redis: RedisScripting,
    opts: RateLimiterOptions = {},
  ) {
    this.o = { ...RATE_LIMIT_DEFAULTS, ...opts };
    for (const k of ["requests", "windowMs", "tokenBudget", "budgetWindowMs"] as const) {
      if (!Number.isInteger(this.o[k]) || this.o[k] <= 0) throw new Error(`RateLimiter option ${k} must be a positive integer, got ${this.o[k]}`);
    }
  }

  /** request counts one request of a member and says whether it may go on. */
  async request(memberId: string): Promise<RequestDecision> {
    const id = `${this.instance}:${++this.seq}`;
    const [allowed, retry, remaining] = (await this.run(REQUEST_SHA, REQUEST_SCRIPT, `${this.o.prefix}req:${memberId}`, this.o.requests, this.o.windowMs, id)) as number[];
    return { allowed: allowed === 1, retryAfterMs: Number(retry), remaining: Number(remaining) };
  }

  /** consume spends tokens from a conversation's budget; a call that would overspend spends nothing. */
  async consume(conversationId: string, tokens: number): Promise<BudgetDecision> {
    if (!Number.isInteger(tokens) || tokens < 0) throw new Error(`tokens must be a non-negative integer, got ${tokens}`);
    const [allowed, remaining, retry] = (await this.run(BUDGET_SHA, BUDGET_SCRIPT, `${this.o.prefix}tok:${conversationId}`, this.o.tokenBudget, this.o.budgetWindowMs, tokens)) as number[];
    return { allowed: allowed === 1, remaining: Math.max(0, Number(remaining)), retryAfterMs: Number(retry) };
  }

  private async run(sha: string, script: string, key: string, ...args: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(sha, 1, key, ...args);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.includes("NOSCRIPT")) throw e;
      return this.redis.eval(script, 1, key, ...args);
    }
  }
}
