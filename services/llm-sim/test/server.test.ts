import assert from "node:assert/strict";
import { generatorPrompt, plannerPrompt } from "@springboard/prompts";
import { SimulatorService } from "@springboard/proto/springboard/llmsim/v1/llmsim_pb.js";
import { createLogger, serviceClient } from "@springboard/runtime";
import YAML from "yaml";
import { startLlmSim, type LlmSimOptions } from "../src/server.js";
import { SKILLS } from "./fixtures.js";

const FAST = { prefillBaseMs: 1, prefillMsPerToken: 0, tbtBaseMs: 0.5, tbtSlopeMs: 0, jitter: 0 };

async function start(options: LlmSimOptions = {}) {
  return startLlmSim({ malformedRate: 0, ...options, latency: { ...FAST, ...options.latency } }, { port: 0, logger: createLogger("llm-sim", "silent"), shutdownGraceMs: 100 });
}

type Service = Awaited<ReturnType<typeof start>>;

interface Chunk {
  object: string;
  choices: { index: number; delta: { role?: string; content?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

function post(svc: Service, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`http://${svc.address}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

function parseSse(text: string): { chunks: Chunk[]; done: boolean } {
  const events = text.split("\n\n").filter(Boolean);
  const done = events[events.length - 1] === "data: [DONE]";
  const chunks = events.filter((e) => e !== "data: [DONE]").map((e) => {
    assert.ok(e.startsWith("data: "), `event ${JSON.stringify(e)} is not a data line`);
    return JSON.parse(e.slice(6)) as Chunk;
  });
  return { chunks, done };
}

const plannerMessages = (question: string) =>
  plannerPrompt({
    agent: "job_fit",
    agentInstructions: "Compare the member with the job.",
    question,
    content: { kind: "job", id: "job-00042", title: "Senior Data Engineer" },
    memberId: "member-00017",
    skills: SKILLS,
    history: [],
    hints: [],
  });

const generatorMessages = () =>
  generatorPrompt({
    agent: "job_fit",
    agentInstructions: "Compare the member with the job.",
    question: "Am I a good fit for this job?",
    content: { kind: "job", id: "job-00042", title: "Senior Data Engineer" },
    memberId: "member-00017",
    results: [
      {
        callId: "c1",
        skill: "job_details",
        attachmentIds: ["a1"],
        ok: true,
        body: "title: Senior Data Engineer\ncompany_name: Acme Robotics\nlocation: Berlin\nskills: [Python, SQL, Airflow]\nremote: true",
      },
    ],
    examples: [],
    history: [],
    reasoning: false,
  });

describe("llm-sim server", function () {
  this.timeout(15_000);
  let svc: Service;
  before(async () => {
    svc = await start();
  });
  after(async () => {
    await svc.close(100);
  });

  it("streams OpenAI chat completion chunks with a usage chunk and [DONE]", async () => {
    const res = await post(svc, "/v1/chat/completions", {
      model: "springboard-sim",
      messages: [{ role: "user", content: "Tell me something about careers." }],
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const { chunks, done } = parseSse(await res.text());
    assert.ok(done);
    for (const c of chunks) assert.equal(c.object, "chat.completion.chunk");
    assert.equal(chunks[0]!.choices[0]!.delta.role, "assistant");
    const usage = chunks[chunks.length - 1]!;
    assert.deepEqual(usage.choices, []);
    const finish = chunks[chunks.length - 2]!;
    assert.equal(finish.choices[0]!.finish_reason, "stop");
    const content = chunks.slice(1, -2);
    assert.ok(content.length > 5);
    for (const c of content) {
      assert.equal(c.choices[0]!.finish_reason, null);
      assert.equal(c.usage, null);
      assert.equal(typeof c.choices[0]!.delta.content, "string");
    }
    assert.equal(usage.usage!.completion_tokens, content.length);
    assert.equal(usage.usage!.prompt_tokens, 5);
    assert.equal(usage.usage!.total_tokens, 5 + content.length);
  });

  it("omits the usage chunk unless asked, and truncates at max_tokens", async () => {
    const res = await post(svc, "/v1/chat/completions", { model: "m", messages: [{ role: "user", content: "hi there" }], stream: true, max_tokens: 3 });
    const { chunks, done } = parseSse(await res.text());
    assert.ok(done);
    assert.ok(chunks.every((c) => c.choices.length === 1 && c.usage === undefined));
    assert.equal(chunks.filter((c) => c.choices[0]!.delta.content).length, 3);
    assert.equal(chunks[chunks.length - 1]!.choices[0]!.finish_reason, "length");
  });

  it("answers without streaming, the same text every time", async () => {
    const body = { model: "springboard-sim", messages: [{ role: "user", content: "What is a good first job?" }] };
    const a = (await (await post(svc, "/v1/chat/completions", body)).json()) as Record<string, any>;
    const b = (await (await post(svc, "/v1/chat/completions", body)).json()) as Record<string, any>;
    assert.equal(a.object, "chat.completion");
    assert.equal(a.choices[0].message.role, "assistant");
    assert.equal(a.choices[0].finish_reason, "stop");
    assert.ok(a.choices[0].message.content.length > 20);
    assert.equal(a.choices[0].message.content, b.choices[0].message.content);
    assert.equal(a.usage.total_tokens, a.usage.prompt_tokens + a.usage.completion_tokens);
  });

  it("returns OpenAI-style errors", async () => {
    const bad = await post(svc, "/v1/chat/completions", "{not json");
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).error.type, "invalid_request_error");
    const missing = await post(svc, "/v1/chat/completions", { model: "m" });
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as any).error.param, "messages");
    const long = await post(svc, "/v1/chat/completions", { model: "m", messages: [{ role: "user", content: "word ".repeat(9000) }] });
    assert.equal(long.status, 400);
    assert.equal(((await long.json()) as any).error.code, "context_length_exceeded");
    const method = await fetch(`http://${svc.address}/v1/chat/completions`);
    assert.equal(method.status, 405);
  });

  it("embeds a string or a list, honouring dimensions and base64", async () => {
    const one = (await (await post(svc, "/v1/embeddings", { model: "e", input: "data engineer in Berlin" })).json()) as any;
    assert.equal(one.object, "list");
    assert.equal(one.data.length, 1);
    assert.equal(one.data[0].embedding.length, 384);
    const norm = Math.hypot(...(one.data[0].embedding as number[]));
    assert.ok(Math.abs(norm - 1) < 1e-5);
    const many = (await (await post(svc, "/v1/embeddings", { model: "e", input: ["a b", "c d"], dimensions: 64 })).json()) as any;
    assert.deepEqual(many.data.map((d: any) => [d.index, d.embedding.length]), [[0, 64], [1, 64]]);
    assert.equal(many.usage.prompt_tokens, 4);
    const b64 = (await (await post(svc, "/v1/embeddings", { input: "a b", dimensions: 64, encoding_format: "base64" })).json()) as any;
    const bytes = Buffer.from(b64.data[0].embedding as string, "base64");
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    assert.deepEqual(Array.from(floats), many.data[0].embedding);
    const tooSmall = await post(svc, "/v1/embeddings", { input: "x", dimensions: 2 });
    assert.equal(tooSmall.status, 400);
  });

  it("lists models", async () => {
    const res = (await (await fetch(`http://${svc.address}/v1/models`)).json()) as any;
    assert.equal(res.object, "list");
    assert.ok(res.data.some((m: any) => m.id === "springboard-sim" && m.object === "model"));
  });

  it("plans in YAML that parses to the expected calls for a job", async () => {
    const messages = plannerMessages("Am I a good fit for this role? I would like to learn Airflow.");
    const res = await post(svc, "/v1/chat/completions", { model: "m", messages, stream: true });
    assert.equal(res.headers.get("x-llm-sim-malformation"), "none");
    const { chunks } = parseSse(await res.text());
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    const parsed = YAML.parse(text) as { thought: string; calls: { skill: string; args: Record<string, unknown> }[] };
    assert.equal(typeof parsed.thought, "string");
    assert.deepEqual(parsed.calls, [
      { skill: "job_details", args: { job_id: "job-00042" } },
      { skill: "member_profile", args: { member_id: "member-00017" } },
      { skill: "course_search", args: { skills: ["Airflow"], limit: 3 } },
    ]);
  });

  it("answers from the skill results, citing attachments", async () => {
    const res = (await (await post(svc, "/v1/chat/completions", { model: "m", messages: generatorMessages() })).json()) as any;
    const text: string = res.choices[0].message.content;
    assert.match(text, /Senior Data Engineer/);
    assert.match(text, /\[\[a1\]\]/);
    assert.match(text, /Acme Robotics/);
    assert.ok(res.usage.completion_tokens >= 60 && res.usage.completion_tokens <= 200, `${res.usage.completion_tokens} tokens`);
  });

  it("malforms roughly the configured share of 200 plans", async () => {
    const sim = await start({ malformedRate: 0.1, latency: { prefillBaseMs: 0, tbtBaseMs: 0 } });
    try {
      const kinds: string[] = [];
      for (let i = 0; i < 200; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, async (_, j) => {
            const res = await post(sim, "/v1/chat/completions", { model: "m", messages: plannerMessages(`Who is the hiring manager for opening ${i + j}?`) });
            await res.arrayBuffer();
            return res.headers.get("x-llm-sim-malformation")!;
          }),
        );
        kinds.push(...batch);
      }
      const malformed = kinds.filter((k) => k !== "none");
      assert.ok(malformed.length >= 8 && malformed.length <= 35, `${malformed.length} of 200 malformed`);
      assert.ok(new Set(malformed).size >= 4);
    } finally {
      await sim.close(100);
    }
  });
});

describe("llm-sim cancellation and queueing", function () {
  this.timeout(15_000);

  it("frees the slot and counts a cancel when the client goes away", async () => {
    const svc = await start({ latency: { tbtBaseMs: 20 } });
    try {
      const stats = serviceClient(SimulatorService, svc.address);
      const ac = new AbortController();
      const res = await post(svc, "/v1/chat/completions", { model: "springboard-sim", messages: generatorMessages(), stream: true }, ac.signal);
      const reader = res.body!.getReader();
      let seen = "";
      while (!seen.includes('"content":" ')) seen += new TextDecoder().decode((await reader.read()).value);
      assert.equal((await stats.getStats({})).running, 1);
      ac.abort();
      const t0 = performance.now();
      let s = await stats.getStats({});
      while (s.running !== 0 && performance.now() - t0 < 500) {
        await new Promise((r) => setTimeout(r, 2));
        s = await stats.getStats({});
      }
      assert.equal(s.running, 0, "running dropped within 500 ms of the cancel");
      assert.equal(s.cancelled, 1n);
      assert.equal(s.completed, 0n);
      const before = s.generatedTokens;
      await new Promise((r) => setTimeout(r, 80));
      assert.equal((await stats.getStats({})).generatedTokens, before, "generation stopped");
      const metrics = await (await fetch(`http://${svc.address}/metrics`)).text();
      assert.match(metrics, /^llm_sim_requests_cancelled_total\{model_name="springboard-sim"\} 1$/m);
      assert.match(metrics, /^vllm:num_requests_running\{model_name="springboard-sim"\} 0$/m);
    } finally {
      await svc.close(100);
    }
  });

  it("makes a request wait while the batch is full", async () => {
    const svc = await start({ latency: { maxRunning: 1, prefillBaseMs: 5, tbtBaseMs: 4 } });
    try {
      const stats = serviceClient(SimulatorService, svc.address);
      // When each request saw its first and its last token, on one clock.
      const tokens = async () => {
        const res = await post(svc, "/v1/chat/completions", { model: "springboard-sim", messages: [{ role: "user", content: "hello" }], stream: true, max_tokens: 12 });
        const reader = res.body!.getReader();
        let seen = "";
        let first = 0;
        let last = 0;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const text = new TextDecoder().decode(value);
          seen += text;
          if (/"content":"[^"]/.test(text)) last = performance.now();
          if (!first && /"content":"[^"]/.test(seen)) first = performance.now();
        }
        return { first, last };
      };
      const a = tokens();
      await new Promise((r) => setTimeout(r, 2));
      const b = tokens();
      await new Promise((r) => setTimeout(r, 10));
      const mid = await stats.getStats({});
      assert.equal(mid.running, 1);
      assert.equal(mid.waiting, 1);
      const [ta, tb] = await Promise.all([a, b]);
      // With one running sequence allowed, the second request is prefilled only once the first is done.
      assert.ok(tb.first > ta.last, `the second request's first token came before the first request's last`);
      const s = await stats.getStats({});
      assert.equal(s.completed, 2n);
      assert.equal(s.generatedTokens, 24n);
      const metrics = await (await fetch(`http://${svc.address}/metrics`)).text();
      assert.match(metrics, /^vllm:time_to_first_token_seconds_count\{model_name="springboard-sim"\} 2$/m);
      assert.match(metrics, /^vllm:request_success_total\{model_name="springboard-sim",finished_reason="length"\} 2$/m);
      assert.match(metrics, /^vllm:generation_tokens_total\{model_name="springboard-sim"\} 24$/m);
    } finally {
      await svc.close(100);
    }
  });
});
