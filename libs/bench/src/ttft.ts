import { startCluster } from "@springboard/cluster";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import type { Client } from "@connectrpc/connect";
import { serviceClient } from "@springboard/runtime";
import { cpuMeter, ms, summarize, table } from "./stats.js";
import { startShapeChain } from "./shape.js";

const TURNS = 200;

/** firstTokenOverhead runs one turn: time to the first text delta minus the LLM TTFTs reported in Done. */
async function firstTokenOverhead(client: Client<typeof AssistantService>, i: number): Promise<number> {
  const t0 = performance.now();
  let first = 0;
  let llmTtft = 0;
  for await (const { event } of client.converse({
    memberId: `member-${String((i % 900) + 1).padStart(5, "0")}`,
    question: "Am I a good fit for this job?",
    context: { kind: ContentKind.JOB, id: `job-${String((i % 900) + 1).padStart(5, "0")}` },
  })) {
    if (event?.body.case === "textDelta" && first === 0) first = performance.now() - t0;
    if (event?.body.case === "done") llmTtft = event.body.value.usage.reduce((a, u) => a + u.ttftMs, 0);
  }
  return first - llmTtft;
}

async function concurrently(n: number, total: number, one: (i: number) => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < total) out.push(await one(next++));
    }),
  );
  return out;
}

/**
 * benchTtft measures what the pipeline adds before the first token: member-perceived TTFT at the
 * client minus the LLM's own time to first token on the critical path (planner and generator, as
 * reported in Done), with llm-sim at zero latency; next to the same figure through the raw chain of
 * the same RPC shape (shape.ts: every RPC of the critical path, no logic), at 1 and 50 concurrent
 * conversations.
 */
export async function benchTtft(log: (s: string) => void) {
  const chain = await startShapeChain();
  const raw: Record<number, Phase> = {};
  try {
    const client = serviceClient(AssistantService, chain.address);
    for (const c of [1, 50]) raw[c] = await phase(client, c, chain.pids);
  } finally {
    chain.stop();
  }
  const cluster = await startCluster({
    ports: "free",
    env: { LOG_LEVEL: "warn", GATEWAY_RATE_LIMIT_PER_MINUTE: "0" },
    serviceEnv: {
      "llm-sim": { LLM_SIM_PREFILL_BASE_MS: "0", LLM_SIM_PREFILL_MS_PER_TOKEN: "0", LLM_SIM_TBT_BASE_MS: "0", LLM_SIM_TBT_SLOPE_MS: "0", LLM_SIM_JITTER: "0", LLM_SIM_MALFORMED_RATE: "0", LLM_SIM_MAX_RUNNING: "1000" },
      "member-graph": { MEMBER_GRAPH_LATENCY_MS: "0", MEMBER_GRAPH_JITTER_MS: "0" },
    },
  });
  const pipe: Record<number, Phase> = {};
  try {
    const client = serviceClient(AssistantService, cluster.address("gateway"));
    const pids = Object.fromEntries(Object.values(cluster.services).map((s) => [s.name, s.child.pid!]));
    for (const c of [1, 50]) pipe[c] = await phase(client, c, pids);
  } finally {
    await cluster.stop();
  }
  const rows: (string | number)[][] = [["", "p50", "p99", "ratio p50", "ratio p99", "CPU per conversation"]];
  for (const c of [1, 50]) {
    const r = summarize(raw[c]!.overheads);
    const p = summarize(pipe[c]!.overheads);
    rows.push([`raw chain of the same shape, ${c} concurrent`, ms(r.p50), ms(r.p99), "", "", ms(total(raw[c]!.cpuMs))]);
    rows.push([`pipeline overhead, ${c} concurrent`, ms(p.p50), ms(p.p99), (p.p50 / r.p50).toFixed(1), (p.p99 / r.p99).toFixed(1), ms(total(pipe[c]!.cpuMs))]);
  }
  log(`time to first token added by the pipeline (member TTFT minus LLM TTFTs), ${TURNS} turns each`);
  log(table(rows));
  // On two cores the CPU a conversation costs, in every process, is what its first token waits for.
  const byProcess = Object.entries(pipe[1]!.cpuMs).sort((a, b) => b[1] - a[1]);
  log(`pipeline CPU per conversation at 1 concurrent, by process: ${byProcess.map(([n, v]) => `${n} ${v.toFixed(1)}`).join(", ")} ms`);
  const summaries = (phases: Record<number, Phase>) =>
    Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { ...summarize(v.overheads), cpuMsPerConversation: v.cpuMs }]));
  return { raw: summaries(raw), pipeline: summaries(pipe) };
}

interface Phase {
  overheads: number[];
  /** cpuMs is the CPU time each process of the chain spent per measured conversation. */
  cpuMs: Record<string, number>;
}

/** phase warms the chain up with 20 turns, then measures TURNS at the given concurrency. */
async function phase(client: Client<typeof AssistantService>, concurrency: number, pids: Record<string, number>): Promise<Phase> {
  await concurrently(concurrency, 20, () => firstTokenOverhead(client, 0));
  const cpu = cpuMeter(pids);
  const overheads = await concurrently(concurrency, TURNS, (i) => firstTokenOverhead(client, i));
  const used = cpu.done();
  return { overheads, cpuMs: Object.fromEntries(Object.entries(used).map(([n, v]) => [n, v / TURNS])) };
}

function total(byProcess: Record<string, number>): number {
  return Object.values(byProcess).reduce((a, b) => a + b, 0);
}
