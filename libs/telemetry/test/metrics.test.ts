import assert from "node:assert/strict";
import type * as http from "node:http";
import type * as http2 from "node:http2";
import {
  genAiMetrics,
  initTelemetry,
  OPERATION_DURATION_BUCKETS_S,
  pipelineMetrics,
  PROMETHEUS_CONTENT_TYPE,
  STAGE_BUCKETS_S,
  TOKEN_USAGE_BUCKETS,
  TPOT_BUCKETS_S,
  TTFT_BUCKETS_S,
  type Telemetry,
} from "../src/index.js";
import { currentTelemetry } from "../src/index.js";
import { buckets, metricsServer, sample } from "./helpers.js";

const le = (b: readonly number[]) => [...b.map(String), "+Inf"];

describe("metrics", () => {
  let t: Telemetry;
  let server: { url: string; close(): Promise<void> };

  before(async () => {
    // Services started in-process by other suites may have set up the process's telemetry.
    await currentTelemetry()?.shutdown();
    t = initTelemetry({
      service: "metrics-test",
      version: "1.2.3",
      env: { OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=test,team=platform%20ops", OTEL_SERVICE_NAME: "generation" },
    });
    server = await metricsServer(t);
  });

  after(async () => {
    await server.close();
    await t.shutdown();
  });

  it("is set up once per process", () => {
    assert.equal(initTelemetry({ service: "other" }), t);
    assert.equal(t.service, "generation");
    assert.equal(t.tracing, false);
    assert.deepEqual(t.otlp, { traces: undefined, metrics: undefined });
  });

  it("serves GenAI histograms under their Prometheus names with the semantic conventions' buckets", async () => {
    const g = genAiMetrics(t);
    const attrs = g.attributes({ provider: "openai", requestModel: "sim", responseModel: "sim-1", serverAddress: "llm-sim", serverPort: 8000 });
    assert.equal(g.attributes({ provider: "openai", requestModel: "sim", responseModel: "sim-1", serverAddress: "llm-sim", serverPort: 8000 }), attrs);
    g.recordTtft(0.03, attrs);
    g.recordTpot(0.02, attrs);
    g.recordUsage({ input: 100, output: 20, reasoning: 7 }, attrs);
    g.recordDuration(1.5, attrs);
    g.recordDuration(0.2, attrs, "timeout");

    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), PROMETHEUS_CONTENT_TYPE);
    const text = await res.text();

    assert.deepEqual(buckets(text, "gen_ai_server_time_to_first_token_seconds"), le(TTFT_BUCKETS_S));
    assert.deepEqual(buckets(text, "gen_ai_server_time_per_output_token_seconds"), le(TPOT_BUCKETS_S));
    assert.deepEqual(buckets(text, "gen_ai_client_token_usage", ['gen_ai_token_type="input"']), le(TOKEN_USAGE_BUCKETS));
    assert.deepEqual(buckets(text, "gen_ai_client_operation_duration_seconds"), le(OPERATION_DURATION_BUCKETS_S));
    assert.deepEqual(TTFT_BUCKETS_S, [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0]);
    assert.deepEqual(TPOT_BUCKETS_S, [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5]);

    // 0.03 s falls in the 0.04 bucket and every one above it.
    assert.equal(sample(text, "gen_ai_server_time_to_first_token_seconds_bucket", ['le="0.02"']), 0);
    assert.equal(sample(text, "gen_ai_server_time_to_first_token_seconds_bucket", ['le="0.04"']), 1);
    assert.equal(sample(text, "gen_ai_server_time_to_first_token_seconds_count"), 1);
    assert.equal(sample(text, "gen_ai_server_time_to_first_token_seconds_sum"), 0.03);

    const common = ['gen_ai_operation_name="chat"', 'gen_ai_provider_name="openai"', 'gen_ai_system="openai"', 'gen_ai_request_model="sim"', 'gen_ai_response_model="sim-1"', 'server_address="llm-sim"', 'server_port="8000"'];
    assert.equal(sample(text, "gen_ai_client_token_usage_sum", [...common, 'gen_ai_token_type="input"']), 100);
    const visible = text.split("\n").find((l) => l.startsWith("gen_ai_client_token_usage_sum{") && l.includes('gen_ai_token_type="output"') && !l.includes("springboard_token_hidden"));
    assert.ok(visible?.endsWith(" 20"), visible);
    assert.equal(sample(text, "gen_ai_client_token_usage_sum", ['gen_ai_token_type="output"', 'springboard_token_hidden="true"']), 7);
    assert.equal(sample(text, "gen_ai_client_operation_duration_seconds_count", ['error_type="timeout"']), 1);
    assert.match(text, /^# TYPE gen_ai_server_time_to_first_token_seconds histogram$/m);
  });

  it("serves pipeline metrics", async () => {
    const p = pipelineMetrics(t);
    assert.equal(pipelineMetrics(t), p);
    p.recordMemberTtft(0.7, "job_fit");
    p.recordStage("route", 0.0004);
    p.recordStage("generate", 2);
    p.countPlanRepair("unquoted_colon");
    p.countPlanRepair("unquoted_colon", 2);
    p.countPlanUnrecoverable();
    p.countRouterDecision("job_fit", "classifier");
    p.countSkillCall("people_search", "ok");
    p.countSkillPrefetch("job_details", "used");
    p.countSkillPrefetch("job_details", "used");
    p.countSkillPrefetch("job_details", "unused");
    let depth = 3;
    const stop = p.observeQueueDepth("llm", () => depth);

    let text = await t.metricsText();
    assert.deepEqual(buckets(text, "springboard_member_time_to_first_token_seconds"), le(TTFT_BUCKETS_S));
    assert.deepEqual(buckets(text, "springboard_stage_duration_seconds", ['springboard_stage="route"']), le(STAGE_BUCKETS_S));
    assert.equal(sample(text, "springboard_stage_duration_seconds_bucket", ['springboard_stage="route"', 'le="0.0005"']), 1);
    assert.equal(sample(text, "springboard_member_time_to_first_token_seconds_count", ['springboard_agent="job_fit"']), 1);
    assert.equal(sample(text, "springboard_plan_repairs_total", ['springboard_repair_kind="unquoted_colon"']), 3);
    assert.equal(sample(text, "springboard_plan_unrecoverable_total"), 1);
    assert.equal(sample(text, "springboard_router_decisions_total", ['springboard_router_label="job_fit"', 'springboard_router_path="classifier"']), 1);
    assert.equal(sample(text, "springboard_skill_calls_total", ['springboard_skill="people_search"', 'springboard_skill_status="ok"']), 1);
    assert.equal(sample(text, "springboard_skill_prefetches_total", ['springboard_skill="job_details"', 'springboard_prefetch_outcome="used"']), 2);
    assert.equal(sample(text, "springboard_skill_prefetches_total", ['springboard_skill="job_details"', 'springboard_prefetch_outcome="unused"']), 1);
    assert.equal(sample(text, "springboard_queue_depth", ['springboard_queue="llm"']), 3);

    depth = 5;
    text = await t.metricsText();
    assert.equal(sample(text, "springboard_queue_depth", ['springboard_queue="llm"']), 5);
    stop();
    text = await t.metricsText();
    assert.equal(sample(text, "springboard_queue_depth", ['springboard_queue="llm"']), 0);
  });

  it("labels every series with the service and describes the process in target_info", async () => {
    const text = await t.metricsText();
    const info = text.split("\n").find((l) => l.startsWith("target_info{"));
    assert.ok(info);
    for (const label of ['service_name="generation"', 'service_version="1.2.3"', 'deployment_environment_name="test"', 'team="platform ops"', "service_instance_id="]) {
      assert.ok(info.includes(label), `${label} in ${info}`);
    }
    const series = text.split("\n").filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("target_info"));
    assert.ok(series.length > 0);
    for (const l of series) assert.ok(l.includes('service_name="generation"'), l);
  });

  it("answers only GET and HEAD /metrics", async () => {
    // The route fits the runtime's HttpRoute, over HTTP/1.1 and HTTP/2 alike.
    const route: (req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse) => boolean | Promise<boolean> = t.metricsRoute;
    assert.equal(typeof route, "function");
    assert.equal((await fetch(`${server.url}/other`)).status, 404);
    assert.equal((await fetch(`${server.url}/metrics?x=1`)).status, 200);
    assert.equal((await fetch(`${server.url}/metrics`, { method: "POST" })).status, 405);
    const head = await fetch(`${server.url}/metrics`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
  });
});

describe("configuration", () => {
  it("fails fast on malformed OTEL variables", () => {
    assert.throws(() => initTelemetry({ service: "x", env: { OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" } }), /OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" is not an http\(s\) URL/);
    assert.throws(() => initTelemetry({ service: "x", env: { OTEL_RESOURCE_ATTRIBUTES: "novalue" } }), /OTEL_RESOURCE_ATTRIBUTES: "novalue" is not key=value/);
    assert.throws(() => initTelemetry({ service: "x", env: { OTEL_METRIC_EXPORT_INTERVAL: "soon" } }), /OTEL_METRIC_EXPORT_INTERVAL="soon"/);
  });
});
