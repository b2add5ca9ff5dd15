import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { REPO, type Obj } from "../src/manifests.js";
import { SERVICES, TOPOLOGY } from "../src/topology.js";

describe("observability", () => {
  it("the Prometheus config keeps annotated springboard pods and scrapes every local port", () => {
    const cfg = parse(readFileSync(`${REPO}deploy/observability/prometheus.yaml`, "utf8")) as Obj;
    const pods = (cfg.scrape_configs as Obj[]).find((j) => j.kubernetes_sd_configs)!;
    assert.equal(pods.kubernetes_sd_configs[0].role, "pod");
    const keeps = (pods.relabel_configs as Obj[]).filter((r) => r.action === "keep").map((r) => r.source_labels[0]);
    assert.ok(keeps.includes("__meta_kubernetes_pod_annotation_prometheus_io_scrape"));
    const local = (cfg.scrape_configs as Obj[]).find((j) => j.static_configs)!;
    const targets = (local.static_configs as Obj[]).flatMap((s) => s.targets as string[]);
    assert.deepEqual(targets.sort(), SERVICES.map((s) => `localhost:${TOPOLOGY[s].port}`).sort());
  });

  it("the dashboard charts TTFT, TBT, tokens/s, stages, streams, queue depth, repairs and router paths", () => {
    const dash = JSON.parse(readFileSync(`${REPO}deploy/observability/grafana/springboard-dashboard.json`, "utf8")) as Obj;
    const exprs = (dash.panels as Obj[]).flatMap((p) => (p.targets as Obj[]).map((t) => t.expr as string)).join("\n");
    for (const m of [
      "gen_ai_server_time_to_first_token_seconds_bucket",
      "gen_ai_server_time_per_output_token_seconds_bucket",
      "gen_ai_client_token_usage_sum",
      "springboard_stage_duration_seconds_bucket",
      "springboard_active_streams",
      "vllm:num_requests_waiting",
      "springboard_plan_repairs_total",
      "springboard_router_decisions_total",
    ]) assert.ok(exprs.includes(m), m);
    assert.ok(exprs.includes("by (le, stage)") && exprs.includes("by (path)"));
    const ids = (dash.panels as Obj[]).map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, "panel ids are unique");
  });
});
