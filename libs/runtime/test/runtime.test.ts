import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcWebTransport, createConnectTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "@springboard/proto/grpc/health/v1/health_pb.js";
import { ServerReflection } from "@springboard/proto/grpc/reflection/v1/reflection_pb.js";
import { RouterService, RouteResponseSchema } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { SimulatorService, GetStatsResponseSchema } from "@springboard/proto/springboard/llmsim/v1/llmsim_pb.js";
import { RetrievalService, UpsertResponseSchema } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import {
  address,
  bind,
  ConfigError,
  downstream,
  int,
  loadConfig,
  port,
  requestId,
  serviceClient,
  startService,
  url,
  type RunningService,
} from "../src/index.js";

describe("loadConfig", () => {
  it("parses typed settings with defaults", () => {
    const c = loadConfig({ PORT: port(50051), PEER: address("localhost:1"), N: int(3, { min: 1 }) }, { PORT: "7000", N: "" });
    assert.deepEqual(c, { PORT: 7000, PEER: "localhost:1", N: 3 });
  });

  it("reports every bad variable at once, saying what is expected", () => {
    assert.throws(
      () => loadConfig({ PORT: port(), REDIS_URL: url(undefined, ["redis"]), PEER: address() }, { PORT: "http", REDIS_URL: "http://x", PEER: "nocolon" }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 3);
        assert.match(e.message, /PORT="http": not an integer; expected a TCP port/);
        assert.match(e.message, /REDIS_URL="http:\/\/x": scheme http: not allowed/);
        assert.match(e.message, /PEER="nocolon": not host:port/);
        return true;
      },
    );
  });
});

describe("startService", function () {
  this.timeout(10_000);
  let svc: RunningService;
  let seenRequestId = "";
  let seenTimeout: number | undefined;

  before(async () => {
    svc = await startService({
      name: "test",
      port: 0,
      logger: undefined,
      services: [
        bind(RouterService, {
          async route(req, ctx) {
            seenRequestId = requestId(ctx);
            seenTimeout = downstream(ctx).timeoutMs;
            return create(RouteResponseSchema, { decline: `echo ${req.question}` });
          },
        }),
        bind(SimulatorService, { getStats: () => create(GetStatsResponseSchema, { running: 7 }) }),
      ],
    });
  });

  after(() => svc.close(100));

  it("serves gRPC, gRPC-Web and Connect on one port", async () => {
    const grpc = serviceClient(RouterService, svc.address);
    assert.equal((await grpc.route({ question: "a" })).decline, "echo a");
    const web = createClient(RouterService, createGrpcWebTransport({ baseUrl: `http://${svc.address}`, httpVersion: "1.1" }));
    assert.equal((await web.route({ question: "b" })).decline, "echo b");
    const connect = createClient(SimulatorService, createConnectTransport({ baseUrl: `http://${svc.address}`, httpVersion: "1.1" }));
    assert.equal((await connect.getStats({})).running, 7);
  });

  it("carries the request id and the remaining deadline to the handler", async () => {
    await serviceClient(RouterService, svc.address).route({ question: "x" }, { headers: { "x-request-id": "req-123" }, timeoutMs: 5_000 });
    assert.equal(seenRequestId, "req-123");
    assert.ok(seenTimeout !== undefined && seenTimeout > 4_000 && seenTimeout <= 5_000, `timeout ${seenTimeout}`);
  });

  it("answers server reflection with its services and their file descriptors", async () => {
    const reflection = serviceClient(ServerReflection, svc.address);
    const requests = async function* () {
      yield { host: "", messageRequest: { case: "listServices" as const, value: "" } };
      yield { host: "", messageRequest: { case: "fileContainingSymbol" as const, value: "springboard.router.v1.RouterService.Route" } };
      yield { host: "", messageRequest: { case: "fileContainingSymbol" as const, value: "no.such.Thing" } };
    };
    const answers = [];
    for await (const res of reflection.serverReflectionInfo(requests())) answers.push(res.messageResponse);
    assert.equal(answers[0]!.case, "listServicesResponse");
    const names = (answers[0]!.value as { service: { name: string }[] }).service.map((s) => s.name);
    assert.ok(names.includes("springboard.router.v1.RouterService") && names.includes("grpc.health.v1.Health"), names.join());
    assert.equal(answers[1]!.case, "fileDescriptorResponse");
    assert.ok((answers[1]!.value as { fileDescriptorProto: Uint8Array[] }).fileDescriptorProto.length >= 2, "the file and its imports");
    assert.equal(answers[2]!.case, "errorResponse");
  });

  it("ends a handler's context when its caller cancels, and never sends a call already cancelled", async () => {
    let calls = 0;
    let seen: unknown;
    const other = await startService({ name: "cancel", port: 0, services: [bind(RouterService, { route: async (_req, ctx) => {
      calls++;
      seen = await new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve(ctx.signal.reason), { once: true }));
      return create(RouteResponseSchema, {});
    } })] });
    try {
      const client = serviceClient(RouterService, other.address);
      const abort = new AbortController();
      const call = client.route({ question: "wait" }, { signal: abort.signal });
      while (calls === 0) await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      await assert.rejects(call, (e: unknown) => ConnectError.from(e).code === Code.Canceled);
      for (let i = 0; i < 100 && seen === undefined; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(seen instanceof ConnectError && seen.code === Code.Canceled, `the handler's signal ended with ${String(seen)}`);
      await assert.rejects(client.route({ question: "late" }, { signal: abort.signal }), (e: unknown) => ConnectError.from(e).code === Code.Canceled);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(calls, 1, "the call made with an aborted signal reached the server");
    } finally {
      await other.close(100);
    }
  });

  it("lets a handler make many calls at once on its context without a listener-leak warning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    const fanOut = await startService({ name: "fan-out", port: 0, services: [bind(RouterService, { route: async (req, ctx) => {
      const backend = serviceClient(RouterService, svc.address);
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => backend.route({ question: `${req.question} ${i}` }, downstream(ctx))));
      return create(RouteResponseSchema, { decline: answers.map((a) => a.decline).join("|") });
    } })] });
    try {
      const res = await serviceClient(RouterService, fanOut.address).route({ question: "q" });
      assert.equal(res.decline.split("|").length, 16);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.filter((w) => w === "MaxListenersExceededWarning"), []);
    } finally {
      process.off("warning", onWarning);
      await fanOut.close(100);
    }
  });

  it("stops reading the messages of a client stream its caller cancels", async () => {
    let received = 0;
    const other = await startService({ name: "upsert", port: 0, services: [bind(RetrievalService, { upsert: async (reqs) => {
      for await (const _ of reqs) received++;
      return create(UpsertResponseSchema, { upserted: received });
    } })] });
    try {
      const abort = new AbortController();
      let sent = 0;
      let closed = false;
      const messages = async function* () {
        try {
          for (;;) {
            await new Promise((r) => setTimeout(r, 10));
            sent++;
            yield { index: "knowledge" };
          }
        } finally {
          closed = true;
        }
      };
      const call = serviceClient(RetrievalService, other.address).upsert(messages(), { signal: abort.signal });
      while (received < 2) await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      await assert.rejects(call, (e: unknown) => ConnectError.from(e).code === Code.Canceled);
      for (let i = 0; i < 100 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(closed, "the request stream was left open");
      const at = sent;
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(sent, at, "messages were still produced after the call was cancelled");
    } finally {
      await other.close(100);
    }
  });

  it("ends the calls still open when the grace period of a shutdown runs out", async () => {
    let seen: unknown;
    const other = await startService({ name: "stuck", port: 0, services: [bind(RouterService, { route: async (_req, ctx) => {
      seen = await new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve(ctx.signal.reason), { once: true }));
      throw seen;
    } })] });
    const call = serviceClient(RouterService, other.address).route({ question: "stuck" });
    call.catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    await other.close(100);
    assert.ok(seen instanceof ConnectError && seen.code === Code.Unavailable && /shutting down/.test(seen.message), `the handler's signal ended with ${String(seen)}`);
  });

  it("drains on close: NOT_SERVING, new calls refused, the in-flight call finishes", async () => {
    const other = await startService({ name: "drain", port: 0, services: [bind(RouterService, { route: async (req) => {
      await new Promise((r) => setTimeout(r, 300));
      return create(RouteResponseSchema, { decline: req.question });
    } })] });
    const client = serviceClient(RouterService, other.address);
    const health = serviceClient(Health, other.address);
    const inflight = client.route({ question: "finishing" });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(other.inflight(), 1);
    const closed = other.close(5_000);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await health.check({ service: "" })).status, HealthCheckResponse_ServingStatus.NOT_SERVING);
    await assert.rejects(client.route({ question: "late" }), (e: unknown) => ConnectError.from(e).code === Code.Unavailable);
    assert.equal((await inflight).decline, "finishing");
    await closed;
  });
});

describe("StreamQueue", () => {
  const join = (a: string, b: string) => a + b;

  it("hands each item out on its own while items arrive in separate turns and the consumer keeps up", async () => {
    const { StreamQueue } = await import("../src/index.js");
    const q = new StreamQueue<string>(join);
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const s of q) seen.push(s);
    })();
    for (const t of ["a", "b", "c"]) {
      q.push(t);
      await new Promise((r) => setTimeout(r, 2));
    }
    q.close();
    await consumer;
    assert.deepEqual(seen, ["a", "b", "c"]);
    assert.equal(q.merged, 0);
  });

  it("sends the first item alone and merges the items that follow it in the same turn", async () => {
    const { StreamQueue } = await import("../src/index.js");
    const q = new StreamQueue<string>(join);
    const seen: string[] = [];
    const consumer = (async () => {
      for await (const s of q) seen.push(s);
    })();
    q.push("a");
    await Promise.resolve();
    for (const t of ["b", "c", "d"]) q.push(t);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    q.push("e");
    q.close();
    await consumer;
    assert.deepEqual(seen, ["a", "bcd", "e"]);
    assert.equal(q.merged, 2);
  });

  it("hands out in one batch the items that arrive in the same turn, merging what merges, and keeps failures", async () => {
    const { StreamQueue } = await import("../src/index.js");
    const q = new StreamQueue<string>((a, b) => (a.startsWith("t") && b.startsWith("t") ? a + b.slice(1) : undefined));
    const seen: string[][] = [];
    const consumer = (async () => {
      for await (const batch of q.batches()) seen.push([...batch]);
    })();
    q.push("start");
    await Promise.resolve();
    for (const t of ["ta", "tb", "end", "done"]) q.push(t);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    q.push("late");
    q.close(new Error("upstream broke"));
    await assert.rejects(consumer, /upstream broke/);
    assert.deepEqual(seen, [["start"], ["tab", "end", "done"], ["late"]]);
  });

  it("merges what waits while the consumer lags, and keeps order and failures", async () => {
    const { StreamQueue } = await import("../src/index.js");
    const q = new StreamQueue<string>((a, b) => (a.length < 3 ? a + b : undefined));
    q.push("a");
    q.push("b");
    q.push("c");
    q.push("d");
    q.close(new Error("upstream broke"));
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const s of q) seen.push(s);
      })(),
      /upstream broke/,
    );
    assert.deepEqual(seen, ["abc", "d"]);
    assert.equal(q.merged, 2);
  });
});
