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
 * the schedule by their phase, measured from the circular mean phase of all of them, so a stream
 * whose tokens sit near the edge of a slot is not split across two slots (a delay under tbtMs / 2
 * cannot be mistaken for the next slot). A delta that carries n tokens released its first n - 1
 * tokens late by one tbtMs each, from the last backwards. A delay every token shares cancels out.
 */
export function tokenDelays(deltas: readonly Arrival[], tbtMs: number): number[] {
  const rest = deltas.slice(1);
  if (rest.length === 0) return [];
  const origin = rest[0]!.at;
  let sin = 0;
  let cos = 0;
  for (const { at } of rest) {
    const angle = (2 * Math.PI * (at - origin)) / tbtMs;
    sin += Math.sin(angle);
    cos += Math.cos(angle);
  }
  const centre = origin + (Math.atan2(sin, cos) / (2 * Math.PI)) * tbtMs;
  const offsets = rest.map(({ at }) => {
    const since = at - centre;
    return since - Math.round(since / tbtMs) * tbtMs;
  });
  const fastest = Math.min(...offsets);
  const out: number[] = [];
  rest.forEach(({ tokens }, d) => {
    for (let k = tokens - 1; k >= 0; k--) out.push(offsets[d]! - fastest + k * tbtMs);
  });
  return out;
}

/** delays reads one answer and returns the delay of each token after the first (see tokenDelays). */
async function delays(client: Client<typeof AssistantService>, i: number): Promise<number[]> {
  const deltas: Arrival[] = [];
  for await (const { event } of client.converse({
    memberId: `member-${String((i % 900) + 1).padStart(5, "0")}`,
    question: "Am I a good fit for this job?",
    context: { kind: ContentKind.JOB, id: `job-${String((i % 900) + 1).padStart(5, "0")}` },
  })) {
    if (event?.body.case === "textDelta") deltas.push({ at: performance.now(), tokens: Math.max(1, (event.body.value.delta.match(/\S+/g) ?? []).length) });
  }
  return tokenDelays(deltas, TBT_MS);
}

async function run(address: string, concurrency: number, turns = TURNS, first = 0): Promise<number[]> {
  const client = serviceClient(AssistantService, address);
  const out: number[] = [];
  let next = first;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < first + turns) out.push(...(await delays(client, next++)));
    }),
  );
  return out;
}

/**
 * warmUp streams answers that are not measured, about members and jobs the measured ones do not
 * ask about: a process that has just started compiles its hot paths during its first turns.
 */
function warmUp(address: string): Promise<number[]> {
  return run(address, 10, WARM_UP_TURNS, 500);
}

const WARM_UP_TURNS = 20;

/**
 * benchTokens measures the latency the chain adds to each token after the first: llm-sim paces a
 * 60-token answer at one token every 40 ms, and each token's delay at the client is compared with
 * the raw relay of the same hops (shape.ts, paced the same way), at 1 and 10 concurrent answers,
 * with the gateway's output guard streaming and holding sentences. Each chain first streams 20
 * answers that are not measured.
 */
export async function benchTokens(log: (s: string) => void) {
  const concurrency = [1, 10];
  const raw: Record<number, number[]> = {};
  const chain = await startShapeChain({ answerEvents: ANSWER_TOKENS, tbtMs: TBT_MS });
  try {
    await warmUp(chain.address);
    for (const c of concurrency) raw[c] = await run(chain.address, c);
  } finally {
    chain.stop();
  }
  const modes = ["stream", "hold"] as const;
  const pipe: Record<string, Record<number, number[]>> = {};
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
      for (const c of concurrency) pipe[mode][c] = await run(cluster.address("gateway"), c);
    } finally {
      await cluster.stop();
    }
  }
  const rows: (string | number)[][] = [["", "tokens", "p50", "p99", "ratio p50", "ratio p99"]];
  for (const c of concurrency) {
    const r = summarize(raw[c]!);
    rows.push([`raw relay, ${c} concurrent`, raw[c]!.length, ms(r.p50), ms(r.p99), "", ""]);
    for (const mode of modes) {
      const p = summarize(pipe[mode]![c]!);
      rows.push([`pipeline, guard ${mode}, ${c} concurrent`, pipe[mode]![c]!.length, ms(p.p50), ms(p.p99), (p.p50 / Math.max(r.p50, 0.01)).toFixed(1), (p.p99 / Math.max(r.p99, 0.01)).toFixed(1)]);
    }
  }
  log(`per-token delay after the first token (one token every ${TBT_MS} ms, ${ANSWER_TOKENS}-token answers, ${TURNS} answers each)`);
  log(table(rows));
  const summaries = (byConcurrency: Record<number, number[]>) => Object.fromEntries(Object.entries(byConcurrency).map(([k, v]) => [k, summarize(v)]));
  return { raw: summaries(raw), pipeline: Object.fromEntries(modes.map((m) => [m, summaries(pipe[m]!)])) };
}
