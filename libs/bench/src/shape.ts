/**
 * The raw transport wired like the pipeline's critical path to the first token, with no logic: one
 * process per service, every RPC the pipeline makes before the first token, empty messages, and an
 * upstream that streams server-sent events over HTTP like llm-sim at zero latency.
 *
 *   client → gateway: GetJob (content) → Route → Run (stream)
 *     agent: Search ∥ Generate (plan, read to the end) ∥ GetJob ∥ GetJob (the prefetched skill calls) → Generate (answer)
 *       generation: POST /v1/chat/completions (SSE) → one delta per event
 *
 * Services are served and called through the runtime's transport (grpc-js with protobuf-es
 * serializers) without interceptors, logs or telemetry. Run as its own process:
 *   node shape.js ROLE PORT [key=addr ...]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { setMaxListeners } from "node:events";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { freePort } from "@springboard/cluster";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ConversationEventSchema } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { JobService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { bind, grpcJsServer, grpcJsTransport, type ServiceBinding } from "@springboard/runtime";

const PLAN_EVENTS = 24;
const ANSWER_EVENTS = 8;

/** sseServer streams n one-word events, back to back or one every tbtMs on an absolute schedule. */
function sseServer(port: number, answerEvents: number, tbtMs: number) {
  const event = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: " word" }, finish_reason: null }] })}\n\n`;
  createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const planner = req.headers["x-role"] === "planner";
      const n = planner ? PLAN_EVENTS : answerEvents;
      if (planner || tbtMs === 0) {
        for (let i = 0; i < n; i++) res.write(event);
        res.end("data: [DONE]\n\n");
        return;
      }
      const start = performance.now();
      let i = 0;
      const next = () => {
        if (res.destroyed) return;
        res.write(event);
        if (++i === n) return void res.end("data: [DONE]\n\n");
        setTimeout(next, Math.max(0, start + i * tbtMs - performance.now()));
      };
      next();
    });
  }).listen(port, "127.0.0.1");
}

function serve(port: number, bindings: ServiceBinding[]) {
  const shutdown = new AbortController();
  setMaxListeners(0, shutdown.signal);
  const server = grpcJsServer({ bindings, interceptors: [], shutdownSignal: shutdown.signal, readMaxBytes: 4 << 20 });
  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) => {
    if (err) throw err;
  });
}

function roles(peers: Record<string, string>): Record<string, () => ServiceBinding[]> {
  const client = <S extends Parameters<typeof createClient>[0]>(s: S, key: string) => createClient(s, grpcJsTransport(peers[key]!));
  return {
    // The leaves are separate processes, as router, member-graph and retrieval are in the pipeline:
    // on two cores, which process a message wakes is part of what the message costs.
    router: () => [bind(RouterService, { route: () => ({}) })],
    graph: () => [bind(JobService, { getJob: () => ({}) })],
    retrieval: () => [bind(RetrievalService, { search: () => ({}) })],
    generation: () => [
      bind(GenerationService, {
        async *generate(req, ctx) {
          const t0 = performance.now();
          const res = await fetch(`http://${peers.sim}/v1/chat/completions`, {
            method: "POST",
            body: "{}",
            headers: { "x-role": req.role === ModelRole.PLANNER ? "planner" : "generator" },
            signal: ctx.signal,
          });
          let ttftMs = 0;
          for await (const chunk of res.body!) {
            if (ttftMs === 0) ttftMs = performance.now() - t0;
            // One word per event in the read, without parsing: the closing [DONE] is not one.
            const text = new TextDecoder().decode(chunk);
            const events = text.split("\n\n").length - 1 - (text.includes("[DONE]") ? 1 : 0);
            if (events > 0) yield { body: { case: "delta", value: { text: " word".repeat(events) } } };
          }
          yield { body: { case: "done", value: { usage: { ttftMs } } } };
        },
      }),
    ],
    agent: () => {
      const search = client(RetrievalService, "retrieval");
      const gen = client(GenerationService, "generation");
      const jobs = client(JobService, "graph");
      return [
        bind(AgentService, {
          async *run(req, ctx) {
            const opts = { signal: ctx.signal };
            const usage: number[] = [];
            const drain = async () => {
              for await (const r of gen.generate({ role: ModelRole.PLANNER }, opts)) if (r.body.case === "done") usage.push(r.body.value.usage?.ttftMs ?? 0);
            };
            // The skill calls the agent prefetches run while the plan is written.
            await Promise.all([search.search({ query: req.question }, opts), drain(), jobs.getJob({ jobId: "a" }, opts), jobs.getJob({ jobId: "b" }, opts)]);
            for await (const r of gen.generate({ role: ModelRole.GENERATOR }, opts)) {
              if (r.body.case === "delta") yield { event: { body: { case: "textDelta", value: { delta: r.body.value.text } } } };
              else if (r.body.case === "done") usage.push(r.body.value.usage?.ttftMs ?? 0);
            }
            yield { event: { body: { case: "done", value: { usage: usage.map((ttftMs) => ({ ttftMs })) } } } };
          },
        }),
      ];
    },
    gateway: () => {
      const jobs = client(JobService, "graph");
      const router = client(RouterService, "router");
      const agent = client(AgentService, "agent");
      return [
        bind(AssistantService, {
          async *converse(req, ctx) {
            const opts = { signal: ctx.signal };
            await jobs.getJob({ jobId: req.context?.id ?? "" }, opts);
            await router.route({ question: req.question }, opts);
            for await (const r of agent.run({ question: req.question }, opts)) yield { event: create(ConversationEventSchema, r.event) };
          },
        }),
      ];
    },
  };
}

export interface ShapeOptions {
  /** answerEvents is the number of one-word events in the answer stream. */
  answerEvents?: number;
  /** tbtMs paces the answer's events; 0 sends them back to back. */
  tbtMs?: number;
}

/** startShapeChain runs the raw chain of the pipeline's shape; address is its gateway. */
export async function startShapeChain(opts: ShapeOptions = {}): Promise<{ address: string; pids: Record<string, number>; stop(): void }> {
  const script = fileURLToPath(import.meta.url);
  const names = ["sim", "router", "graph", "retrieval", "generation", "agent", "gateway"] as const;
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const))) as Record<(typeof names)[number], number>;
  const peers = [...names.map((n) => `${n}=127.0.0.1:${ports[n]}`), `answer=${opts.answerEvents ?? ANSWER_EVENTS}`, `tbt=${opts.tbtMs ?? 0}`];
  const children: ChildProcess[] = names.map((n) => spawn(process.execPath, [script, n, String(ports[n]), ...peers], { stdio: "inherit" }));
  const stop = () => children.forEach((c) => c.kill("SIGTERM"));
  const client = createClient(AssistantService, grpcJsTransport(`127.0.0.1:${ports.gateway}`));
  for (let i = 0; ; i++) {
    try {
      for await (const _ of client.converse({ question: "ready?" }, { timeoutMs: 10_000 }));
      break;
    } catch (e) {
      if (i > 100) {
        stop();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { address: `127.0.0.1:${ports.gateway}`, pids: Object.fromEntries(names.map((n, i) => [n, children[i]!.pid!])), stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [role, port, ...rest] = process.argv.slice(2);
  const peers = Object.fromEntries(rest.map((kv) => kv.split("=") as [string, string]));
  if (role === "sim") sseServer(Number(port), Number(peers.answer), Number(peers.tbt));
  else serve(Number(port), roles(peers)[role!]!());
}
