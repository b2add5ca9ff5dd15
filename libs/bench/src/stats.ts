import { readFileSync } from "node:fs";

/** Summary is a latency distribution in milliseconds. */
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { n: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

export function ms(n: number): string {
  return Number.isFinite(n) ? `${n.toFixed(n < 10 ? 3 : 1)} ms` : "n/a";
}

/** table prints rows as aligned columns. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n");
}

/** cpuMs is the CPU time (user and system) a process has used, from /proc, in milliseconds. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** cpuMeter reads the CPU time of named processes; done() gives what each used since it was made. */
export function cpuMeter(pids: Record<string, number>): { done(): Record<string, number> } {
  const before = Object.fromEntries(Object.entries(pids).map(([n, p]) => [n, cpuMs(p)]));
  return { done: () => Object.fromEntries(Object.entries(pids).map(([n, p]) => [n, cpuMs(p) - before[n]!])) };
}
