import { createClient, ConnectError, type Client } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { ContentKind, FinishReason } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { codeName } from "@springboard/runtime";
import { exactPercentiles, LatencyHistogram, roundTo, type Bin, type Percentiles } from "./stats.js";

export type ContentKindName = "job" | "post" | "company" | "profile";

/** LoadQuestion is one question to ask, with the content it is asked next to. */
export interface LoadQuestion {
  question: string;
  context?: { kind: ContentKindName; id: string };
}

export interface LoadProgress {
  elapsedMs: number;
  active: number;
  started: number;
  ok: number;
  errors: number;
  deltas: number;
}

export interface LoadOptions {
  /** address is the gateway, host:port. */
  address: string;
  /** concurrency is the number of workers, each keeping one Converse stream open at a time. */
  concurrency: number;
  /** durationMs stops starting new turns after this long; in-flight turns finish. */
  durationMs?: number;
  /** count is the total number of turns; when both are set, whichever comes first stops the run. */
  count?: number;
  /** rampUpMs spreads the workers' starts evenly over this long. */
  rampUpMs?: number;
  /** connections is the number of HTTP/2 connections the workers share, round-robin; 1 by default. */
  connections?: number;
  /** questions are asked in order, cycling. */
  questions: LoadQuestion[];
  /** memberIds ask the questions, cycling; member-00001 to member-00100 by default. */
  memberIds?: string[];
  /** timeoutMs is each turn's deadline. */
  timeoutMs: number;
  /** onProgress is called about once a second. */
  onProgress?: (p: LoadProgress) => void;
  /** signal stops the run: no new turns, in-flight turns are cancelled and counted as aborted. */
  signal?: AbortSignal;
}

/** TimelinePoint describes one second of the run, counted from its start. */
export interface TimelinePoint {
  t: number;
  /** active is the mean number of open streams during the second. */
  active: number;
  started: number;
  /** completed counts turns that ended successfully during the second. */
  completed: number;
  errors: number;
  deltas: number;
  /** ttftP50 is the median time to first token of the turns whose first token arrived during the second. */
  ttftP50: number | null;
}

export interface ErrorSample {
  code: string;
  message: string;
  question: string;
}

/** LoadReport is the outcome of a run; it is plain JSON. */
export interface LoadReport {
  version: 1;
  startedAt: string;
  address: string;
  settings: {
    concurrency: number;
    connections: number;
    durationMs: number | null;
    count: number | null;
    rampUpMs: number;
    timeoutMs: number;
    questions: number;
    members: number;
  };
  /** wallMs runs from the first turn's start to the last turn's end. */
  wallMs: number;
  /** turns: started = ok + errors + aborted. */
  turns: { started: number; ok: number; errors: number; aborted: number; withText: number };
  /** finishReasons counts successful turns by Done.finish_reason. */
  finishReasons: Record<string, number>;
  /** errors counts failed turns by gRPC status code, or by the code of an in-stream Error event. */
  errors: Record<string, number>;
  errorSamples: ErrorSample[];
  /** protocol counts breaches of the event stream's contract seen by the client. */
  protocol: { seqGaps: number; missingTerminal: number };
  latency: {
    /** ttftMs is client-side: from sending the request to receiving the first text delta. */
    ttftMs: Percentiles;
    /** tbtMs are the gaps between successive text deltas of a turn. */
    tbtMs: Percentiles;
    firstEventMs: Percentiles;
    /** durationMs is the whole stream, from request to its end. */
    durationMs: Percentiles;
    /** serverTtftMs is Done.ttft_ms, the gateway's own measure, for comparison. */
    serverTtftMs: Percentiles;
  };
  perTurn: { events: Percentiles; deltas: Percentiles; chars: Percentiles };
  totals: { events: number; deltas: number; chars: number };
  throughput: { turnsPerSec: number; deltasPerSec: number; charsPerSec: number; eventsPerSec: number };
  distributions: { ttftMs: Bin[]; tbtMs: Bin[] };
  timeline: TimelinePoint[];
}

const KINDS: Record<ContentKindName, ContentKind> = {
  job: ContentKind.JOB,
  post: ContentKind.POST,
  company: ContentKind.COMPANY,
  profile: ContentKind.PROFILE,
};

export const DEFAULT_MEMBER_IDS: readonly string[] = Array.from({ length: 100 }, (_, i) => `member-${String(i + 1).padStart(5, "0")}`);

const MAX_ERROR_SAMPLES = 10;

interface TurnRecord {
  start: number;
  end: number;
  ttft?: number;
  firstEvent?: number;
  serverTtft?: number;
  events: number;
  deltas: number;
  chars: number;
  /** code is "OK", a status code name or an in-stream Error code. */
  code: string;
  finish?: string;
  aborted: boolean;
}

/**
 * runLoad drives the gateway's Converse stream with `concurrency` workers and measures, on the
 * client, what a member would see: time to first token, time between tokens, stream duration,
 * events and text received, and how each turn ended.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  checkOptions(opts);
  const connections = Math.max(1, Math.min(opts.connections ?? 1, opts.concurrency));
  const baseUrl = /^https?:\/\//.test(opts.address) ? opts.address : `http://${opts.address}`;
  const managers = Array.from({ length: connections }, () => new Http2SessionManager(baseUrl, { pingIntervalMs: 15_000 }));
  const clients = managers.map((sessionManager) => createClient(AssistantService, createGrpcTransport({ baseUrl, sessionManager })));
  const members = opts.memberIds?.length ? opts.memberIds : DEFAULT_MEMBER_IDS;
  const rampUpMs = opts.rampUpMs ?? 0;

  const startedAt = new Date();
  const t0 = performance.now();
  const records: TurnRecord[] = [];
  const tbt = new LatencyHistogram();
  const ttftHist = new LatencyHistogram();
  const deltasBySecond: number[] = [];
  const errorSamples: ErrorSample[] = [];
  const protocol = { seqGaps: 0, missingTerminal: 0 };
  const live = { active: 0, started: 0, ok: 0, errors: 0, deltas: 0 };
  let next = 0;

  const stopStarting = () =>
    opts.signal?.aborted === true ||
    (opts.count !== undefined && next >= opts.count) ||
    (opts.durationMs !== undefined && performance.now() - t0 >= opts.durationMs);

  const turn = async (client: Client<typeof AssistantService>, i: number) => {
    const q = opts.questions[i % opts.questions.length]!;
    const rec: TurnRecord = { start: performance.now(), end: 0, events: 0, deltas: 0, chars: 0, code: "OK", aborted: false };
    live.active++;
    live.started++;
    let lastSeq = 0n;
    let lastDelta = 0;
    let terminal = false;
    let message = "";
    try {
      const stream = client.converse(
        {
          memberId: members[i % members.length]!,
          question: q.question,
          context: q.context ? { kind: KINDS[q.context.kind], id: q.context.id } : undefined,
        },
        { timeoutMs: opts.timeoutMs, signal: opts.signal },
      );
      for await (const { event } of stream) {
        const now = performance.now();
        rec.events++;
        rec.firstEvent ??= now - rec.start;
        if (!event) continue;
        if (event.seq !== lastSeq + 1n) protocol.seqGaps++;
        lastSeq = event.seq;
        const b = event.body;
        switch (b.case) {
          case "textDelta":
            if (rec.ttft === undefined) {
              rec.ttft = now - rec.start;
              ttftHist.record(rec.ttft);
            } else {
              tbt.record(now - lastDelta);
            }
            lastDelta = now;
            rec.deltas++;
            rec.chars += b.value.delta.length;
            live.deltas++;
            deltasBySecond[second(now - t0)] = (deltasBySecond[second(now - t0)] ?? 0) + 1;
            break;
          case "done":
            terminal = true;
            rec.finish = FinishReason[b.value.finishReason] ?? String(b.value.finishReason);
            rec.serverTtft = b.value.ttftMs > 0 ? b.value.ttftMs : undefined;
            break;
          case "error":
            terminal = true;
            rec.code = b.value.code || "UNKNOWN";
            message = b.value.message;
            break;
          default:
            break;
        }
      }
      if (!terminal) {
        protocol.missingTerminal++;
        rec.code = "INCOMPLETE_STREAM";
        message = "the stream ended without a Done or Error event";
      }
    } catch (e) {
      const err = ConnectError.from(e);
      rec.aborted = opts.signal?.aborted === true;
      rec.code = codeName(err.code);
      message = err.rawMessage;
    }
    rec.end = performance.now();
    live.active--;
    if (rec.aborted) {
      // counted apart: the run was stopped
    } else if (rec.code === "OK") {
      live.ok++;
    } else {
      live.errors++;
      if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push({ code: rec.code, message, question: q.question });
    }
    records.push(rec);
  };

  const worker = async (w: number) => {
    const delay = opts.concurrency > 1 ? (rampUpMs * w) / opts.concurrency : 0;
    if (delay > 0) await sleep(delay, opts.signal);
    const client = clients[w % clients.length]!;
    while (!stopStarting()) await turn(client, next++);
  };

  const progress = opts.onProgress
    ? setInterval(() => opts.onProgress?.({ elapsedMs: Math.round(performance.now() - t0), ...live }), 1000)
    : undefined;
  progress?.unref();
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  } finally {
    if (progress) clearInterval(progress);
    for (const m of managers) m.abort();
  }
  return buildReport({ opts, connections, members: members.length, rampUpMs, startedAt, t0, records, tbt, ttftHist, deltasBySecond, errorSamples, protocol });
}

function checkOptions(o: LoadOptions): void {
  const problems: string[] = [];
  if (!o.address) problems.push("address is empty");
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) problems.push(`concurrency must be a positive integer, got ${o.concurrency}`);
  if (o.durationMs === undefined && o.count === undefined) problems.push("set durationMs or count, or the run never ends");
  if (o.durationMs !== undefined && !(o.durationMs > 0)) problems.push(`durationMs must be positive, got ${o.durationMs}`);
  if (o.count !== undefined && (!Number.isInteger(o.count) || o.count < 1)) problems.push(`count must be a positive integer, got ${o.count}`);
  if (o.connections !== undefined && (!Number.isInteger(o.connections) || o.connections < 1)) problems.push(`connections must be a positive integer, got ${o.connections}`);
  if (!(o.timeoutMs > 0)) problems.push(`timeoutMs must be positive, got ${o.timeoutMs}`);
  if (o.questions.length === 0) problems.push("questions is empty");
  if (problems.length) throw new RangeError(`runLoad: ${problems.join("; ")}`);
}

interface Collected {
  opts: LoadOptions;
  connections: number;
  members: number;
  rampUpMs: number;
  startedAt: Date;
  t0: number;
  records: TurnRecord[];
  tbt: LatencyHistogram;
  ttftHist: LatencyHistogram;
  deltasBySecond: number[];
  errorSamples: ErrorSample[];
  protocol: { seqGaps: number; missingTerminal: number };
}

function buildReport(c: Collected): LoadReport {
  const done = c.records.filter((r) => !r.aborted);
  const ok = done.filter((r) => r.code === "OK");
  const failed = done.filter((r) => r.code !== "OK");
  const tally = (keys: (string | undefined)[]) => {
    const out: Record<string, number> = {};
    for (const k of keys) if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
    return out;
  };
  const firstStart = c.records.reduce((m, r) => Math.min(m, r.start), Infinity);
  const lastEnd = c.records.reduce((m, r) => Math.max(m, r.end), firstStart);
  const wallMs = c.records.length ? lastEnd - firstStart : 0;
  const wallSec = Math.max(wallMs / 1000, 1e-9);
  const totals = {
    events: sum(c.records.map((r) => r.events)),
    deltas: sum(c.records.map((r) => r.deltas)),
    chars: sum(c.records.map((r) => r.chars)),
  };
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  return {
    version: 1,
    startedAt: c.startedAt.toISOString(),
    address: c.opts.address,
    settings: {
      concurrency: c.opts.concurrency,
      connections: c.connections,
      durationMs: c.opts.durationMs ?? null,
      count: c.opts.count ?? null,
      rampUpMs: c.rampUpMs,
      timeoutMs: c.opts.timeoutMs,
      questions: c.opts.questions.length,
      members: c.members,
    },
    wallMs: roundTo(wallMs, 1),
    turns: {
      started: c.records.length,
      ok: ok.length,
      errors: failed.length,
      aborted: c.records.length - done.length,
      withText: done.filter((r) => r.deltas > 0).length,
    },
    finishReasons: tally(ok.map((r) => r.finish)),
    errors: tally(failed.map((r) => r.code)),
    errorSamples: c.errorSamples,
    protocol: c.protocol,
    latency: {
      ttftMs: exactPercentiles(defined(done.map((r) => r.ttft))),
      tbtMs: c.tbt.percentiles(),
      firstEventMs: exactPercentiles(defined(done.map((r) => r.firstEvent))),
      durationMs: exactPercentiles(done.map((r) => r.end - r.start)),
      serverTtftMs: exactPercentiles(defined(ok.map((r) => r.serverTtft))),
    },
    perTurn: {
      events: exactPercentiles(done.map((r) => r.events)),
      deltas: exactPercentiles(done.map((r) => r.deltas)),
      chars: exactPercentiles(done.map((r) => r.chars)),
    },
    totals,
    throughput: {
      turnsPerSec: roundTo(ok.length / wallSec, 3),
      deltasPerSec: roundTo(totals.deltas / wallSec, 3),
      charsPerSec: roundTo(totals.chars / wallSec, 3),
      eventsPerSec: roundTo(totals.events / wallSec, 3),
    },
    distributions: { ttftMs: c.ttftHist.bins(), tbtMs: c.tbt.bins() },
    timeline: timeline(c),
  };
}

/** timeline rebuilds the run second by second from every turn's start, first token and end. */
function timeline(c: Collected): TimelinePoint[] {
  const last = c.records.reduce((m, r) => Math.max(m, second(r.end - c.t0)), c.deltasBySecond.length - 1);
  const points: TimelinePoint[] = [];
  const ttfts: number[][] = [];
  for (let t = 0; t <= last; t++) {
    points.push({ t, active: 0, started: 0, completed: 0, errors: 0, deltas: c.deltasBySecond[t] ?? 0, ttftP50: null });
    ttfts.push([]);
  }
  for (const r of c.records) {
    const s = r.start - c.t0;
    const e = r.end - c.t0;
    points[second(s)]!.started++;
    if (!r.aborted) {
      if (r.code === "OK") points[second(e)]!.completed++;
      else points[second(e)]!.errors++;
    }
    if (r.ttft !== undefined) ttfts[second(s + r.ttft)]?.push(r.ttft);
    for (let t = second(s); t <= second(e); t++) {
      const overlap = Math.min(e, (t + 1) * 1000) - Math.max(s, t * 1000);
      if (overlap > 0) points[t]!.active += overlap / 1000;
    }
  }
  for (const p of points) {
    p.active = roundTo(p.active, 2);
    const xs = ttfts[p.t]!;
    p.ttftP50 = xs.length ? exactPercentiles(xs).p50 : null;
  }
  return points;
}

const second = (ms: number) => Math.max(0, Math.floor(ms / 1000));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
