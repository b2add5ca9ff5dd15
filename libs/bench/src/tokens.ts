import type { Client } from "@connectrpc/connect";
import { startCluster } from "@springboard/cluster";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { serviceClient } from "@springboard/runtime";
import { startShapeChain } from "./shape.js";
import { ms, summarize, table } from "./stats.js";

const TBT_MS = 40;
const ANSWER_TOKENS = 60;
const TURNS = 40;

/** Arrival is a text delta seen by the client: when, and how many tokens (words) it carries. */
export interface Arrival {
  at: number;
  tokens: number;
}

/**
 * tokenDelays returns, for each token after the first, how much later than its stream's fastest
 * token it arrived, against an upstream schedule of one token every tbtMs.
 *
 * The first token is left out: its delay is the first-token benchmark's. The others are placed on
 * the schedule by their phase within a slot. The schedule's phase is where most tokens arrive (the
 * densest tbtMs / 20 of the slot): late tokens scatter after it, so a token late by more than half
 * a slot is not mistaken for an early one, which would make every other token of its stream look
 * late. Phases from tbtMs / 8 before that point to the rest of the slot after it are one slot. A
 * delta that carries n tokens released its first n - 1 tokens late by one tbtMs each, from the last
 * backwards. A delay every token shares cancels out.
 */
export function tokenDelays(deltas: readonly Arrival[], tbtMs: number): number[] {
  const rest = deltas.slice(1);
  if (rest.length === 0) return [];
  const origin = rest[0]!.at;
  const mod = (x: number) => ((x % tbtMs) + tbtMs) % tbtMs;
  const phases = rest.map(({ at }) => mod(at - origin));
  const window = tbtMs / 20;
  let schedule = phases[0]!;
  let densest = 0;
  for (const p of phases) {
    let n = 0;
    for (const q of phases) if (mod(q - p) < window) n++;
    if (n > densest) {
      densest = n;
      schedule = p;
    }
  }
  const early = tbtMs / 8;
  const offsets = phases.map((p) => mod(p - schedule + early) - early);
  const fastest = Math.min(...offsets);
  const out: number[] = [];
  rest.forEach(({ tokens }, d) => {
    for (let k = tokens - 1; k >= 0; k--) out.push(offsets[d]! - fastest + k * tbtMs);
  });
  return out;
}

/**
 * Which job and member turn i asks about. Measured turns (i < 1,000) ask about jobs and members no
 * other turn of the cluster asked about, so no cache answers their start; the warm-up's turns
 * (i >= 1,000) ask about jobs 401-1000 and members 1001-2000.
 */
function idsOf(i: number): { job: number; member: number } {
  return i < 1_000 ? { job: i + 1, member: i + 1 } : { job: 401 + (i % 600), member: 1_001 + (i % 1_000) };
}

/** delays reads one answer and returns the delay of each token after the first (see tokenDelays). */
async function delays(client: Client<typeof AssistantService>, i: number): Promise<number[]> {
  const deltas: Arrival[] = [];
  const { job, member } = idsOf(i);
  for await (const { event } of client.converse({
    memberId: `member-${String(member).padStart(5, "0")}`,
    question: "Am I a good fit for this job?",
    context: { kind: ContentKind.JOB, id: `job-${String(job).padStart(5, "0")}` },
  })) {
    if (event?.body.case === "textDelta") deltas.push({ at: performance.now(), tokens: Math.max(1, (event.body.value.delta.match(/\S+/g) ?? []).length) });
  }
  return tokenDelays(deltas, TBT_MS);
}

/**
 * Load is how many answers stream at once and whether their starts are spread. All answers take
 * the same time, so workers that start together stay in step: every turn then starts at the same
 * moment as nine others, and the tokens streaming meanwhile wait for ten turns' start-up work.
 * Spread, worker w starts w / n of an answer's length later and stays that far apart, as answers
 * that arrive independently would.
 */
interface Load {
  concurrency: number;
  spread: boolean;
}

const LOADS: Load[] = [
  { concurrency: 1, spread: false },
  { concurrency: 10, spread: true },
  { concurrency: 10, spread: false },
];
const loadName = (l: Load) => (l.concurrency === 1 ? "1 concurrent" : `${l.concurrency} concurrent, ${l.spread ? "starts spread" : "starting together"}`);

async function run(address: string, load: Load, turns = TURNS, first = 0): Promise<number[]> {
  const client = serviceClient(AssistantService, address);
  const out: number[] = [];
  let next = first;
  await Promise.all(
    Array.from({ length: load.concurrency }, async (_, w) => {
      if (load.spread) await new Promise((r) => setTimeout(r, (w * ANSWER_TOKENS * TBT_MS) / load.concurrency));
      while (next < first + turns) out.push(...(await delays(client, next++)));
    }),
  );
  return out;
}

/**
 * warmUp streams answers that are not measured, about members and jobs the measured ones do not
 * ask about: a process costs about twice the CPU per turn until it has served on the order of a
 * thousand (see the first-token bench). 50 at a time, 1,500 paced answers take about 80 s.
 */
function warmUp(address: string): Promise<number[]> {
  return run(address, { concurrency: 50, spread: false }, WARM_UP_TURNS, 1_000);
}

const WARM_UP_TURNS = 1_500;

/**
 * benchTokens measures the latency the chain adds to each token after the first: llm-sim paces a
 * 60-token answer at one token every 40 ms, and each token's delay at the client is compared with
 * the raw relay of the same hops (shape.ts, paced the same way), at 1 and 10 concurrent answers
 * (spread and in step, see Load), with the gateway's output guard streaming and holding sentences.
 * Each chain first streams 1,500 answers that are not measured.
 */
export async function benchTokens(log: (s: string) => void) {
  const raw: Record<string, number[]> = {};
  const chain = await startShapeChain({ answerEvents: ANSWER_TOKENS, tbtMs: TBT_MS });
  try {
    await warmUp(chain.address);
    for (const [n, l] of LOADS.entries()) raw[loadName(l)] = await run(chain.address, l, TURNS, n * TURNS);
  } finally {
    chain.stop();
  }
  const modes = ["stream", "hold"] as const;
  const pipe: Record<string, Record<string, number[]>> = {};
  for (const mode of modes) {
    const cluster = await startCluster({
      ports: "free",
      env: { LOG_LEVEL: "warn", GATEWAY_RATE_LIMIT_PER_MINUTE: "0", GATEWAY_OUTPUT_GUARD_MODE: mode },
      serviceEnv: {
        "llm-sim": {
          LLM_SIM_PREFILL_BASE_MS: "0",
          LLM_SIM_PREFILL_MS_PER_TOKEN: "0",
          LLM_SIM_TBT_BASE_MS: String(TBT_MS),
          LLM_SIM_TBT_SLOPE_MS: "0",
          LLM_SIM_JITTER: "0",
          LLM_SIM_MALFORMED_RATE: "0",
          LLM_SIM_ANSWER_TOKENS: String(ANSWER_TOKENS),
        },
        "member-graph": { MEMBER_GRAPH_LATENCY_MS: "0", MEMBER_GRAPH_JITTER_MS: "0" },
      },
    });
    pipe[mode] = {};
    try {
      await warmUp(cluster.address("gateway"));
      for (const [n, l] of LOADS.entries()) pipe[mode][loadName(l)] = await run(cluster.address("gateway"), l, TURNS, n * TURNS);
    } finally {
      await cluster.stop();
    }
  }
  const rows: (string | number)[][] = [["", "tokens", "p50", "p99", "ratio p50", "ratio p99"]];
  for (const l of LOADS) {
    const c = loadName(l);
    const r = summarize(raw[c]!);
    rows.push([`raw relay, ${c}`, raw[c]!.length, ms(r.p50), ms(r.p99), "", ""]);
    for (const mode of modes) {
      const p = summarize(pipe[mode]![c]!);
      rows.push([`pipeline, guard ${mode}, ${c}`, pipe[mode]![c]!.length, ms(p.p50), ms(p.p99), (p.p50 / Math.max(r.p50, 0.01)).toFixed(1), (p.p99 / Math.max(r.p99, 0.01)).toFixed(1)]);
    }
  }
  log(`per-token delay after the first token (one token every ${TBT_MS} ms, ${ANSWER_TOKENS}-token answers, ${TURNS} answers each)`);
  log(table(rows));
  const summaries = (byLoad: Record<string, number[]>) => Object.fromEntries(Object.entries(byLoad).map(([k, v]) => [k, summarize(v)]));
  return { raw: summaries(raw), pipeline: Object.fromEntries(modes.map((m) => [m, summaries(pipe[m]!)])) };
}
