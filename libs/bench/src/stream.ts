import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort, startCluster } from "@springboard/cluster";
import { Health } from "@springboard/proto/grpc/health/v1/health_pb.js";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { generatorPrompt } from "@springboard/prompts";
import { serviceClient } from "@springboard/runtime";
import { table } from "./stats.js";

const STREAMS = 50;
const SECONDS = 8;
const ANSWER_TOKENS = 1_000;

/** cpuMs is the CPU time a process has used, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Throughput {
  /** cpuShare is each process's share of the CPU time spent, by name. */
  cpuShare?: Record<string, number>;
  tokensPerSecond: number;
  messagesPerSecond: number;
  tokensPerMessage: number;
  cpuUsPerToken: number;
}

/** drive runs `streams` workers for `seconds`, each opening one stream after another. */
async function drive(open: () => AsyncIterable<number>, named: Record<string, number>, seconds = SECONDS, streams = STREAMS): Promise<Throughput> {
  const pids = Object.values(named);
  const before = Object.fromEntries(Object.entries(named).map(([n, p]) => [n, cpuMs(p)]));
  const cpu0 = pids.reduce((a, p) => a + cpuMs(p), 0);
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
  const cpu = pids.reduce((a, p) => a + cpuMs(p), 0) - cpu0;
  const cpuShare = Object.fromEntries(Object.entries(named).map(([n, p]) => [n, Number(((cpuMs(p) - before[n]!) / Math.max(1, cpu)).toFixed(2))]));
  return {
    cpuShare, tokensPerSecond: tokens / elapsed, messagesPerSecond: messages / elapsed, tokensPerMessage: tokens / Math.max(1, messages), cpuUsPerToken: (cpu * 1_000) / Math.max(1, tokens) };
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

async function rawChain(log: (s: string) => void): Promise<Throughput> {
  const chain = await startEchoChain();
  try {
    const client = serviceClient(GenerationService, chain.address);
    log("raw chain: source → relay → relay → client, one message per token, no logic");
    return await drive(async function* () {
      for await (const res of client.generate({ role: ModelRole.GENERATOR, maxTokens: ANSWER_TOKENS })) {
        if (res.body.case === "delta") yield words(res.body.value.text);
      }
    }, chain.pids);
  } finally {
    chain.stop();
  }
}

async function pipeline(log: (s: string) => void): Promise<Throughput> {
  const cluster = await startCluster({
    ports: "free",
    env: { LOG_LEVEL: "warn" },
    serviceEnv: {
      "llm-sim": SIM_ENV,
      "member-graph": { MEMBER_GRAPH_LATENCY_MS: "0", MEMBER_GRAPH_JITTER_MS: "0" },
    },
  });
  try {
    const client = serviceClient(AssistantService, cluster.address("gateway"));
    const pids = Object.fromEntries(Object.values(cluster.services).map((s) => [s.name, s.child.pid!]));
    log(`pipeline: llm-sim → generation → agent → gateway → client, ${ANSWER_TOKENS}-token answers`);
    let i = 0;
    return await drive(async function* () {
      const n = i++;
      for await (const { event } of client.converse({
        memberId: `member-${String((n % 500) + 1).padStart(5, "0")}`,
        question: "Am I a good fit for this job?",
        context: { kind: ContentKind.JOB, id: `job-${String((n % 500) + 1).padStart(5, "0")}` },
      })) {
        if (event?.body.case === "textDelta") yield words(event.body.value.delta);
      }
    }, pids);
  } finally {
    await cluster.stop();
  }
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

/** simCeiling drives llm-sim alone with the same answers over HTTP: what it can stream by itself. */
async function simCeiling(log: (s: string) => void): Promise<Throughput> {
  const cluster = await startCluster({ ports: "free", only: ["llm-sim"], env: { LOG_LEVEL: "warn" }, serviceEnv: { "llm-sim": SIM_ENV } });
  try {
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
    return await drive(async function* () {
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
    }, { "llm-sim": cluster.services["llm-sim"].child.pid! });
  } finally {
    await cluster.stop();
  }
}

/**
 * benchStream measures streaming throughput at 50 concurrent streams through the whole chain, next
 * to a raw relay chain of the same shape measured in the same run, and the CPU each token costs.
 */
export async function benchStream(log: (s: string) => void) {
  const raw = await rawChain(log);
  const sim = await simCeiling(log);
  const pipe = await pipeline(log);
  const row = (name: string, t: Throughput) => [name, t.tokensPerSecond.toFixed(0), t.messagesPerSecond.toFixed(0), t.tokensPerMessage.toFixed(2), t.cpuUsPerToken.toFixed(1)];
  log(`\n${STREAMS} concurrent streams, ${SECONDS} s each`);
  log(table([["", "tokens/s", "messages/s", "tokens/message", "CPU µs/token (all processes)"], row("raw chain", raw), row("llm-sim alone", sim), row("pipeline", pipe)]));
  log(`pipeline / raw tokens/s: ${(pipe.tokensPerSecond / raw.tokensPerSecond).toFixed(2)}; pipeline / llm-sim alone: ${(pipe.tokensPerSecond / sim.tokensPerSecond).toFixed(2)}`);
  log(`CPU share by process, pipeline: ${JSON.stringify(pipe.cpuShare)}`);
  return { raw, sim, pipeline: pipe };
}
