import { startCluster } from "@springboard/cluster";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { benchmark as parserThroughput } from "@springboard/llm-yaml";
import { serviceClient } from "@springboard/runtime";
import { ms, table } from "./stats.js";

interface Turn {
  ttftMs: number;
  planEndMs: number;
  dispatchMs: number[];
  skillsDoneMs: number;
  calls: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const COURSES = "Am I a good fit for this job, and which courses would help me learn the skills I am missing?";
const FIT = "Am I a good fit for this job?";

async function turns(mode: "streaming" | "after-plan", prefetch: boolean, n: number, question = COURSES): Promise<Turn[]> {
  const cluster = await startCluster({
    ports: "free",
    env: { LOG_LEVEL: "warn" },
    serviceEnv: {
      "llm-sim": { LLM_SIM_TBT_BASE_MS: "20", LLM_SIM_TBT_SLOPE_MS: "0", LLM_SIM_JITTER: "0", LLM_SIM_MALFORMED_RATE: "0", LLM_SIM_PREFILL_BASE_MS: "10" },
      "member-graph": { MEMBER_GRAPH_LATENCY_MS: "40", MEMBER_GRAPH_JITTER_MS: "0" },
      agent: { AGENT_DISPATCH: mode, AGENT_PREFETCH: String(prefetch) },
    },
  });
  try {
    const client = serviceClient(AssistantService, cluster.address("gateway"));
    const out: Turn[] = [];
    for (let i = 0; i < n + 1; i++) {
      const t0 = performance.now();
      let ttft = 0;
      let done;
      for await (const { event } of client.converse({
        memberId: `member-0000${(i % 9) + 1}`,
        question,
        context: { kind: ContentKind.JOB, id: `job-0000${(i % 9) + 1}` },
      })) {
        if (event?.body.case === "textDelta" && ttft === 0) ttft = performance.now() - t0;
        if (event?.body.case === "done") done = event.body.value;
      }
      if (i === 0 || !done) continue; // the first turn warms connections
      const plan = done.timings.find((t) => t.stage === "plan")!;
      const calls = done.timings.filter((t) => t.stage.startsWith("skill:"));
      out.push({
        ttftMs: ttft,
        planEndMs: plan.startMs + plan.durationMs,
        dispatchMs: calls.map((c) => c.startMs),
        skillsDoneMs: Math.max(...calls.map((c) => c.startMs + c.durationMs)),
        calls: calls.length,
      });
    }
    return out;
  } finally {
    await cluster.stop();
  }
}

/**
 * benchPlanner measures early firing: with llm-sim at 20 ms between tokens, member-graph at 40 ms
 * and a plan of three calls, when each skill is dispatched relative to the end of the plan, and how
 * much sooner the member sees the first token than when the agent waits for the whole plan; then
 * the same with the calls the agent prefetches (job and member) started while the plan is written.
 * The three modes run here one after the other.
 */
export async function benchPlanner(log: (s: string) => void, n = 8) {
  const throughput = parserThroughput({ minMs: 1_000 });
  log(`llm-yaml parser throughput over its corpus: ${throughput.mbPerSecond.toFixed(2)} MB/s`);
  const streaming = await turns("streaming", false, n);
  const waiting = await turns("after-plan", false, n);
  // A plan of two calls that ends with one the agent prefetches: the member's profile.
  const fit = await turns("streaming", false, n, FIT);
  const prefetching = await turns("streaming", true, n, FIT);
  const row = (name: string, t: Turn[]) => {
    const offsets = [0, 1, 2].map((k) => median(t.map((x) => (x.dispatchMs[k] ?? NaN) - x.planEndMs)));
    return [name, String(median(t.map((x) => x.calls))), ...offsets.map(ms), ms(median(t.map((x) => x.skillsDoneMs - x.planEndMs))), ms(median(t.map((x) => x.ttftMs)))];
  };
  const header = ["mode", "calls", "call 1", "call 2", "call 3", "skills done", "member TTFT"];
  log("\nskill dispatch relative to the end of the plan (negative: before it ended), medians of " + n + " turns");
  log(table([header, row("after plan", waiting), row("streaming", streaming)]));
  const saved = median(waiting.map((x) => x.ttftMs)) - median(streaming.map((x) => x.ttftMs));
  log(`first token sooner by ${ms(saved)} (ratio ${(median(streaming.map((x) => x.ttftMs)) / median(waiting.map((x) => x.ttftMs))).toFixed(2)} of waiting for the plan)`);
  log(`\n"${FIT}": the job and the member, both prefetched by job_fit while the plan is written`);
  log(table([header, row("streaming", fit), row("streaming, with prefetch", prefetching)]));
  const savedByPrefetch = median(fit.map((x) => x.ttftMs)) - median(prefetching.map((x) => x.ttftMs));
  log(`first token sooner by ${ms(savedByPrefetch)} with prefetch`);
  return { parserMbPerSecond: throughput.mbPerSecond, streaming, waiting, fit, prefetching, ttftSavedMs: saved, ttftSavedByPrefetchMs: savedByPrefetch };
}
