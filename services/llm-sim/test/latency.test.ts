import assert from "node:assert/strict";
import { BatchScheduler, jittered, Pacer, prefillMs, prng, tbtMs, DEFAULT_LATENCY } from "../src/latency.js";
import { countTokens, splitTokens } from "../src/tokens.js";

describe("llm-sim latency model", () => {
  it("computes prefill and time between tokens from the formulas", () => {
    assert.equal(prefillMs(DEFAULT_LATENCY, 1000), 15 + 1000 * 0.02);
    assert.equal(tbtMs(DEFAULT_LATENCY, 0), 8);
    assert.equal(tbtMs(DEFAULT_LATENCY, 64), 8 + 0.25 * 64);
  });

  it("jitters deterministically within the bounds", () => {
    const a = prng(42);
    const b = prng(42);
    for (let i = 0; i < 1000; i++) {
      const x = jittered(10, 0.1, a);
      assert.equal(x, jittered(10, 0.1, b));
      assert.ok(x >= 9 && x <= 11);
    }
    assert.equal(jittered(10, 0, a), 10);
    assert.equal(jittered(0, 0.5, a), 0);
  });

  it("queues beyond the capacity and admits first come first served", () => {
    const s = new BatchScheduler(1);
    assert.equal(s.tryAcquire(), true);
    assert.equal(s.tryAcquire(), false);
    const order: string[] = [];
    s.enqueue(() => order.push("first"));
    const leave = s.enqueue(() => order.push("second"));
    s.enqueue(() => order.push("third"));
    assert.equal(s.waiting, 3);
    assert.equal(leave(), true);
    s.release();
    assert.deepEqual(order, ["first"]);
    assert.equal(s.running, 1);
    s.release();
    assert.deepEqual(order, ["first", "third"]);
    s.release();
    assert.equal(s.running, 0);
  });

  it("streams thousands of zero-latency tokens without starving the event loop", async () => {
    const pacer = new Pacer();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) await pacer.wait(0);
    clearInterval(timer);
    assert.ok(performance.now() - started < 2000);
    assert.ok(ticks > 0, "timers ran while tokens were produced");
  });

  it("splits text into words with their leading whitespace", () => {
    const text = "thought: x\ncalls:\n  - skill: a";
    const tokens = splitTokens(text);
    assert.equal(tokens.join(""), text);
    assert.deepEqual(tokens, ["thought:", " x", "\ncalls:", "\n  -", " skill:", " a"]);
    assert.equal(countTokens(text), 6);
  });
});
