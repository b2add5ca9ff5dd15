import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { HandlerContext } from "@connectrpc/connect";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { clientInterceptor, genAiMetrics, initTelemetry, serverInterceptor, traceHeaders } from "../src/index.js";
import { currentTelemetry } from "../src/index.js";
import { client, serve } from "./helpers.js";

interface Collector {
  url: string;
  posts: Map<string, string[]>;
  close(): Promise<void>;
}

// collector is a stand-in OTLP/HTTP receiver that keeps every POST body by path.
async function collector(): Promise<Collector> {
  const posts = new Map<string, string[]>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      if (req.method === "POST") posts.set(req.url ?? "", [...(posts.get(req.url ?? "") ?? []), body]);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("OTLP export", () => {
  let c: Collector;
  beforeEach(async () => {
    await currentTelemetry()?.shutdown();
    c = await collector();
  });
  afterEach(() => c.close());

  it("pushes traces and metrics to OTEL_EXPORTER_OTLP_ENDPOINT and flushes them on shutdown", async () => {
    const t = initTelemetry({ service: "otlp-test", env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${c.url}/` } });
    try {
      assert.equal(t.tracing, true);
      assert.deepEqual(t.otlp, { traces: `${c.url}/v1/traces`, metrics: `${c.url}/v1/metrics` });
      const g = genAiMetrics(t);
      g.recordTtft(0.2, g.attributes({ provider: "openai", requestModel: "sim" }));
      t.tracer.startSpan("turn-before-shutdown").end();
      // The batch processor waits 5 s and the metric reader 60 s: only shutdown can have sent these.
      assert.equal(c.posts.size, 0);
    } finally {
      await t.shutdown();
    }
    const traces = c.posts.get("/v1/traces") ?? [];
    const metrics = c.posts.get("/v1/metrics") ?? [];
    assert.ok(traces.length >= 1, "a POST to /v1/traces");
    assert.ok(metrics.length >= 1, "a POST to /v1/metrics");
    assert.ok(traces.join("").includes("turn-before-shutdown"));
    assert.ok(metrics.join("").includes("gen_ai.server.time_to_first_token"));
    assert.ok(metrics.join("").includes("otlp-test"));
  });

  it("honours the per-signal endpoint and exports only that signal", async () => {
    const t = initTelemetry({ service: "otlp-metrics-only", env: { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${c.url}/custom/metrics` } });
    try {
      assert.equal(t.tracing, false);
      genAiMetrics(t).recordTpot(0.01, genAiMetrics(t).attributes({ provider: "openai" }));
      await t.forceFlush();
      assert.equal(c.posts.get("/custom/metrics")?.length, 1);
    } finally {
      await t.shutdown();
    }
    assert.deepEqual([...c.posts.keys()], ["/custom/metrics"]);
  });

  it("exports nothing when OTEL_SDK_DISABLED=true", async () => {
    const t = initTelemetry({ service: "off", env: { OTEL_EXPORTER_OTLP_ENDPOINT: c.url, OTEL_SDK_DISABLED: "true" } });
    await t.shutdown();
    assert.equal(c.posts.size, 0);
  });
});

describe("without an exporter", () => {
  it("still carries the caller's trace through the service, cheaply", async () => {
    const t = initTelemetry({ service: "propagate-only", env: {} });
    let forwarded: Record<string, string> = {};
    const server = await serve(
      RouterService,
      {
        route(_req, ctx: HandlerContext) {
          forwarded = traceHeaders(ctx);
          return {};
        },
      },
      [serverInterceptor(t)],
    );
    try {
      assert.equal(t.tracing, false);
      const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      const plain = client(RouterService, server.port, []);
      for (const flags of ["01", "00"]) {
        await plain.route({}, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-${flags}` } });
        const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(forwarded.traceparent ?? "");
        assert.ok(m, forwarded.traceparent);
        assert.equal(m[1], traceId);
        assert.notEqual(m[2], "00f067aa0ba902b7");
        assert.equal(m[3], flags);
      }
      // A call with no trace starts one, marked sampled so exporting services downstream keep it.
      const traced = client(RouterService, server.port, [clientInterceptor(t)]);
      forwarded = {};
      await traced.route({});
      assert.match(forwarded.traceparent ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    } finally {
      await server.close();
      await t.shutdown();
    }
  });
});

describe("without async context", () => {
  it("hands the trace over through traceHeaders alone", async () => {
    const t = initTelemetry({ service: "explicit-only", env: {}, asyncContext: false });
    const seen: Record<string, Record<string, string>> = {};
    const downstream = await serve(
      RouterService,
      {
        route(req, ctx: HandlerContext) {
          seen[req.question] = traceHeaders(ctx);
          return {};
        },
      },
      [serverInterceptor(t)],
    );
    const next = client(RouterService, downstream.port, [clientInterceptor(t)]);
    const upstream = await serve(
      RouterService,
      {
        async route(req, ctx: HandlerContext) {
          seen.upstream = traceHeaders(ctx);
          await next.route({ question: req.question }, req.question === "explicit" ? { headers: traceHeaders(ctx) } : {});
          return {};
        },
      },
      [serverInterceptor(t)],
    );
    try {
      const traceId = (h: Record<string, string> | undefined) => h?.traceparent?.split("-")[1];
      const caller = client(RouterService, upstream.port, [clientInterceptor(t)]);
      await caller.route({ question: "explicit" });
      assert.ok(traceId(seen.upstream));
      assert.equal(traceId(seen.explicit), traceId(seen.upstream));
      await caller.route({ question: "implicit" });
      assert.notEqual(traceId(seen.implicit), traceId(seen.upstream), "no async context, no implicit hand-over");
    } finally {
      await Promise.all([upstream.close(), downstream.close()]);
      await t.shutdown();
    }
  });
});
