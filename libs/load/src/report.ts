import type { LoadReport, TimelinePoint } from "./run.js";
import type { Bin, Percentiles } from "./stats.js";

const LATENCY_ROWS: [string, (r: LoadReport) => Percentiles][] = [
  ["ttft (client)", (r) => r.latency.ttftMs],
  ["ttft (server)", (r) => r.latency.serverTtftMs],
  ["first event", (r) => r.latency.firstEventMs],
  ["tbt", (r) => r.latency.tbtMs],
  ["stream", (r) => r.latency.durationMs],
];

const PER_TURN_ROWS: [string, (r: LoadReport) => Percentiles][] = [
  ["events", (r) => r.perTurn.events],
  ["text deltas", (r) => r.perTurn.deltas],
  ["characters", (r) => r.perTurn.chars],
];

const COLUMNS = ["n", "p50", "p90", "p95", "p99", "max", "mean"] as const;

/** formatLoadReport renders a report for the terminal. */
export function formatLoadReport(r: LoadReport): string {
  const s = r.settings;
  const lines: string[] = [];
  lines.push(`Springboard load: Converse at ${r.address}`);
  lines.push(
    `  ${s.concurrency} worker${s.concurrency === 1 ? "" : "s"} on ${s.connections} connection${s.connections === 1 ? "" : "s"}, ` +
      `${s.durationMs !== null ? `${secs(s.durationMs)}` : ""}${s.durationMs !== null && s.count !== null ? " or " : ""}${s.count !== null ? `${s.count} turns` : ""}` +
      `, ramp-up ${secs(s.rampUpMs)}, timeout ${secs(s.timeoutMs)}, ${s.questions} questions, ${s.members} members`,
  );
  lines.push(`  started ${r.startedAt}, wall ${secs(r.wallMs)}`);
  lines.push("");
  const t = r.turns;
  lines.push(`turns       started ${t.started}  ok ${t.ok}  errors ${t.errors}  aborted ${t.aborted}  with text ${t.withText}`);
  lines.push(`finish      ${entries(r.finishReasons) || "none"}`);
  lines.push(
    `throughput  ${fmt(r.throughput.turnsPerSec, 2)} turns/s  ${fmt(r.throughput.deltasPerSec, 1)} deltas/s  ` +
      `${fmt(r.throughput.charsPerSec, 0)} chars/s  ${fmt(r.throughput.eventsPerSec, 1)} events/s`,
  );
  lines.push("");
  lines.push(table([["latency (ms)", ...COLUMNS], ...LATENCY_ROWS.map(([name, get]) => percentileRow(name, get(r), 1))]));
  lines.push("");
  lines.push(table([["per turn", ...COLUMNS], ...PER_TURN_ROWS.map(([name, get]) => percentileRow(name, get(r), 0))]));
  lines.push("");
  if (t.errors === 0) {
    lines.push("errors      none");
  } else {
    lines.push(`errors      ${entries(r.errors)}`);
    for (const e of r.errorSamples) lines.push(`  ${e.code}: ${oneLine(e.message)} (asked "${oneLine(e.question)}")`);
  }
  lines.push(`protocol    seq gaps ${r.protocol.seqGaps}, streams without Done or Error ${r.protocol.missingTerminal}`);
  if (r.timeline.length) {
    lines.push("");
    const step = Math.ceil(r.timeline.length / 60);
    const rows = r.timeline.filter((_, i) => i % step === 0 || i === r.timeline.length - 1);
    lines.push(
      table([
        ["second", "active", "started", "ok", "errors", "deltas", "ttft p50 ms"],
        ...rows.map((p) => [p.t, fmt(p.active, 1), p.started, p.completed, p.errors, fmt(p.deltas, 0), p.ttftP50 === null ? "-" : fmt(p.ttftP50, 1)]),
      ]),
    );
    if (step > 1) lines.push(`(every ${step}th second shown; the JSON has all of them)`);
  }
  return `${lines.join("\n")}\n`;
}

function percentileRow(name: string, p: Percentiles, digits: number): (string | number)[] {
  if (p.n === 0) return [name, 0, "-", "-", "-", "-", "-", "-"];
  return [name, p.n, fmt(p.p50, digits), fmt(p.p90, digits), fmt(p.p95, digits), fmt(p.p99, digits), fmt(p.max, digits), fmt(p.mean, digits)];
}

function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}

const fmt = (n: number, digits: number) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (ms: number) => (ms >= 1000 ? `${fmt(ms / 1000, ms % 1000 === 0 ? 0 : 1)} s` : `${fmt(ms, 0)} ms`);
const entries = (o: Record<string, number>) =>
  Object.entries(o)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
const oneLine = (s: string) => s.replace(/\s+/g, " ").slice(0, 160);

/** htmlLoadReport renders a report as a self-contained page: no scripts, no external assets, inline SVG charts. */
export function htmlLoadReport(r: LoadReport): string {
  const s = r.settings;
  const t = r.turns;
  const card = (label: string, value: string) => `<div class="card"><div class="v">${esc(value)}</div><div class="l">${esc(label)}</div></div>`;
  const pTable = (title: string, rows: [string, (r: LoadReport) => Percentiles][], digits: number) =>
    `<table><thead><tr><th>${esc(title)}</th>${COLUMNS.map((c) => `<th>${c}</th>`).join("")}</tr></thead><tbody>${rows
      .map(([name, get]) => `<tr>${percentileRow(name, get(r), digits).map((c, i) => (i === 0 ? `<th>${esc(String(c))}</th>` : `<td>${esc(String(c))}</td>`)).join("")}</tr>`)
      .join("")}</tbody></table>`;
  const errors =
    t.errors === 0
      ? "<p>No errors.</p>"
      : `<table><thead><tr><th>code</th><th>turns</th></tr></thead><tbody>${Object.entries(r.errors)
          .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`)
          .join("")}</tbody></table><ul>${r.errorSamples.map((e) => `<li><b>${esc(e.code)}</b> ${esc(e.message)} <i>(${esc(e.question)})</i></li>`).join("")}</ul>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Springboard load report: ${esc(r.startedAt)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1c2430;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.meta{color:#5b6573}.cards{display:flex;flex-wrap:wrap;gap:10px;margin:16px 0}
.card{border:1px solid #d8dee6;border-radius:8px;padding:10px 14px;min-width:120px}.card .v{font-size:20px;font-weight:600}.card .l{color:#5b6573;font-size:12px}
table{border-collapse:collapse;margin:6px 0}th,td{padding:3px 10px;border-bottom:1px solid #eceff3;text-align:right;font-variant-numeric:tabular-nums}
thead th{color:#5b6573;font-weight:600}tbody th{text-align:left;font-weight:500}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}
figure{margin:0;border:1px solid #d8dee6;border-radius:8px;padding:8px}figcaption{font-weight:600;margin:0 0 4px 4px}
svg text{font:11px system-ui,sans-serif;fill:#5b6573}.bad{color:#b42318}
</style>
</head>
<body>
<h1>Springboard load report</h1>
<div class="meta">Converse at ${esc(r.address)}, started ${esc(r.startedAt)}; ${s.concurrency} workers on ${s.connections} connection(s),
${s.durationMs !== null ? `duration ${secs(s.durationMs)}` : ""}${s.count !== null ? ` count ${s.count}` : ""}, ramp-up ${secs(s.rampUpMs)}, timeout ${secs(s.timeoutMs)},
${s.questions} questions, ${s.members} members. Times are measured on the client.</div>
<div class="cards">
${card("turns ok", `${t.ok} / ${t.started}`)}
${card("errors", String(t.errors))}
${card("turns/s", fmt(r.throughput.turnsPerSec, 2))}
${card("deltas/s", fmt(r.throughput.deltasPerSec, 1))}
${card("TTFT p50", ms(r.latency.ttftMs.p50, r.latency.ttftMs.n))}
${card("TTFT p99", ms(r.latency.ttftMs.p99, r.latency.ttftMs.n))}
${card("TBT p50", ms(r.latency.tbtMs.p50, r.latency.tbtMs.n))}
${card("TBT p99", ms(r.latency.tbtMs.p99, r.latency.tbtMs.n))}
${card("wall", secs(r.wallMs))}
</div>
<h2>Distributions</h2>
<div class="charts">
<figure id="chart-ttft"><figcaption>Time to first token (ms, log scale)</figcaption>${barChart(r.distributions.ttftMs, "#3b6fd8")}</figure>
<figure id="chart-tbt"><figcaption>Time between tokens (ms, log scale)</figcaption>${barChart(r.distributions.tbtMs, "#7a4fd8")}</figure>
</div>
<h2>Over time (per second)</h2>
<div class="charts">
<figure id="chart-streams"><figcaption>Open streams (mean) and turns completed</figcaption>${lineChart(r.timeline, [
    { name: "open streams", color: "#3b6fd8", get: (p) => p.active },
    { name: "completed", color: "#2e9e5b", get: (p) => p.completed },
    { name: "errors", color: "#d83b3b", get: (p) => p.errors },
  ])}</figure>
<figure id="chart-ttft-time"><figcaption>TTFT p50 (ms) of first tokens received that second</figcaption>${lineChart(r.timeline, [
    { name: "ttft p50", color: "#d8863b", get: (p) => p.ttftP50 },
  ])}</figure>
</div>
<h2>Latency</h2>
${pTable("latency (ms)", LATENCY_ROWS, 1)}
${pTable("per turn", PER_TURN_ROWS, 0)}
<h2>Outcomes</h2>
<p>Finish reasons: ${esc(entries(r.finishReasons) || "none")}. Aborted: ${t.aborted}. Turns with text: ${t.withText}.
Protocol: seq gaps ${r.protocol.seqGaps}, streams without Done or Error ${r.protocol.missingTerminal}.</p>
<div class="${t.errors ? "bad" : ""}">${errors}</div>
</body>
</html>
`;
}

const ms = (v: number, n: number) => (n === 0 ? "n/a" : `${fmt(v, v < 10 ? 2 : 0)} ms`);

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const W = 520;
const H = 220;
const PAD = { l: 44, r: 10, t: 26, b: 30 };

function empty(): string {
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img"><text x="${W / 2}" y="${H / 2}" text-anchor="middle">no samples</text></svg>`;
}

function barChart(bins: Bin[], color: string): string {
  if (bins.length === 0) return empty();
  const top = Math.max(...bins.map((b) => b.count));
  const pw = W - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const bw = pw / bins.length;
  const bars = bins
    .map((b, i) => {
      const h = (b.count / top) * ph;
      const lo = i === 0 ? 0 : bins[i - 1]!.le;
      return `<rect x="${n1(PAD.l + i * bw + 0.5)}" y="${n1(PAD.t + ph - h)}" width="${n1(Math.max(1, bw - 1))}" height="${n1(h)}" fill="${color}"><title>${num(lo)}–${num(b.le)} ms: ${b.count}</title></rect>`;
    })
    .join("");
  const ticks = [0, Math.floor(bins.length / 4), Math.floor(bins.length / 2), Math.floor((3 * bins.length) / 4), bins.length - 1]
    .filter((v, i, a) => a.indexOf(v) === i)
    .map((i) => `<text x="${n1(PAD.l + (i + 1) * bw)}" y="${H - 10}" text-anchor="middle">${num(bins[i]!.le)}</text>`)
    .join("");
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img">${axes(top, ph, true)}${bars}${ticks}</svg>`;
}

interface Series {
  name: string;
  color: string;
  get: (p: TimelinePoint) => number | null;
}

function lineChart(points: TimelinePoint[], series: Series[]): string {
  const values = points.flatMap((p) => series.map((s) => s.get(p))).filter((v): v is number => v !== null);
  if (points.length === 0 || values.length === 0) return empty();
  const top = Math.max(1, ...values);
  const pw = W - PAD.l - PAD.r;
  const ph = H - PAD.t - PAD.b;
  const x = (t: number) => PAD.l + (points.length === 1 ? pw / 2 : (t / (points.length - 1)) * pw);
  const y = (v: number) => PAD.t + ph - (v / top) * ph;
  const lines = series
    .map((s) => {
      const pts = points.filter((p) => s.get(p) !== null).map((p) => `${n1(x(p.t))},${n1(y(s.get(p)!))}`);
      const dots = pts.length <= 60 ? pts.map((xy) => `<circle cx="${xy.split(",")[0]}" cy="${xy.split(",")[1]}" r="2" fill="${s.color}"/>`).join("") : "";
      return `<polyline fill="none" stroke="${s.color}" stroke-width="1.6" points="${pts.join(" ")}"/>${dots}`;
    })
    .join("");
  const legend = series
    .map((s, i) => `<rect x="${PAD.l + 8 + i * 110}" y="6" width="10" height="10" fill="${s.color}"/><text x="${PAD.l + 22 + i * 110}" y="15">${esc(s.name)}</text>`)
    .join("");
  const last = points.length - 1;
  const ticks = [0, Math.round(last / 2), last]
    .filter((v, i, a) => a.indexOf(v) === i)
    .map((t) => `<text x="${n1(x(t))}" y="${H - 10}" text-anchor="middle">${t} s</text>`)
    .join("");
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img">${axes(top, ph, false)}${lines}${legend}${ticks}</svg>`;
}

function axes(top: number, ph: number, counts: boolean): string {
  const grid = (counts && top < 2 ? [0, 1] : [0, 0.5, 1])
    .map((f) => {
      const yy = PAD.t + ph - f * ph;
      return `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${n1(yy)}" y2="${n1(yy)}" stroke="#eceff3"/><text x="${PAD.l - 6}" y="${n1(yy + 4)}" text-anchor="end">${counts ? Math.round(top * f) : num(top * f)}</text>`;
    })
    .join("");
  return `${grid}<line x1="${PAD.l}" x2="${PAD.l}" y1="${PAD.t}" y2="${PAD.t + ph}" stroke="#b8c0cc"/>`;
}

const n1 = (v: number) => (Math.round(v * 10) / 10).toString();
const num = (v: number) => (v === 0 ? "0" : v >= 100 ? Math.round(v).toString() : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
