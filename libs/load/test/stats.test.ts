import assert from "node:assert/strict";
import { exactPercentiles, LatencyHistogram, rank } from "../src/stats.js";

describe("load percentiles", () => {
  it("uses nearest rank over sorted samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    const p = exactPercentiles(samples);
    assert.deepEqual(p, { n: 100, min: 1, mean: 50.5, p50: 50, p90: 90, p95: 95, p99: 99, max: 100 });
    assert.equal(rank(0.5, 1), 1);
    assert.equal(rank(0.99, 10), 10);
    assert.equal(rank(0.5, 10), 5);
  });

  it("handles one sample and none", () => {
    assert.deepEqual(exactPercentiles([7]), { n: 1, min: 7, mean: 7, p50: 7, p90: 7, p95: 7, p99: 7, max: 7 });
    assert.equal(exactPercentiles([]).n, 0);
    assert.equal(new LatencyHistogram().percentiles().p99, 0);
    assert.deepEqual(new LatencyHistogram().bins(), []);
  });

  it("keeps the histogram within 1% of the exact percentiles", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const samples = Array.from({ length: 20_000 }, () => Math.exp(random() * 9) * 0.05);
    const h = new LatencyHistogram();
    samples.forEach((s) => h.record(s));
    const exact = exactPercentiles(samples);
    const approx = h.percentiles();
    assert.equal(approx.n, exact.n);
    assert.equal(approx.min, exact.min);
    assert.equal(approx.max, exact.max);
    assert.ok(Math.abs(approx.mean - exact.mean) < 1e-3 * exact.mean + 1e-3);
    for (const k of ["p50", "p90", "p95", "p99"] as const) {
      const tolerance = Math.max(exact[k] * 0.01, 0.001);
      assert.ok(Math.abs(approx[k] - exact[k]) <= tolerance, `${k}: ${approx[k]} vs ${exact[k]}`);
    }
  });

  it("merges histograms and folds them into bins that count every sample", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    [1, 2, 3, 400].forEach((v) => a.record(v));
    [5, 6, 7_000, -1, Number.NaN].forEach((v) => b.record(v));
    a.merge(b);
    assert.equal(a.count, 7);
    assert.equal(a.percentiles().max, 7_000);
    const bins = a.bins(10);
    assert.equal(bins.length, 10);
    assert.equal(bins.reduce((s, x) => s + x.count, 0), 7);
    assert.ok(bins.every((x, i) => i === 0 || x.le > bins[i - 1]!.le));
  });
});
