/** Percentiles summarise a latency distribution in milliseconds; every value is 0 when n is 0. */
export interface Percentiles {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** Bin is one bar of a distribution chart: count samples in (previous le, le]. */
export interface Bin {
  le: number;
  count: number;
}

export const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

/** rank is the 1-based nearest-rank position of quantile q among n sorted samples. */
export function rank(q: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil(q * n)));
}

/** exactPercentiles computes nearest-rank percentiles over a sorted copy of the samples. */
export function exactPercentiles(samples: readonly number[]): Percentiles {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return emptyPercentiles();
  const at = (q: number) => s[rank(q, n) - 1]!;
  return round3({
    n,
    min: s[0]!,
    mean: s.reduce((a, b) => a + b, 0) / n,
    p50: at(QUANTILES.p50),
    p90: at(QUANTILES.p90),
    p95: at(QUANTILES.p95),
    p99: at(QUANTILES.p99),
    max: s[n - 1]!,
  });
}

export function emptyPercentiles(): Percentiles {
  return { n: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
}

/** SUB_BITS sets the histogram's precision: 2^SUB_BITS sub-buckets per power of two, under 0.8% relative error. */
const SUB_BITS = 7;
const SUB = 1 << SUB_BITS;

/**
 * LatencyHistogram records millisecond samples in constant memory, HDR style: values are kept in
 * microseconds, exactly below 2·SUB µs and in log-linear buckets above, so any percentile it reports
 * is within 1/SUB of the true sample. Min, max and mean are exact.
 */
export class LatencyHistogram {
  private counts: number[] = [];
  private total = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;

  get count(): number {
    return this.total;
  }

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const i = bucketOf(Math.round(ms * 1000));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.total++;
    this.sum += ms;
    if (ms < this.lo) this.lo = ms;
    if (ms > this.hi) this.hi = ms;
  }

  merge(other: LatencyHistogram): void {
    other.counts.forEach((c, i) => {
      if (c) this.counts[i] = (this.counts[i] ?? 0) + c;
    });
    this.total += other.total;
    this.sum += other.sum;
    this.lo = Math.min(this.lo, other.lo);
    this.hi = Math.max(this.hi, other.hi);
  }

  /** quantile is the nearest-rank value at q, from 0 to 1, within the histogram's precision. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const want = rank(q, this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= want) return this.clamp(bucketMid(i) / 1000);
    }
    return this.hi;
  }

  percentiles(): Percentiles {
    if (this.total === 0) return emptyPercentiles();
    return round3({
      n: this.total,
      min: this.lo,
      mean: this.sum / this.total,
      p50: this.quantile(QUANTILES.p50),
      p90: this.quantile(QUANTILES.p90),
      p95: this.quantile(QUANTILES.p95),
      p99: this.quantile(QUANTILES.p99),
      max: this.hi,
    });
  }

  /** bins folds the histogram into about `target` log-spaced bars between min and max, for charts. */
  bins(target = 40): Bin[] {
    if (this.total === 0) return [];
    const lo = Math.max(this.lo, 0.001);
    const hi = Math.max(this.hi, lo * 1.0001);
    const ratio = Math.pow(hi / lo, 1 / Math.max(1, target - 1));
    const edges: number[] = [];
    for (let e = lo; edges.length < target - 1; e *= ratio) edges.push(e);
    edges.push(hi);
    const out: Bin[] = edges.map((le) => ({ le: roundTo(le, 3), count: 0 }));
    let j = 0;
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i];
      if (!c) continue;
      const v = this.clamp(bucketMid(i) / 1000);
      while (j < edges.length - 1 && v > edges[j]!) j++;
      out[j]!.count += c;
    }
    return out;
  }

  private clamp(v: number): number {
    return Math.min(this.hi, Math.max(this.lo, v));
  }
}

function bucketOf(us: number): number {
  if (us < 2 * SUB) return us;
  let e = Math.floor(Math.log2(us));
  if (2 ** e > us) e--;
  const sub = Math.floor(us / 2 ** (e - SUB_BITS));
  return 2 * SUB + (e - SUB_BITS - 1) * SUB + (sub - SUB);
}

function bucketMid(i: number): number {
  if (i < 2 * SUB) return i;
  const k = i - 2 * SUB;
  const e = Math.floor(k / SUB) + SUB_BITS + 1;
  const width = 2 ** (e - SUB_BITS);
  return ((k % SUB) + SUB) * width + (width - 1) / 2;
}

export function roundTo(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function round3(p: Percentiles): Percentiles {
  return {
    n: p.n,
    min: roundTo(p.min, 3),
    mean: roundTo(p.mean, 3),
    p50: roundTo(p.p50, 3),
    p90: roundTo(p.p90, 3),
    p95: roundTo(p.p95, 3),
    p99: roundTo(p.p99, 3),
    max: roundTo(p.max, 3),
  };
}
