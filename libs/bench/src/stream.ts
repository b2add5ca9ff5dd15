import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort, startCluster } from "@springboard/cluster";
import { Health } from "@springboard/proto/grpc/health/v1/health_pb.js";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { generatorPrompt } from "@springboard/prompts";
import { serviceClient } from "@springboard/runtime";
import { cpuMeter, table } from "./stats.js";

const STREAMS = 50;
const ANSWER_TOKENS = 1_000;

interface Throughput {
  /** cpuShare is each process's share of the CPU time spent, by name. */
  cpuShare?: Record<string, number>;
  tokensPerSecond: number;
  messagesPerSecond: number;
  tokensPerMessage: number;
  cpuUsPerToken: number;
  tokens: number;
  messages: number;
  seconds: number;
  cpuMs: number;
  cpuMsByProcess: Record<string, number>;
}

/** drive runs `streams` workers for `seconds`, each opening one stream after another. */
async function drive(open: () => AsyncIterable<number>, named: Record<string, number>, seconds: number, streams = STREAMS): Promise<Throughput> {
  const cpu = cpuMeter(named);
  const t0 = performance.now();
  const end = t0 + seconds * 1_000;
  let tokens = 0;
  let messages = 0;
  await Promise.all(
    Array.from({ length: streams }, async () => {
      while (performance.now() < end) {
        for await (const n of open()) {
          tokens += n;
          messages++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1_000;
  return summary(tokens, messages, elapsed, cpu.done());
}

function summary(tokens: number, messages: number, seconds: number, cpuMsByProcess: Record<string, number>): Throughput {
  const cpu = Object.values(cpuMsByProcess).reduce((a, b) => a + b, 0);
  const cpuShare = Object.fromEntries(Object.entries(cpuMsByProcess).map(([n, ms]) => [n, Number((ms / Math.max(1, cpu)).toFixed(2))]));
  return {
    cpuShare,
    tokensPerSecond: tokens / seconds,
    messagesPerSecond: messages / seconds,
    tokensPerMessage: tokens / Math.max(1, messages),
    cpuUsPerToken: (cpu * 1_000) / Math.max(1, tokens),
    tokens,
    messages,
    seconds,
    cpuMs: cpu,
    cpuMsByProcess,
  };
}

/** combined is the throughput of several drives of the same chain taken together. */
function combined(rounds: Throughput[]): Throughput {
  const byProcess: Record<string, number> = {};
  for (const r of rounds) for (const [n, ms] of Object.entries(r.cpuMsByProcess)) byProcess[n] = (byProcess[n] ?? 0) + ms;
  const sum = (f: (t: Throughput) => number) => rounds.reduce((a, r) => a + f(r), 0);
  return summary(sum((r) => r.tokens), sum((r) => r.messages), sum((r) => r.seconds), byProcess);
}

const words = (s: string) => (s.match(/\S+/g) ?? []).length;

/** startEchoChain runs the raw relay chain (source → relay → relay) as three processes. */
export async function startEchoChain(): Promise<{ address: string; pids: Record<string, number>; stop(): void }> {
  const script = fileURLToPath(new URL("./echo.js", import.meta.url));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [
    spawn(process.execPath, [script, "source", String(ports[0])], { stdio: "ignore" }),
    spawn(process.execPath, [script, "relay", String(ports[1]), `127.0.0.1:${ports[0]}`], { stdio: "ignore" }),
    spawn(process.execPath, [script, "relay", String(ports[2]), `127.0.0.1:${ports[1]}`], { stdio: "ignore" }),
  ];
  const stop = () => children.forEach((c) => c.kill("SIGTERM"));
  try {
    for (const p of ports) {
      for (let i = 0; ; i++) {
        try {
          await serviceClient(Health, `127.0.0.1:${p}`).check({}, { timeoutMs: 500 });
          break;
        } catch {
          if (i > 100) throw new Error(`echo process on ${p} did not start`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  } catch (e) {
    stop();
    throw e;
  }
  return { address: `127.0.0.1:${ports[2]}`, pids: { source: children[0]!.pid!, relay1: children[1]!.pid!, relay2: children[2]!.pid! }, stop };
}

/** Chain is one chain under test, up and warm: how to open a stream through it, and its processes. */
interface Chain {
  open: () => AsyncIterable<number>;
  pids: Record<string, number>;
  stop: () => Promise<void> | void;
}

async function rawChain(log: (s: string) => void): Promise<Chain> {
  const chain = await startEchoChain();
  const client = serviceClient(GenerationService, chain.address);
  log("raw chain: source → relay → relay → client, one message per token, no logic");
  return {
    pids: chain.pids,
    stop: chain.stop,
    open: async function* () {
      for await (const res of client.generate({ role: ModelRole.GENERATOR, maxTokens: ANSWER_TOKENS })) {
        if (res.body.case === "delta") yield words(res.body.value.text);
      }
    },
  };
}

async function pipeline(log: (s: string) => void): Promise<Chain> {
  const cluster = await startCluster({
    ports: "free",
    env: { LOG_LEVEL: "warn" },
    serviceEnv: {
      "llm-sim": SIM_ENV,
      "member-graph": { MEMBER_GRAPH_LATENCY_MS: "0", MEMBER_GRAPH_JITTER_MS: "0" },
    },
  });
  const client = serviceClient(AssistantService, cluster.address("gateway"));
  log(`pipeline: llm-sim → generation → agent → gateway → client, ${ANSWER_TOKENS}-token answers`);
  let i = 0;
  return {
    pids: Object.fromEntries(Object.values(cluster.services).map((s) => [s.name, s.child.pid!])),
    stop: () => cluster.stop(),
    open: async function* () {
      const n = i++;
      for await (const { event } of client.converse({
        // Every conversation asks about a member and a job no earlier one did (the dataset has 2,000
        // and 1,000, more than a run reaches): no cache on the way answers from an earlier turn.
        memberId: `member-${String((n % 2_000) + 1).padStart(5, "0")}`,
        question: "Am I a good fit for this job?",
        context: { kind: ContentKind.JOB, id: `job-${String((n % 1_000) + 1).padStart(5, "0")}` },
      })) {
        if (event?.body.case === "textDelta") yield words(event.body.value.delta);
      }
    },
  };
}

const SIM_ENV = {
  LLM_SIM_PREFILL_BASE_MS: "0",
  LLM_SIM_PREFILL_MS_PER_TOKEN: "0",
  LLM_SIM_TBT_BASE_MS: "0",
  LLM_SIM_TBT_SLOPE_MS: "0",
  LLM_SIM_JITTER: "0",
  LLM_SIM_MALFORMED_RATE: "0",
  LLM_SIM_MAX_RUNNING: "1000",
  LLM_SIM_ANSWER_TOKENS: String(ANSWER_TOKENS),
};

/** simCeiling is llm-sim alone with the same answers over HTTP: what it can stream by itself. */
async function simCeiling(log: (s: string) => void): Promise<Chain> {
  const cluster = await startCluster({ ports: "free", only: ["llm-sim"], env: { LOG_LEVEL: "warn" }, serviceEnv: { "llm-sim": SIM_ENV } });
  const url = `http://${cluster.address("llm-sim")}/v1/chat/completions`;
  const messages = generatorPrompt({
    agent: "job_fit",
    agentInstructions: "Compare the member with the job.",
    question: "Am I a good fit for this job?",
    memberId: "member-00001",
    results: [],
    examples: [],
    history: [],
    reasoning: false,
  });
  const body = JSON.stringify({ model: "springboard-sim", messages, stream: true });
  log(`llm-sim alone: ${ANSWER_TOKENS}-token answers over HTTP/SSE, events counted by the client`);
  return {
    pids: { "llm-sim": cluster.services["llm-sim"].child.pid! },
    stop: () => cluster.stop(),
    open: async function* () {
      const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json" } });
      let carry = 0;
      for await (const chunk of res.body!) {
        // An event ends with a blank line; the final [DONE] is not a token.
        let events = 0;
        for (let i = 0; i < chunk.length; i++) {
          if (chunk[i] === 10) {
            if (carry === 10) events++;
            carry = 10;
          } else carry = 0;
        }
        // The closing "data: [DONE]" event is not a token.
        yield events - (Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).includes("[DONE]") ? 1 : 0);
      }
    },
  };
}

/** ROUNDS interleave the chains: this machine's speed drifts over tens of seconds, and each ratio compares chains measured moments apart. */
const ROUNDS = 3;
const ROUND_S = 4;
const WARM_UP_S = 4;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * benchStream measures streaming throughput at 50 concurrent streams through the whole chain, next
 * to a raw relay chain of the same shape and llm-sim alone, and the CPU each token costs. The three
 * run side by side and are driven in turn, in rounds, so that each round's ratios compare figures
 * measured seconds apart; the totals are over every round.
 */
export async function benchStream(log: (s: string) => void) {
  const chains: { name: string; chain: Chain }[] = [];
  const rounds: Record<string, Throughput[]> = {};
  try {
    chains.push({ name: "raw chain", chain: await rawChain(log) });
    chains.push({ name: "llm-sim alone", chain: await simCeiling(log) });
    chains.push({ name: "pipeline", chain: await pipeline(log) });
    for (const { chain } of chains) await drive(chain.open, chain.pids, WARM_UP_S);
    for (let r = 0; r < ROUNDS; r++) {
      for (const { name, chain } of chains) (rounds[name] ??= []).push(await drive(chain.open, chain.pids, ROUND_S));
    }
  } finally {
    await Promise.all(chains.map(({ chain }) => chain.stop()));
  }
  const raw = combined(rounds["raw chain"]!);
  const sim = combined(rounds["llm-sim alone"]!);
  const pipe = combined(rounds["pipeline"]!);
  const byRound = (a: string, b: string) => rounds[a]!.map((t, i) => t.tokensPerSecond / rounds[b]![i]!.tokensPerSecond);
  const rawRatios = byRound("pipeline", "raw chain");
  const row = (name: string, t: Throughput) => [name, t.tokensPerSecond.toFixed(0), t.messagesPerSecond.toFixed(0), t.tokensPerMessage.toFixed(2), t.cpuUsPerToken.toFixed(1)];
  log(`\n${STREAMS} concurrent streams; the chains take turns, ${ROUNDS} rounds of ${ROUND_S} s each`);
  log(table([["", "tokens/s", "messages/s", "tokens/message", "CPU µs/token (all processes)"], row("raw chain", raw), row("llm-sim alone", sim), row("pipeline", pipe)]));
  for (const { name } of chains) log(`${name} tokens/s by round: ${rounds[name]!.map((t) => t.tokensPerSecond.toFixed(0)).join(", ")}`);
  log(`pipeline / raw tokens/s by round: ${rawRatios.map((x) => x.toFixed(2)).join(", ")} (median ${median(rawRatios).toFixed(2)}); pipeline / llm-sim alone: ${(pipe.tokensPerSecond / sim.tokensPerSecond).toFixed(2)}`);
  log(`CPU share by process, pipeline: ${JSON.stringify(pipe.cpuShare)}`);
  return { raw, sim, pipeline: pipe, rounds, pipelineOverRawByRound: rawRatios };
}
