import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { ChatRole, GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { createLogger, serviceClient, startService, type RunningService } from "@springboard/runtime";
import { createGenerationService } from "../src/server.js";

// An upstream that misbehaves on demand: the model name picks the behaviour. It is a stand-in for
// an OpenAI-compatible server in this caller's tests; the cluster tests use the real simulator.
function fakeUpstream() {
  let open = 0;
  let flaky = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      open++;
      res.on("close", () => open--);
      const { model } = JSON.parse(body) as { model: string };
      const chunk = (content: string, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 0, model, choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
      const sse = () => res.writeHead(200, { "content-type": "text/event-stream" });
      switch (model) {
        case "ok":
        case "flaky": {
          if (model === "flaky" && flaky++ === 0) {
            res.writeHead(503, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: { message: "overloaded", type: "server_error" } }));
            return;
          }
          sse();
          res.write(chunk("<think>hidden plan</think>"));
          for (const t of ["You", " are", " a", " strong", " match."]) res.write(chunk(t));
          res.write(chunk("", "stop"));
          res.write(`data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", created: 0, model, choices: [], usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 } })}\n\n`);
          res.end("data: [DONE]\n\n");
          return;
        }
        case "http500":
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
          return;
        case "context":
          res.writeHead(400, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "too long", type: "invalid_request_error", code: "context_length_exceeded" } }));
          return;
        case "stall":
          sse();
          res.write(chunk("Hello"));
          return; // never another token
        case "silent":
          sse();
          return; // never a first token
        case "malformed":
          sse();
          res.write(chunk("Hello"));
          res.end("data: {not json\n\n");
          return;
        case "early-close":
          sse();
          res.write(chunk("Hello"));
          setTimeout(() => res.socket?.destroy(), 20);
          return;
        case "endless":
          sse();
          {
            const timer = setInterval(() => res.write(chunk(" word")), 5);
            res.on("close", () => clearInterval(timer));
          }
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  return { server, open: () => open };
}

describe("generation service", function () {
  this.timeout(15_000);
  const upstream = fakeUpstream();
  let svc: RunningService;
  let client: ReturnType<typeof serviceClient<typeof GenerationService>>;
  const behaviours = ["ok", "flaky", "http500", "context", "stall", "silent", "malformed", "early-close", "endless"];

  before(async () => {
    await new Promise<void>((r) => upstream.server.listen(0, "127.0.0.1", r));
    const { port } = upstream.server.address() as AddressInfo;
    const logger = createLogger("generation-test", "silent");
    svc = await startService({
      name: "generation-test",
      port: 0,
      logger,
      services: createGenerationService(
        {
          baseUrl: `http://127.0.0.1:${port}/v1`,
          apiKey: "test",
          defaultModel: "ok",
          models: Object.fromEntries(behaviours.map((b) => [`${b}:generator`, b])),
          firstTokenTimeoutMs: 300,
          stallTimeoutMs: 200,
          totalTimeoutMs: 5_000,
          retries: 1,
          maxPromptChars: 10_000,
        },
        logger,
      ),
    });
    client = serviceClient(GenerationService, svc.address);
  });

  after(async () => {
    await svc.close(100);
    upstream.server.close();
  });

  const generate = async (agent: string, signal?: AbortSignal, content = "hi") => {
    const deltas: string[] = [];
    let done;
    for await (const res of client.generate({ role: ModelRole.GENERATOR, agent, messages: [{ role: ChatRole.USER, content }] }, { signal })) {
      if (res.body.case === "delta") deltas.push(res.body.value.text);
      if (res.body.case === "done") done = res.body.value;
    }
    return { text: deltas.join(""), done };
  };
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return "OK";
    } catch (e) {
      return Code[ConnectError.from(e).code];
    }
  };
  const noLeak = async () => {
    for (let i = 0; i < 50 && upstream.open() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(upstream.open(), 0, "no upstream request left open");
  };

  it("streams visible text, hides reasoning, and reports usage and latency", async () => {
    const { text, done } = await generate("ok");
    assert.equal(text, "You are a strong match.");
    assert.ok(done);
    assert.equal(done.usage?.inputTokens, 12);
    assert.equal((done.usage?.outputTokens ?? 0) + (done.usage?.reasoningTokens ?? 0), 9);
    assert.ok((done.usage?.reasoningTokens ?? 0) > 0, "reasoning tokens are counted apart");
    assert.ok((done.usage?.ttftMs ?? 0) > 0);
    assert.equal(done.finishReason, "stop");
  });

  it("retries a retryable upstream failure before the first token", async () => {
    assert.equal((await generate("flaky")).text, "You are a strong match.");
  });

  it("maps upstream faults to clear statuses and leaks no request", async () => {
    assert.equal(await code(generate("http500")), "Unavailable");
    assert.equal(await code(generate("context")), "InvalidArgument");
    assert.equal(await code(generate("silent")), "DeadlineExceeded");
    assert.equal(await code(generate("stall")), "DeadlineExceeded");
    assert.equal(await code(generate("malformed")), "Unavailable");
    assert.equal(await code(generate("early-close")), "Unavailable");
    await noLeak();
  });

  it("refuses a prompt over the configured size without calling upstream", async () => {
    assert.equal(await code(generate("ok", undefined, "x".repeat(20_000))), "InvalidArgument");
  });

  it("aborts the upstream request within milliseconds when the caller cancels", async () => {
    const ac = new AbortController();
    const run = generate("endless", ac.signal);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(upstream.open(), 1);
    const t0 = performance.now();
    ac.abort();
    assert.equal(await code(run), "Canceled");
    await noLeak();
    assert.ok(performance.now() - t0 < 500, `took ${performance.now() - t0} ms`);
  });
});
