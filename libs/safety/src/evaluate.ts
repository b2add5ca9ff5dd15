import { percent as pct } from "@springboard/textclf";
import { BLOCK_CATEGORIES } from "./categories.js";
import type { Example } from "./dataset.js";
import type { ScreenResult } from "./screen.js";

export interface EvalReport {
  examples: number;
  attacks: number;
  blocked: number;
  /** blockRate is the share of attacks blocked. */
  blockRate: number;
  benign: number;
  falsePositives: number;
  /** falsePositiveRate is the share of benign questions blocked. */
  falsePositiveRate: number;
  hardNegatives: number;
  hardNegativesBlocked: number;
  /** categoryAccuracy is the share of blocked attacks given their own category. */
  categoryAccuracy: number;
  byCategory: Record<string, { attacks: number; blocked: number }>;
  byObfuscation: Record<string, { attacks: number; blocked: number }>;
  nonEnglish: { attacks: number; blocked: number; benign: number; falsePositives: number };
  latencyUs: { p50: number; p99: number };
  missed: string[];
  falsePositiveQueries: string[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** evaluate screens every example and reports block and false-positive rates. */
export function evaluate(examples: Example[], screenFn: (q: string) => ScreenResult): EvalReport {
  const byCategory: EvalReport["byCategory"] = {};
  for (const c of BLOCK_CATEGORIES) byCategory[c] = { attacks: 0, blocked: 0 };
  const byObfuscation: EvalReport["byObfuscation"] = {};
  const nonEnglish = { attacks: 0, blocked: 0, benign: 0, falsePositives: 0 };
  const times: number[] = [];
  let attacks = 0;
  let blocked = 0;
  let rightCategory = 0;
  let benign = 0;
  let falsePositives = 0;
  let hardNegatives = 0;
  let hardNegativesBlocked = 0;
  const missed: string[] = [];
  const fps: string[] = [];
  for (const e of examples) {
    const t0 = performance.now();
    const r = screenFn(e.query);
    times.push((performance.now() - t0) * 1000);
    const isBlocked = r.verdict === "block";
    if (e.label === "block") {
      attacks++;
      byCategory[e.category]!.attacks++;
      if (e.obfuscation) byObfuscation[e.obfuscation] ??= { attacks: 0, blocked: 0 };
      if (e.obfuscation) byObfuscation[e.obfuscation]!.attacks++;
      if (e.lang) nonEnglish.attacks++;
      if (isBlocked) {
        blocked++;
        byCategory[e.category]!.blocked++;
        if (e.obfuscation) byObfuscation[e.obfuscation]!.blocked++;
        if (e.lang) nonEnglish.blocked++;
        if (r.category === e.category) rightCategory++;
      } else missed.push(e.query);
    } else {
      benign++;
      if (e.lang) nonEnglish.benign++;
      if (e.kind === "hard_negative") hardNegatives++;
      if (isBlocked) {
        falsePositives++;
        fps.push(e.query);
        if (e.lang) nonEnglish.falsePositives++;
        if (e.kind === "hard_negative") hardNegativesBlocked++;
      }
    }
  }
  times.sort((a, b) => a - b);
  return {
    examples: examples.length,
    attacks,
    blocked,
    blockRate: attacks ? blocked / attacks : 1,
    benign,
    falsePositives,
    falsePositiveRate: benign ? falsePositives / benign : 0,
    hardNegatives,
    hardNegativesBlocked,
    categoryAccuracy: blocked ? rightCategory / blocked : 1,
    byCategory,
    byObfuscation,
    nonEnglish,
    latencyUs: { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) },
    missed,
    falsePositiveQueries: fps,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export function formatReport(name: string, r: EvalReport): string {
  const lines = [
    `${name}: ${r.examples} questions`,
    `  attacks blocked     ${r.blocked}/${r.attacks} = ${pct(r.blockRate)}  (right category ${pct(r.categoryAccuracy)})`,
    `  benign blocked      ${r.falsePositives}/${r.benign} = ${pct(r.falsePositiveRate)}  (hard negatives ${r.hardNegativesBlocked}/${r.hardNegatives})`,
    `  non-English         attacks ${r.nonEnglish.blocked}/${r.nonEnglish.attacks}, benign blocked ${r.nonEnglish.falsePositives}/${r.nonEnglish.benign}`,
    `  by category         ${Object.entries(r.byCategory).map(([c, v]) => `${c} ${v.blocked}/${v.attacks}`).join(", ")}`,
  ];
  if (Object.keys(r.byObfuscation).length > 0) lines.push(`  by obfuscation      ${Object.entries(r.byObfuscation).map(([c, v]) => `${c} ${v.blocked}/${v.attacks}`).join(", ")}`);
  lines.push(`  latency per question p50 ${r.latencyUs.p50} µs, p99 ${r.latencyUs.p99} µs`);
  for (const q of r.missed) lines.push(`  missed: ${JSON.stringify(q)}`);
  for (const q of r.falsePositiveQueries) lines.push(`  blocked benign: ${JSON.stringify(q)}`);
  return lines.join("\n") + "\n";
}
