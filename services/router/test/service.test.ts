import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { ContentKind, RoutePath } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { GenerateResponseSchema, GenerationService } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { bind, Code, ConnectError, createLogger, serviceClient, startService, type RunningService } from "@springboard/runtime";
import { runRouteCommand } from "../src/commands.js";
import { DECLINE } from "../src/labels.js";
import { RouterModel } from "../src/model.js";
import { createRouterService } from "../src/server.js";

const logger = createLogger("router-test", "silent");

interface FakeLlm {
  answer: string;
  delayMs: number;
  calls: number;
  lastPrompt: string;
}

async function startFakeGeneration(fake: FakeLlm): Promise<RunningService> {
  const impl: ServiceImpl<typeof GenerationService> = {
    async *generate(req, ctx) {
      fake.calls++;
      fake.lastPrompt = req.messages.map((m) => m.content).join("\n");
      if (fake.delayMs > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, fake.delayMs);
          ctx.signal.addEventListener("abort", () => {
            clearTimeout(t);
            resolve();
          });
        });
        if (ctx.signal.aborted) return;
      }
      for (const piece of fake.answer.match(/.{1,4}/gs) ?? []) yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: piece } } });
      yield create(GenerateResponseSchema, {
        body: { case: "done", value: { usage: { model: "fake-llm", inputTokens: 321, outputTokens: 3, ttftMs: 1, durationMs: 2 }, finishReason: "stop" } },
      });
    },
  };
  return startService({ name: "fake-generation", port: 0, logger, services: [bind(GenerationService, impl)] });
}

describe("router service", function () {
  this.timeout(20_000);
  const model = RouterModel.load();
  const fake: FakeLlm = { answer: "company_insights", delayMs: 0, calls: 0, lastPrompt: "" };
  let generation: RunningService;
  let alwaysAsk: RunningService;
  let modelOnly: RunningService;

  before(async () => {
    generation = await startFakeGeneration(fake);
    const genClient = serviceClient(GenerationService, generation.address);
    alwaysAsk = await startService({
      name: "router",
      port: 0,
      logger,
      services: createRouterService({ model, generation: genClient, threshold: 1.01, logger, llmTimeoutMs: 300 }),
    });
    modelOnly = await startService({ name: "router", port: 0, logger, services: createRouterService({ model, threshold: 0.5, logger }) });
  });
  after(async () => {
    await Promise.all([alwaysAsk?.close(100), modelOnly?.close(100)]);
    await generation?.close(100);
  });
  beforeEach(() => {
    fake.answer = "company_insights";
    fake.delayMs = 0;
  });

  it("answers with the model when it is confident", async () => {
    const client = serviceClient(RouterService, modelOnly.address);
    const res = await client.route({ question: "Am I a good fit for this job?", context: { kind: ContentKind.JOB, title: "Data Analyst" } });
    assert.equal(res.decision?.label, "job_fit");
    assert.equal(res.decision?.agent, "job_fit");
    assert.equal(res.decision?.path, RoutePath.MODEL);
    assert.equal(res.decline, "");
    assert.equal(res.usage, undefined);
    assert.ok(Math.abs(Object.values(res.scores).reduce((a, b) => a + b, 0) - 1) < 1e-6);
  });

  it("declines out-of-scope questions with the fixed message and no agent", async () => {
    const client = serviceClient(RouterService, modelOnly.address);
    const res = await client.route({ question: "Give me a recipe for lasagna", context: { kind: ContentKind.UNSPECIFIED } });
    assert.equal(res.decision?.label, "out_of_scope");
    assert.equal(res.decision?.agent, "");
    assert.equal(res.decline, DECLINE);
  });

  it("asks the LLM below the threshold and reports its usage", async () => {
    const client = serviceClient(RouterService, alwaysAsk.address);
    const before = fake.calls;
    const res = await client.route({ question: "what is going on with them", context: { kind: ContentKind.COMPANY, title: "Acme Robotics" } });
    assert.equal(fake.calls, before + 1);
    assert.equal(res.decision?.label, "company_insights");
    assert.equal(res.decision?.path, RoutePath.LLM);
    assert.equal(res.usage?.inputTokens, 321);
    assert.equal(res.usage?.stage, "route");
    assert.ok(fake.lastPrompt.includes("## Task: route the question"));
    assert.ok(fake.lastPrompt.includes("kind: company\ntitle: Acme Robotics"));
  });

  it("with model_only, never asks the LLM: says when it would have, and decides when the model is sure", async () => {
    const before = fake.calls;
    const asking = serviceClient(RouterService, alwaysAsk.address);
    const unsure = await asking.route({ question: "what is going on with them", context: { kind: ContentKind.COMPANY }, modelOnly: true });
    assert.equal(unsure.needsFallback, true);
    assert.equal(unsure.decision, undefined);
    assert.equal(fake.calls, before, "the LLM was not asked");
    const full = await asking.route({ question: "what is going on with them", context: { kind: ContentKind.COMPANY, title: "Acme Robotics" } });
    assert.equal(full.needsFallback, false);
    assert.equal(full.decision?.path, RoutePath.LLM);
    assert.equal(fake.calls, before + 1);

    // A router without an LLM decides every question from its model, model_only or not.
    const sure = await serviceClient(RouterService, modelOnly.address).route({ question: "Am I a good fit for this job?", context: { kind: ContentKind.JOB }, modelOnly: true });
    assert.equal(sure.needsFallback, false);
    assert.equal(sure.decision?.label, "job_fit");
    assert.equal(sure.decision?.path, RoutePath.MODEL);
  });

  it("falls back to the model when the LLM is too slow", async () => {
    fake.delayMs = 3_000;
    const client = serviceClient(RouterService, alwaysAsk.address);
    const t0 = performance.now();
    const res = await client.route({ question: "Am I a good fit for this job?", context: { kind: ContentKind.JOB } });
    assert.ok(performance.now() - t0 < 2_000);
    assert.equal(res.decision?.path, RoutePath.MODEL);
    assert.equal(res.decision?.label, "job_fit");
  });

  it("falls back to the model when the LLM answers no label", async () => {
    fake.answer = "I think this is about bananas";
    const client = serviceClient(RouterService, alwaysAsk.address);
    const res = await client.route({ question: "What are the key takeaways of this post?", context: { kind: ContentKind.POST } });
    assert.equal(res.decision?.path, RoutePath.MODEL);
    assert.equal(res.decision?.label, "post_takeaways");
    assert.equal(res.usage?.inputTokens, 321);
  });

  it("falls back to the model when the generation service is down", async () => {
    const down = await startService({
      name: "router",
      port: 0,
      logger,
      services: createRouterService({ model, generation: serviceClient(GenerationService, "127.0.0.1:1"), threshold: 1.01, logger }),
    });
    try {
      const res = await serviceClient(RouterService, down.address).route({ question: "How do I prepare for the interview?" });
      assert.equal(res.decision?.path, RoutePath.MODEL);
      assert.equal(res.decision?.label, "interview_prep");
    } finally {
      await down.close(100);
    }
  });

  it("refuses empty and huge questions, and decides on binary or mixed-script ones", async () => {
    const client = serviceClient(RouterService, modelOnly.address);
    for (const question of ["", "   \n", "x".repeat(4001)]) {
      await assert.rejects(client.route({ question }), (e: unknown) => ConnectError.from(e).code === Code.InvalidArgument);
    }
    for (const question of ["\u0000\u0001\u0002\u0003", "क्या मैं इस job के लिए fit हूँ?", "日本語 ok? 🙂 \u200b", "x".repeat(4000)]) {
      const res = await client.route({ question, context: { kind: 99 as ContentKind } });
      assert.ok(res.decision?.label);
    }
  });

  it("routes a JSONL batch in-process and through the service", async () => {
    const stdin = [
      JSON.stringify({ query: "Am I a good fit for this job?", context: { kind: "job", title: "Data Analyst" } }),
      "not json",
      JSON.stringify({ query: "" }),
      "",
      JSON.stringify({ query: "Write a poem about this company", context: { kind: "company", title: "Acme" } }),
      JSON.stringify({ query: "What are the key takeaways of this post?", context: { kind: "spaceship" } }),
    ].join("\n");
    for (const args of [["--jsonl"], ["--jsonl", "--addr", modelOnly.address], ["--jsonl", "--addr", alwaysAsk.address]]) {
      const out: string[] = [];
      const code = await runRouteCommand(args, { stdin, stdout: (s) => out.push(s), stderr: () => {} });
      const rows = out.join("").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(code, 1, "a malformed line makes the exit status 1");
      assert.equal(rows.length, 5);
      assert.ok(typeof rows[1]!.error === "string");
      assert.ok(typeof rows[2]!.error === "string");
      if (args.includes(alwaysAsk.address)) {
        assert.deepEqual(rows[0], { label: "company_insights", confidence: model.llmAccuracy, path: "llm" });
      } else {
        assert.equal(rows[0]!.label, "job_fit");
        assert.equal(rows[0]!.path, "model");
        assert.deepEqual(Object.keys(rows[0]!), ["label", "confidence", "path"]);
        assert.equal(rows[3]!.label, "out_of_scope");
      }
    }
  });

  it("refuses to run without --jsonl", async () => {
    const err: string[] = [];
    assert.equal(await runRouteCommand([], { stdin: "", stdout: () => {}, stderr: (s) => err.push(s) }), 2);
    assert.match(err.join(""), /--jsonl/);
  });
});
