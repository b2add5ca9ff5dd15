import assert from "node:assert/strict";
import { startRedis, type LocalRedis } from "@springboard/cluster";
import { Redis } from "ioredis";
import { after, before, describe, it } from "mocha";
import { RateLimiter } from "../src/index.js";

describe("RateLimiter against Redis", () => {
  let local: LocalRedis;
  let redis: Redis;
  before(async () => {
    local = await startRedis();
    redis = new Redis(local.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  after(async () => {
    redis?.disconnect();
    await local?.stop();
  });

  it("allows a member's requests up to the limit, then says when to retry", async () => {
    const limiter = new RateLimiter(redis, { requests: 3, windowMs: 400, prefix: "t1:" });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.request("m1"));
    assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false]);
    assert.deepEqual(results.map((r) => r.remaining), [2, 1, 0, 0]);
    const denied = results[3]!;
    assert.ok(denied.retryAfterMs > 0 && denied.retryAfterMs <= 400, `retry ${denied.retryAfterMs}`);
    assert.equal((await limiter.request("m2")).allowed, true, "members are limited separately");
    await new Promise((r) => setTimeout(r, denied.retryAfterMs + 20));
    assert.equal((await limiter.request("m1")).allowed, true, "the window slides");
  });

  it("is atomic under concurrent requests", async () => {
    const limiter = new RateLimiter(redis, { requests: 10, windowMs: 5_000, prefix: "t2:" });
    const results = await Promise.all(Array.from({ length: 30 }, () => limiter.request("busy")));
    assert.equal(results.filter((r) => r.allowed).length, 10);
  });

  it("spends a conversation's token budget and refuses overspending", async () => {
    const limiter = new RateLimiter(redis, { tokenBudget: 1_000, budgetWindowMs: 500, prefix: "t3:" });
    assert.deepEqual(await limiter.consume("c1", 600), { allowed: true, remaining: 400, retryAfterMs: 0 });
    const over = await limiter.consume("c1", 500);
    assert.equal(over.allowed, false);
    assert.equal(over.remaining, 400, "a refused call spends nothing");
    assert.ok(over.retryAfterMs > 0 && over.retryAfterMs <= 500);
    assert.deepEqual(await limiter.consume("c1", 400), { allowed: true, remaining: 0, retryAfterMs: 0 });
    await new Promise((r) => setTimeout(r, over.retryAfterMs + 30));
    assert.deepEqual(await limiter.consume("c1", 10), { allowed: true, remaining: 990, retryAfterMs: 0 }, "the budget resets when its window ends");
  });

  it("puts a TTL on every key it writes, so idle keys expire", async () => {
    const limiter = new RateLimiter(redis, { requests: 5, windowMs: 300, tokenBudget: 100, budgetWindowMs: 300, prefix: "t4:" });
    await limiter.request("m");
    await limiter.consume("c", 5);
    const keys = await redis.keys("t4:*");
    assert.equal(keys.length, 2);
    for (const k of keys) {
      const ttl = await redis.pttl(k);
      assert.ok(ttl > 0 && ttl <= 300, `${k} ttl ${ttl}`);
    }
    await new Promise((r) => setTimeout(r, 350));
    assert.deepEqual(await redis.keys("t4:*"), []);
  });

  it("loads its scripts again after SCRIPT FLUSH", async () => {
    const limiter = new RateLimiter(redis, { requests: 2, windowMs: 1_000, prefix: "t5:" });
    await limiter.request("m");
    await redis.script("FLUSH");
    assert.equal((await limiter.request("m")).allowed, true);
  });

  it("rejects bad options and token counts", async () => {
    assert.throws(() => new RateLimiter(redis, { requests: 0 }), /requests must be a positive integer/);
    const limiter = new RateLimiter(redis, { prefix: "t6:" });
    await assert.rejects(limiter.consume("c", -1), /non-negative integer/);
  });
});
