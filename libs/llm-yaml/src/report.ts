import { parse as parseYaml } from 'yaml';
import { loadCorpus, type CorpusCase } from './corpus.js';
import { repair } from './repair.js';
import { RepairError } from './repairs.js';
import { deepEqual, planSchema, SAMPLE_SKILLS, validate, type JSONSchema } from './schema.js';

export interface CategoryCounts {
  category: string;
  total: number;
  plain: number;
  repaired: number;
}

export interface CorpusReport {
  categories: CategoryCounts[];
  total: CategoryCounts;
  failures: { id: string; category: string; reason: string }[];
}

// plainSucceeds: YAML.parse yields exactly the expected value (for hopeless cases: parse plus
// schema validation rejects the text).
export function plainSucceeds(c: CorpusCase, schema: JSONSchema): boolean {
  let v: unknown;
  try {
    v = parseYaml(c.input, { logLevel: 'error' });
  } catch {
    return !!c.error;
  }
  return c.error ? !validate(v, schema) : deepEqual(v, c.expected);
}

export function repairOutcome(c: CorpusCase, schema: JSONSchema): { ok: boolean; reason: string } {
  try {
    const r = repair(c.input, { schema });
    if (c.error) return { ok: false, reason: `expected an error, got ${JSON.stringify(r.value)}` };
    if (!deepEqual(r.value, c.expected)) return { ok: false, reason: `got ${JSON.stringify(r.value)}` };
    if (c.category === 'well_formed' && r.repairs.length) return { ok: false, reason: `repairs on well-formed input: ${JSON.stringify(r.repairs)}` };
    return { ok: true, reason: '' };
  } catch (e) {
    if (c.error && e instanceof RepairError) return { ok: true, reason: '' };
    return { ok: false, reason: e instanceof RepairError ? `RepairError: ${e.reason}` : String(e) };
  }
}

// corpusReport counts, per category, plain YAML.parse successes against repair successes.
export function corpusReport(cases: CorpusCase[] = loadCorpus(), schema: JSONSchema = planSchema(SAMPLE_SKILLS)): CorpusReport {
  const by = new Map<string, CategoryCounts>();
  const total: CategoryCounts = { category: 'total', total: 0, plain: 0, repaired: 0 };
  const failures: CorpusReport['failures'] = [];
  for (const c of cases) {
    let row = by.get(c.category);
    if (!row) by.set(c.category, (row = { category: c.category, total: 0, plain: 0, repaired: 0 }));
    const plain = plainSucceeds(c, schema);
    const out = repairOutcome(c, schema);
    for (const r of [row, total]) {
      r.total++;
      if (plain) r.plain++;
      if (out.ok) r.repaired++;
    }
    if (!out.ok) failures.push({ id: c.id, category: c.category, reason: out.reason });
  }
  return { categories: [...by.values()], total, failures };
}

export function formatReport(report: CorpusReport = corpusReport()): string {
  const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
  const rows = [...report.categories, report.total].map((r) => [
    r.category,
    String(r.total),
    `${r.plain} (${pct(r.plain, r.total)})`,
    `${r.repaired} (${pct(r.repaired, r.total)})`,
  ]);
  const head = ['category', 'cases', 'YAML.parse', 'repair'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  const lines = [fmt(head), sep, ...rows.slice(0, -1).map(fmt), fmt(rows[rows.length - 1]!.map((c, i) => (i === 0 ? `**${c}**` : c)))];
  return lines.join('\n');
}

// benchmark measures repair throughput over the whole corpus.
export function benchmark(opts: { minMs?: number; cases?: CorpusCase[] } = {}): { mbPerSecond: number; bytes: number; ms: number; runs: number } {
  const cases = opts.cases ?? loadCorpus();
  const schema = planSchema(SAMPLE_SKILLS);
  const minMs = opts.minMs ?? 500;
  const once = (): number => {
    let bytes = 0;
    for (const c of cases) {
      bytes += Buffer.byteLength(c.input);
      try {
        repair(c.input, { schema });
      } catch {
        /* hopeless cases count too */
      }
    }
    return bytes;
  };
  once();
  let bytes = 0;
  let runs = 0;
  const t0 = performance.now();
  let ms = 0;
  do {
    bytes += once();
    runs++;
    ms = performance.now() - t0;
  } while (ms < minMs);
  return { mbPerSecond: bytes / 1e6 / (ms / 1000), bytes, ms, runs };
}
