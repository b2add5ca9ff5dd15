import assert from "node:assert/strict";
import { cpuMeter } from "../src/stats.js";

describe("cpuMeter", () => {
  it("reads the CPU a process spends, and not the time it waits", async () => {
    const meter = cpuMeter({ self: process.pid });
    const spinUntil = performance.now() + 80;
    while (performance.now() < spinUntil);
    await new Promise((r) => setTimeout(r, 150));
    const { self } = meter.done();
    // 80 ms of work and 150 ms of waiting, read in 10-ms clock ticks.
    assert.ok(self! >= 50 && self! <= 200, `${self} ms`);
  });
});
