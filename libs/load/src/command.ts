import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createClient, ConnectError } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "@springboard/proto/grpc/health/v1/health_pb.js";
import { DEFAULT_PORTS, REPO_ROOT } from "@springboard/cluster";
import { formatLoadReport, htmlLoadReport } from "./report.js";
import { runLoad, type ContentKindName, type LoadQuestion } from "./run.js";

export const LOAD_USAGE = `usage: springboard load [--addr host:port] [--concurrency N] [--duration 30s | --count N]
                       [--ramp-up 5s] [--connections N] [--questions FILE.jsonl] [--out DIR] [--timeout 60s]

Drives the gateway's Converse stream with N concurrent workers and reports, as the client sees it,
time to first token (TTFT), time between tokens (TBT), stream duration, throughput and errors.
Writes report.json and report.html to --out (default .springboard/load/<timestamp>/).
Durations take ms, s, m or h (a bare number is seconds). Exit 0 without errors, 1 with errors, 2 for bad arguments.

  --addr         gateway address (default $GATEWAY_ADDR or localhost:${DEFAULT_PORTS.gateway})
  --concurrency  concurrent streams (default 8)
  --duration     how long to start new turns (default 30s unless --count is given)
  --count        total number of turns
  --ramp-up      spread the workers' starts over this long (default 0s)
  --connections  HTTP/2 connections shared by the workers (default 1)
  --questions    JSON lines of {"question", "context": {"kind": "job|post|company|profile", "id"}}
                 (default deploy/load/questions.jsonl)
  --out          report directory
  --timeout      deadline of each turn (default 60s)
`;

export const DEFAULT_QUESTIONS_FILE = join(REPO_ROOT, "deploy", "load", "questions.jsonl");

export interface CommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

class UsageError extends Error {}

/** parseDuration reads "500ms", "30s", "1.5m", "1h" or a bare number of seconds into milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} must be a duration such as 500ms, 30s, 2m or 1h, got "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Number(m[1]) * unit;
}

function positiveInt(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`${flag} must be a positive integer, got "${text}"`);
  return Number(text);
}

const KIND_NAMES: Record<string, ContentKindName> = {
  job: "job",
  post: "post",
  company: "company",
  profile: "profile",
  CONTENT_KIND_JOB: "job",
  CONTENT_KIND_POST: "post",
  CONTENT_KIND_COMPANY: "company",
  CONTENT_KIND_PROFILE: "profile",
};

/** parseQuestions reads JSON lines of questions; blank lines are skipped, anything else malformed is an error naming its line. */
export function parseQuestions(text: string, source = "questions"): LoadQuestion[] {
  const out: LoadQuestion[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${source}:${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new UsageError(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const o = v as { question?: unknown; context?: { kind?: unknown; id?: unknown } | null };
    if (typeof o !== "object" || o === null || typeof o.question !== "string" || !o.question.trim()) {
      throw new UsageError(`${where}: expected {"question": "...", "context"?: {"kind", "id"}}`);
    }
    if (o.context === undefined || o.context === null) {
      out.push({ question: o.question });
      return;
    }
    const kind = typeof o.context.kind === "string" ? KIND_NAMES[o.context.kind] : undefined;
    if (!kind || typeof o.context.id !== "string" || !o.context.id) {
      throw new UsageError(`${where}: context needs "kind" (job, post, company or profile) and "id"`);
    }
    out.push({ question: o.question, context: { kind, id: o.context.id } });
  });
  if (out.length === 0) throw new UsageError(`${source} has no questions`);
  return out;
}

/** runLoadCommand is `springboard load`: it runs a load test, prints the report and writes it as JSON and HTML. */
export async function runLoadCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(LOAD_USAGE);
    return 0;
  }
  let settings: ReturnType<typeof parseLoadArgs>;
  try {
    settings = parseLoadArgs(args);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      io.stderr(`${e.message}\n\n${LOAD_USAGE}`);
      return 2;
    }
    throw e;
  }
  const { address, out } = settings;
  const reachable = await checkServing(address);
  if (reachable !== true) {
    io.stderr(`cannot reach the gateway at ${address}: ${reachable}\nIs the cluster running? Start it with: npx springboard up\n`);
    return 1;
  }
  const what = [settings.durationMs !== undefined ? `for ${settings.durationMs / 1000} s` : "", settings.count !== undefined ? `${settings.count} turns` : ""]
    .filter(Boolean)
    .join(" or ");
  io.stderr(`load: ${settings.concurrency} concurrent Converse streams against ${address}, ${what}\n`);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  let report;
  try {
    report = await runLoad({
      ...settings,
      signal: abort.signal,
      onProgress: (p) => io.stderr(`  ${(p.elapsedMs / 1000).toFixed(0).padStart(4)} s  open ${p.active}  ok ${p.ok}  errors ${p.errors}  deltas ${p.deltas}\n`),
    });
  } finally {
    process.removeListener("SIGINT", onSignal);
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, "report.html"), htmlLoadReport(report));
  io.stdout(formatLoadReport(report));
  io.stdout(`\nreports: ${join(out, "report.json")}\n         ${join(out, "report.html")}\n`);
  return report.turns.errors === 0 && report.turns.ok > 0 ? 0 : 1;
}

/** parseLoadArgs turns the command line into runLoad options; it throws on bad arguments. */
export function parseLoadArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      addr: { type: "string" },
      concurrency: { type: "string", default: "8" },
      duration: { type: "string" },
      count: { type: "string" },
      "ramp-up": { type: "string", default: "0s" },
      connections: { type: "string", default: "1" },
      questions: { type: "string" },
      out: { type: "string" },
      timeout: { type: "string", default: "60s" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const count = values.count !== undefined ? positiveInt(values.count, "--count") : undefined;
  let durationMs = values.duration !== undefined ? parseDuration(values.duration, "--duration") : undefined;
  if (durationMs === undefined && count === undefined) durationMs = 30_000;
  if (durationMs !== undefined && durationMs <= 0) throw new UsageError("--duration must be more than 0");
  const timeoutMs = parseDuration(values.timeout, "--timeout");
  if (timeoutMs <= 0) throw new UsageError("--timeout must be more than 0");
  const questionsFile = values.questions ?? DEFAULT_QUESTIONS_FILE;
  let text: string;
  try {
    text = readFileSync(questionsFile, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read --questions ${questionsFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    address: values.addr ?? process.env.GATEWAY_ADDR ?? `localhost:${DEFAULT_PORTS.gateway}`,
    concurrency: positiveInt(values.concurrency, "--concurrency"),
    connections: positiveInt(values.connections, "--connections"),
    durationMs,
    count,
    rampUpMs: parseDuration(values["ramp-up"], "--ramp-up"),
    timeoutMs,
    questions: parseQuestions(text, questionsFile),
    out: resolve(values.out ?? join(REPO_ROOT, ".springboard", "load", new Date().toISOString().replace(/[:.]/g, "-"))),
  };
}

/** checkServing asks the gateway's health service once; it returns true or the reason it failed. */
async function checkServing(address: string): Promise<true | string> {
  const baseUrl = /^https?:\/\//.test(address) ? address : `http://${address}`;
  const sessionManager = new Http2SessionManager(baseUrl);
  try {
    const health = createClient(Health, createGrpcTransport({ baseUrl, sessionManager }));
    const res = await health.check({ service: "" }, { timeoutMs: 5_000 });
    return res.status === HealthCheckResponse_ServingStatus.SERVING ? true : `health is ${HealthCheckResponse_ServingStatus[res.status]}`;
  } catch (e) {
    return ConnectError.from(e).message;
  } finally {
    sessionManager.abort();
  }
}
