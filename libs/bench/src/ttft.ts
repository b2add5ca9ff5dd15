import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startCluster } from "@springboard/cluster";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import type { Client } from "@connectrpc/connect";
import { serviceClient } from "@springboard/runtime";
import { cpuMeter, ms, summarize, table } from "./stats.js";
import { startShapeChain } from "./shape.js";

const TURNS = 200;

/**
 * Which job a turn asks about, and for which member. Measured turns ask about content no earlier
 * turn of the run asked about, so no cache (the gateway's titles, the skills' results) answers
 * them: 1-200 right after start, 801-1000 at 1 concurrent, 601-800 at 50. The warm-up asks about
 * jobs 201-600 for members 1001-2000.
 */
const COLD_FROM = 1;
const STEADY_FROM: Record<number, number> = { 1: 801, 50: 601 };
const WARM_UP = { turns: 1_500, chunk: 250, concurrency: 10, jobs: 400, firstJob: 201, members: 1_000, firstMember: 1_001 };

/** firstTokenOverhead runs one turn: time to the first text delta minus the LLM TTFTs reported in Done. */
async function firstTokenOverhead(client: Client<typeof AssistantService>, job: number, member = job): Promise<number> {
  const t0 = performance.now();
  let first = 0;
  let llmTtft = 0;
  for await (const { event } of client.converse({
    memberId: `member-${String(member).padStart(5, "0")}`,
    question: "Am I a good fit for this job?",
    context: { kind: ContentKind.JOB, id: `job-${String(job).padStart(5, "0")}` },
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

/** warmUp streams `turns` answers that are not measured, about the warm-up's jobs and members. */
function warmUp(client: Client<typeof AssistantService>, turns: number, from = 0): Promise<number[]> {
  return concurrently(WARM_UP.concurrency, turns, (i) => {
    const k = from + i;
    return firstTokenOverhead(client, WARM_UP.firstJob + (k % WARM_UP.jobs), WARM_UP.firstMember + (k % WARM_UP.members));
  });
}

interface Phase {
  overheads: number[];
  /** cpuMs is the CPU time each process of the chain spent per measured conversation. */
  cpuMs: Record<string, number>;
}

/** Chain is one of the two chains measured: where its gateway listens, and its processes. */
interface Chain {
  client: Client<typeof AssistantService>;
  pids: Record<string, number>;
}

/** phase measures `turns` turns at a concurrency, about jobs and members from `from` on. */
async function phase(chain: Chain, concurrency: number, from: number, turns: number): Promise<Phase> {
  const cpu = cpuMeter(chain.pids);
  const overheads = await concurrently(concurrency, turns, (k) => firstTokenOverhead(chain.client, from + k));
  const used = cpu.done();
  return { overheads, cpuMs: Object.fromEntries(Object.entries(used).map(([n, v]) => [n, v / turns])) };
}

/** merge joins the rounds of one measurement. */
function merge(rounds: Phase[]): Phase {
  const overheads = rounds.flatMap((r) => r.overheads);
  const cpuMs: Record<string, number> = {};
  for (const r of rounds) for (const [n, v] of Object.entries(r.cpuMs)) cpuMs[n] = (cpuMs[n] ?? 0) + (v * r.overheads.length) / overheads.length;
  return { overheads, cpuMs };
}

/**
 * ROUNDS splits a steady-state measurement so that the chains take turns. At 50 concurrent a round
 * must hold several waves of turns (the first 50 start together), so it is one round.
 */
const ROUNDS: Record<number, number> = { 1: 4, 50: 1 };

/**
 * run measures two chains: right after they started (20 turns in, "cold"), then, after 1,500 more
 * turns, in the steady state a long-running service is in, at 1 and 50 concurrent conversations.
 * A Node.js process needs on the order of a thousand turns before its hot paths are compiled and
 * its heap has grown to its working size; until then a turn costs it about twice the CPU.
 * At 1 concurrent the chains take turns, a quarter of the turns at a time, each going first in
 * every other round: on a shared machine whose speed drifts, both terms of a ratio are measured
 * under the same conditions.
 */
async function run<K extends string>(chains: Record<K, Chain>, names: [K, K]): Promise<Record<K, Record<string, Phase>>> {
  const out = new Map<K, Record<string, Phase>>(names.map((k) => [k, {}]));
  for (const k of names) {
    await warmUp(chains[k].client, 20);
    out.get(k)!.cold = await phase(chains[k], 1, COLD_FROM, TURNS);
  }
  // Warmed up in alternating chunks too: a process left idle while the other chain warms up gets
  // slower again (its first turns after 25 s idle cost about 40% more CPU).
  for (let i = 0; i < WARM_UP.turns; i += WARM_UP.chunk) for (const k of names) await warmUp(chains[k].client, WARM_UP.chunk, i);
  for (const c of [1, 50]) {
    const rounds = Object.fromEntries(names.map((k) => [k, [] as Phase[]])) as Record<K, Phase[]>;
    const per = TURNS / ROUNDS[c]!;
    for (let r = 0; r < ROUNDS[c]!; r++) {
      for (const k of r % 2 ? [names[1], names[0]] : names) rounds[k].push(await phase(chains[k], c, STEADY_FROM[c]! + r * per, per));
    }
    for (const k of names) out.get(k)![c] = merge(rounds[k]);
  }
  return Object.fromEntries(out) as Record<K, Record<string, Phase>>;
}

/** CLUSTER is how the benchmarks start a pipeline: llm-sim and member-graph at zero latency. */
const CLUSTER: Parameters<typeof startCluster>[0] = {
  ports: "free",
  env: { LOG_LEVEL: "warn", GATEWAY_RATE_LIMIT_PER_MINUTE: "0" },
  serviceEnv: {
    "llm-sim": { LLM_SIM_PREFILL_BASE_MS: "0", LLM_SIM_PREFILL_MS_PER_TOKEN: "0", LLM_SIM_TBT_BASE_MS: "0", LLM_SIM_TBT_SLOPE_MS: "0", LLM_SIM_JITTER: "0", LLM_SIM_MALFORMED_RATE: "0", LLM_SIM_MAX_RUNNING: "1000" },
    "member-graph": { MEMBER_GRAPH_LATENCY_MS: "0", MEMBER_GRAPH_JITTER_MS: "0" },
  },
};

type Cluster = Awaited<ReturnType<typeof startCluster>>;

function pipelineChain(cluster: Cluster): Chain {
  return {
    client: serviceClient(AssistantService, cluster.address("gateway")),
    pids: Object.fromEntries(Object.values(cluster.services).map((s) => [s.name, s.child.pid!])),
  };
}

/**
 * benchTtft measures what the pipeline adds before the first token: member-perceived TTFT at the
 * client minus the LLM's own time to first token on the critical path (planner and generator, as
 * reported in Done), with llm-sim at zero latency; next to the same figure through the raw chain of
 * the same RPC shape (shape.ts: every RPC of the critical path, no logic), at 1 and 50 concurrent
 * conversations, with the CPU a conversation costs all the chain's processes. Both chains run at
 * once; only one is driven at a time.
 */
export async function benchTtft(log: (s: string) => void) {
  const shape = await startShapeChain();
  let cluster: Cluster | undefined;
  let phases: Awaited<ReturnType<typeof run<"raw" | "pipe">>>;
  try {
    cluster = await startCluster(CLUSTER);
    phases = await run({ raw: { client: serviceClient(AssistantService, shape.address), pids: shape.pids }, pipe: pipelineChain(cluster) }, ["raw", "pipe"]);
  } finally {
    shape.stop();
    await cluster?.stop();
  }
  const { raw, pipe } = phases;
  const rows: (string | number)[][] = [["", "p50", "p99", "ratio p50", "ratio p99", "CPU per conversation"]];
  for (const k of ["cold", "1", "50"]) {
    const r = summarize(raw[k]!.overheads);
    const p = summarize(pipe[k]!.overheads);
    rows.push([`raw chain of the same shape, ${LABELS[k]}`, ms(r.p50), ms(r.p99), "", "", ms(total(raw[k]!.cpuMs))]);
    rows.push([`pipeline overhead, ${LABELS[k]}`, ms(p.p50), ms(p.p99), (p.p50 / r.p50).toFixed(1), (p.p99 / r.p99).toFixed(1), ms(total(pipe[k]!.cpuMs))]);
  }
  log(`time to first token added by the pipeline (member TTFT minus LLM TTFTs), ${TURNS} turns each, after ${WARM_UP.turns} turns of warm-up unless just started; 1 concurrent in ${ROUNDS[1]} alternating rounds`);
  log(table(rows));
  // On two cores the CPU a conversation costs, in every process, is what its first token waits for.
  const byProcess = Object.entries(pipe["1"]!.cpuMs).sort((a, b) => b[1] - a[1]);
  log(`pipeline CPU per conversation at 1 concurrent, by process: ${byProcess.map(([n, v]) => `${n} ${v.toFixed(1)}`).join(", ")} ms`);
  return { raw: summaries(raw), pipeline: summaries(pipe) };
}

/** LABELS name the measurements of run. */
const LABELS: Record<string, string> = { cold: "1 concurrent, just started", 1: "1 concurrent", 50: "50 concurrent" };

/** summaries is what a chain's measurements are saved as: the distribution and CPU per conversation of each. */
function summaries(phases: Record<string, Phase>) {
  return Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { ...summarize(v.overheads), cpuMsPerConversation: v.cpuMs }]));
}

function total(byProcess: Record<string, number>): number {
  return Object.values(byProcess).reduce((a, b) => a + b, 0);
}

/**
 * benchCompare measures the first-token overhead of this tree's pipeline against another build's,
 * both running at once and driven in turns as benchTtft drives its two chains, so that the drift of
 * a shared machine weighs on both alike. Two builds of the same code come out 0.85-1.05 of each
 * other in one run: smaller effects need repeated runs. BENCH_BASE is the other checkout, built
 * (for example a `git worktree` of main after `npm ci && npx tsc -b`).
 */
export async function benchCompare(log: (s: string) => void) {
  const base = process.env.BENCH_BASE;
  if (!base) throw new Error("BENCH_BASE is not set");
  const other = (await import(pathToFileURL(join(resolve(base), "libs/cluster/dist/src/index.js")).href)) as { startCluster: typeof startCluster };
  const clusters: Cluster[] = [];
  let phases: Awaited<ReturnType<typeof run<"base" | "this">>>;
  try {
    clusters.push(await other.startCluster(CLUSTER), await startCluster(CLUSTER));
    phases = await run({ base: pipelineChain(clusters[0]!), this: pipelineChain(clusters[1]!) }, ["base", "this"]);
  } finally {
    for (const c of clusters) await c.stop();
  }
  const rows: (string | number)[][] = [["", "p50", "p99", "CPU per conversation", "ratio p50", "ratio p99", "ratio CPU"]];
  for (const k of ["cold", "1", "50"]) {
    const [b, t] = [phases.base[k]!, phases.this[k]!];
    const [sb, st] = [summarize(b.overheads), summarize(t.overheads)];
    const [cb, ct] = [total(b.cpuMs), total(t.cpuMs)];
    rows.push([`base, ${LABELS[k]}`, ms(sb.p50), ms(sb.p99), ms(cb), "", "", ""]);
    rows.push([`this tree, ${LABELS[k]}`, ms(st.p50), ms(st.p99), ms(ct), (st.p50 / sb.p50).toFixed(2), (st.p99 / sb.p99).toFixed(2), (ct / cb).toFixed(2)]);
  }
  log(`first-token overhead of this tree against ${base}, ${TURNS} turns each, after ${WARM_UP.turns} turns of warm-up unless just started`);
  log(table(rows));
  return { base: { path: base, ...summaries(phases.base) }, this: summaries(phases.this) };
}
