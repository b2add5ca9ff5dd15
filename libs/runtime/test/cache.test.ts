import assert from "node:assert/strict";
import { ExpiringCache } from "../src/index.js";

describe("ExpiringCache", () => {
  it("answers until the entry expires, then forgets it", () => {
    let now = 0;
    const c = new ExpiringCache<string, number>(100, 10, () => now);
    c.set("a", 1);
    now = 99;
    assert.equal(c.get("a"), 1);
    now = 100;
    assert.equal(c.get("a"), undefined);
    assert.equal(c.size, 0);
  });

  it("keeps an entry for its own TTL when given one, and forever with Infinity", () => {
    let now = 0;
    const c = new ExpiringCache<string, number>(Infinity, 10, () => now);
    c.set("short", 1, 50);
    c.set("never", 2, 0);
    c.set("long", 3);
    now = 1e12;
    assert.deepEqual([c.get("short"), c.get("never"), c.get("long")], [undefined, undefined, 3]);
  });

  it("drops the least recently used entry beyond its capacity", () => {
    const c = new ExpiringCache<string, number>(1_000, 2);
    c.set("a", 1);
    c.set("b", 2);
    c.get("a");
    c.set("c", 3);
    assert.deepEqual([c.get("a"), c.get("b"), c.get("c")], [1, undefined, 3]);
  });

  it("computes once while cached, and caches no failure", async () => {
    const c = new ExpiringCache<string, number>(1_000, 10);
    let calls = 0;
    assert.equal(await c.remember("k", async () => ++calls), 1);
    assert.equal(await c.remember("k", async () => ++calls), 1);
    await assert.rejects(c.remember("bad", () => Promise.reject(new Error("down"))), /down/);
    assert.equal(await c.remember("bad", async () => 7), 7);
  });

  it("keeps nothing with a TTL or capacity of 0, and refuses nonsense", () => {
    const off = new ExpiringCache<string, number>(0, 10);
    off.set("a", 1);
    assert.equal(off.get("a"), undefined);
    assert.throws(() => new ExpiringCache(-1, 1), /ttlMs/);
    assert.throws(() => new ExpiringCache(1, 1.5), /capacity/);
  });
});
