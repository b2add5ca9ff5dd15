import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type CallOptions, type HandlerContext } from "@connectrpc/connect";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { GenerateResponseSchema, GenerationService, type GenerateRequest } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { clientInterceptor, initTelemetry, serverInterceptor, traceHeaders, type Telemetry } from "../src/index.js";
import { currentTelemetry } from "../src/index.js";
import { client, sample, serve, until, type TestServer } from "./helpers.js";

const GENERATE = "springboard.generation.v1.GenerationService/Generate";
const ROUTE = "springboard.router.v1.RouterService/Route";

function delta(text: string) {
  return create(GenerateResponseSchema, { body: { case: "delta", value: { text } } });
}

// How the agent hands the trace to its downstream call: through async context alone, or, with
// the async context deliberately lost, through traceHeaders or the handler's context values.
type Hand = "implicit" | "lost-headers" | "lost-values" | "lost";

function downstream(ctx: HandlerContext, hand: Hand): CallOptions {
  const opts: CallOptions = { signal: ctx.signal };
  if (hand === "lost-headers") opts.headers = traceHeaders(ctx);
  if (hand === "lost-values") opts.contextValues = ctx.values;
  return opts;
}

describe("traces across three connect hops", () => {
  const exporter = new InMemorySpanExporter();
  let t: Telemetry;
  let generation: TestServer;
  let agent: TestServer;
  let gateway: TestServer;
  let member: ReturnType<typeof client<typeof RouterService>>;
  let memberStream: ReturnType<typeof client<typeof GenerationService>>;

  before(async () => {
    // Services started in-process by other suites may have set up the process's telemetry.
    await currentTelemetry()?.shutdown();
    t = initTelemetry({ service: "trace-test", env: {}, spanExporter: exporter });
    const server = [serverInterceptor(t)];
    const calls = [clientInterceptor(t)];

    // generation: the request's agent field picks its behaviour.
    generation = await serve(
      GenerationService,
      {
        async *generate(req: GenerateRequest, ctx: HandlerContext) {
          yield delta("Hello");
          if (req.agent === "fail") throw new ConnectError("upstream broke", Code.Internal);
          if (req.agent === "slow") {
            for (;;) {
              await new Promise((r) => setTimeout(r, 10));
              if (ctx.signal.aborted) return;
              yield delta(".");
            }
          }
          yield delta(" world");
        },
      },
      server,
    );
    const toGeneration = client(GenerationService, generation.port, calls);

    // agent relays generation; req.stop[0] says how the trace is handed over.
    agent = await serve(
      GenerationService,
      {
        async *generate(req: GenerateRequest, ctx: HandlerContext) {
          const hand = (req.stop[0] ?? "implicit") as Hand;
          const stream = hand === "implicit" ? toGeneration.generate(req, downstream(ctx, hand)) : context.with(ROOT_CONTEXT, () => toGeneration.generate(req, downstream(ctx, hand)));
          yield* stream;
        },
      },
      server,
    );
    const toAgent = client(GenerationService, agent.port, calls);

    // gateway: unary, collects the agent's text; the question is "<generation mode>|<hand>".
    gateway = await serve(
      RouterService,
      {
        async route(req, ctx) {
          const [mode, hand] = req.question.split("|");
          let text = "";
          for await (const m of toAgent.generate({ agent: mode, stop: hand ? [hand] : [] }, { signal: ctx.signal })) {
            if (m.body.case === "delta") text += m.body.value.text;
          }
          return { decline: text };
        },
      },
      server,
    );
    member = client(RouterService, gateway.port, calls);
    memberStream = client(GenerationService, agent.port, calls);
  });

  after(async () => {
    await Promise.all([gateway?.close(), agent?.close(), generation?.close()]);
    await t.shutdown();
  });

  beforeEach(() => exporter.reset());

  const finished = () => exporter.getFinishedSpans();

  // chain orders spans from the root down, checking each has exactly one child.
  function chain(spans: ReadableSpan[]): ReadableSpan[] {
    const roots = spans.filter((s) => s.parentSpanContext === undefined);
    assert.equal(roots.length, 1, `one root, got ${roots.map((s) => s.name).join(", ")}`);
    const out = [roots[0]!];
    for (;;) {
      const last = out[out.length - 1]!;
      const children = spans.filter((s) => s.parentSpanContext?.spanId === last.spanContext().spanId);
      if (children.length === 0) break;
      assert.equal(children.length, 1, `one child of ${last.name}`);
      out.push(children[0]!);
    }
    assert.equal(out.length, spans.length, "every span is in the chain");
    return out;
  }

  function assertConversation(spans: ReadableSpan[]) {
    assert.equal(spans.length, 6);
    const traceIds = new Set(spans.map((s) => s.spanContext().traceId));
    assert.equal(traceIds.size, 1, "one trace id across every hop");
    const ordered = chain(spans);
    assert.deepEqual(
      ordered.map((s) => [s.name, s.kind]),
      [
        [ROUTE, SpanKind.CLIENT],
        [ROUTE, SpanKind.SERVER],
        [GENERATE, SpanKind.CLIENT],
        [GENERATE, SpanKind.SERVER],
        [GENERATE, SpanKind.CLIENT],
        [GENERATE, SpanKind.SERVER],
      ],
    );
    const server = ordered[5]!;
    assert.equal(server.attributes["rpc.system"], "grpc");
    assert.equal(server.attributes["rpc.service"], "springboard.generation.v1.GenerationService");
    assert.equal(server.attributes["rpc.method"], "Generate");
    assert.equal(ordered[4]!.attributes["server.address"], "127.0.0.1");
    assert.equal(ordered[4]!.attributes["server.port"], generation.port);
    return ordered;
  }

  for (const hand of ["implicit", "lost-headers", "lost-values"] as const) {
    it(`makes one conversation one trace (${hand})`, async () => {
      const res = await member.route({ question: `ok|${hand}` });
      assert.equal(res.decline, "Hello world");
      await until(() => finished().length >= 6, "six spans");
      const ordered = assertConversation(finished());
      for (const s of ordered) {
        assert.equal(s.status.code, SpanStatusCode.UNSET, s.name);
        assert.equal(s.attributes["rpc.grpc.status_code"], 0);
      }
    });
  }

  it("starts a new trace when the context is lost and nothing is handed over", async () => {
    await member.route({ question: "ok|lost" });
    await until(() => finished().length >= 6, "six spans");
    assert.equal(new Set(finished().map((s) => s.spanContext().traceId)).size, 2);
  });

  it("marks the failing hops with the gRPC status", async () => {
    await assert.rejects(member.route({ question: "fail|implicit" }), (e: unknown) => ConnectError.from(e).code === Code.Internal);
    await until(() => finished().length >= 6, "six spans");
    const ordered = assertConversation(finished());
    for (const s of ordered) {
      assert.equal(s.attributes["rpc.grpc.status_code"], Code.Internal, s.name);
      assert.equal(s.status.code, SpanStatusCode.ERROR, `${s.name} ${s.kind}`);
    }
    assert.equal(ordered[5]!.status.message, "upstream broke");
    assert.ok(ordered[5]!.events.some((e) => e.name === "exception"));
  });

  it("closes streaming spans when the caller cancels", async () => {
    const abort = new AbortController();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const _ of memberStream.generate({ agent: "slow" }, { signal: abort.signal })) {
          if (++seen === 3) abort.abort();
        }
      })(),
      (e: unknown) => ConnectError.from(e).code === Code.Canceled,
    );
    await until(() => finished().length >= 4, "four spans");
    const spans = finished();
    assert.equal(new Set(spans.map((s) => s.spanContext().traceId)).size, 1);
    const ordered = chain(spans);
    assert.deepEqual(
      ordered.map((s) => s.kind),
      [SpanKind.CLIENT, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.SERVER],
    );
    for (const s of ordered) {
      assert.equal(s.attributes["rpc.grpc.status_code"], Code.Canceled, `${s.name} ${s.kind}`);
      assert.notEqual(s.status.code, SpanStatusCode.ERROR);
    }
    // Each span ends after its stream was counted out.
    assert.equal(sample(await t.metricsText(), "springboard_active_streams", ['rpc_method="Generate"']), 0);
  });

  it("records rpc durations and active streams", async () => {
    await member.route({ question: "ok|implicit" });
    const text = await t.metricsText();
    assert.ok((sample(text, "rpc_server_duration_milliseconds_count", ['rpc_method="Route"', 'rpc_grpc_status_code="0"']) ?? 0) >= 1);
    assert.ok((sample(text, "rpc_client_duration_milliseconds_count", ['rpc_method="Generate"', 'rpc_grpc_status_code="0"']) ?? 0) >= 1);
    assert.ok((sample(text, "rpc_server_duration_milliseconds_count", ['rpc_method="Generate"', 'rpc_grpc_status_code="13"']) ?? 0) >= 1);
    assert.equal(sample(text, "springboard_active_streams", ['rpc_service="springboard.generation.v1.GenerationService"', 'rpc_method="Generate"']), 0);
    assert.match(text, /^rpc_server_duration_milliseconds_bucket\{.*le="5"\} \d+$/m);
  });
});
