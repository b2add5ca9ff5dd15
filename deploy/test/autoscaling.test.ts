import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { setMaxListeners } from "node:events";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { freePort, hasRedisServer, startCluster, SERVICES, type Cluster } from "@springboard/cluster";
import { ConnectError } from "@connectrpc/connect";
import { serviceClient } from "@springboard/runtime";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { REPO, type Obj } from "../src/manifests.js";
import { validateSchemas } from "./checks.js";

const DIR = `${REPO}deploy/autoscaling/`;

interface Trigger {
  name: string;
  metricType: "Value" | "AverageValue";
  query: string;
  target: number;
  externalMetric?: string;
  podsMetric?: string;
}
interface Scaled {
  minReplicas: number;
  maxReplicas: number;
  triggers: Trigger[];
}
interface Queries {
  window: { placeholder: string; production: string; test: string };
  prometheus: string;
  tolerance: number;
  deployments: Record<string, Scaled>;
}

const queries = (): Queries => parse(readFileSync(`${DIR}queries.yaml`, "utf8")) as Queries;
const docs = (file: string): Obj[] => parseAllDocuments(readFileSync(`${DIR}${file}`, "utf8")).map((d) => d.toJS() as Obj);
const render = (q: Queries, query: string, window: string) => query.split(q.window.placeholder).join(window);

/**
 * desiredReplicas is the HPA's recommendation from currentReplicas: per metric
 * ceil(current × metric / target), where an AverageValue metric is the total divided by the
 * current replicas; a ratio within the tolerance keeps the current count; the largest proposal
 * wins, within min and max.
 */
export function desiredReplicas(d: Scaled, values: Record<string, number>, current: number, tolerance: number): number {
  let desired = 0;
  for (const t of d.triggers) {
    const value = values[t.name];
    assert.ok(value !== undefined && Number.isFinite(value), `${t.name}: no finite value`);
    const metric = t.metricType === "AverageValue" ? value / current : value;
    const ratio = metric / t.target;
    desired = Math.max(desired, Math.abs(ratio - 1) <= tolerance ? current : Math.ceil(current * ratio));
  }
  return Math.min(d.maxReplicas, Math.max(d.minReplicas, desired));
}

describe("autoscaling files", () => {
  it("every query has the $window placeholder where it takes a rate, and each trigger is well formed", () => {
    const q = queries();
    assert.equal(q.window.placeholder, "$window");
    for (const [name, d] of Object.entries(q.deployments)) {
      assert.ok(d.minReplicas >= 1 && d.maxReplicas > d.minReplicas, `${name}: min/max`);
      for (const t of d.triggers) {
        const id = `${name}/${t.name}`;
        if (t.query.includes("rate(")) assert.ok(t.query.includes(`[${q.window.placeholder}]`), `${id}: rate window is not ${q.window.placeholder}`);
        assert.ok(/ or vector\(0\)$/.test(t.query), `${id}: "no data" must read as 0`);
        assert.ok(t.target > 0, `${id}: target`);
        assert.ok(["Value", "AverageValue"].includes(t.metricType), `${id}: metricType`);
        assert.ok(Boolean(t.externalMetric) !== Boolean(t.podsMetric), `${id}: exactly one of externalMetric, podsMetric`);
        if (t.podsMetric) {
          assert.equal(t.metricType, "AverageValue", `${id}: a Pods metric is averaged over pods`);
          assert.match(t.query, new RegExp(`^sum\\(${t.podsMetric}\\{`), `${id}: the Pods metric must be the series the query sums`);
        }
      }
    }
  });

  it("the KEDA ScaledObjects use the queries and targets of queries.yaml verbatim", () => {
    const q = queries();
    const objs = docs("keda/scaledobjects.yaml");
    assert.deepEqual(objs.map((o) => o.metadata.name).sort(), Object.keys(q.deployments).sort());
    for (const so of objs) {
      const d = q.deployments[so.metadata.name]!;
      assert.equal(so.apiVersion, "keda.sh/v1alpha1");
      assert.equal(so.kind, "ScaledObject");
      assert.deepEqual(so.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: so.metadata.name });
      assert.equal(so.spec.minReplicaCount, d.minReplicas);
      assert.equal(so.spec.maxReplicaCount, d.maxReplicas);
      assert.deepEqual(
        (so.spec.triggers as Obj[]).map((t) => ({ type: t.type, name: t.name, metricType: t.metricType, ...t.metadata })),
        d.triggers.map((t) => ({
          type: "prometheus",
          name: t.name,
          metricType: t.metricType,
          serverAddress: q.prometheus,
          query: render(q, t.query, q.window.production),
          threshold: String(t.target),
          ignoreNullValues: "false",
        })),
        so.metadata.name,
      );
    }
  });

  it("the HPAs and prometheus-adapter rules expose the same signals, the external ones verbatim", () => {
    const q = queries();
    const hpas = docs("hpa/horizontalpodautoscalers.yaml");
    validateSchemas(hpas);
    const adapter = docs("hpa/prometheus-adapter.yaml")[0]!;
    const external = new Map((adapter.externalRules as Obj[]).map((r) => [r.name.as as string, r]));
    const custom = new Map((adapter.rules as Obj[]).map((r) => [r.name.as as string, r]));
    assert.deepEqual(hpas.map((o) => o.metadata.name).sort(), Object.keys(q.deployments).sort());
    for (const h of hpas) {
      const name = h.metadata.name as string;
      const d = q.deployments[name]!;
      assert.equal(h.spec.minReplicas, d.minReplicas, name);
      assert.equal(h.spec.maxReplicas, d.maxReplicas, name);
      assert.equal(h.spec.metrics.length, d.triggers.length, name);
      d.triggers.forEach((t, i) => {
        const m = h.spec.metrics[i] as Obj;
        const id = `${name}/${t.name}`;
        if (t.podsMetric) {
          assert.equal(m.type, "Pods", id);
          assert.equal(m.pods.metric.name, t.podsMetric, id);
          assert.deepEqual(m.pods.target, { type: "AverageValue", averageValue: String(t.target) }, id);
          const rule = custom.get(t.podsMetric);
          assert.ok(rule, `${id}: no adapter rule names ${t.podsMetric}`);
          assert.ok((rule.seriesQuery as string).includes(`"${t.podsMetric}"`), id);
          assert.deepEqual(Object.keys(rule.resources.overrides).sort(), ["namespace", "pod"], id);
        } else {
          assert.equal(m.type, "External", id);
          assert.equal(m.external.metric.name, t.externalMetric, id);
          const target = t.metricType === "Value" ? { type: "Value", value: String(t.target) } : { type: "AverageValue", averageValue: String(t.target) };
          assert.deepEqual(m.external.target, target, id);
          const rule = external.get(t.externalMetric!);
          assert.ok(rule, `${id}: no adapter externalRule names ${t.externalMetric}`);
          assert.equal(rule.metricsQuery, render(q, t.query, q.window.production), id);
          const series = /^\{__name__="([^"]+)"/.exec(rule.seriesQuery as string)?.[1];
          assert.ok(series && rule.metricsQuery.includes(series), `${id}: the seriesQuery names another metric`);
          assert.equal(rule.resources.namespaced, false, id);
        }
      });
    }
  });
});

interface PromVector {
  status: string;
  error?: string;
  data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** findPrometheus is PROMETHEUS_BIN when set, else prometheus on PATH, else Debian's /usr/bin/prometheus. */
function findPrometheus(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  const candidates = process.env.PROMETHEUS_BIN ? [process.env.PROMETHEUS_BIN] : [...dirs.map((d) => join(d, "prometheus")), "/usr/bin/prometheus"];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not there
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("autoscaling signals in a real Prometheus under load @e2e", function () {
  this.timeout(180_000);
  const q = queries();
  const bin = findPrometheus();
  let work = "";
  let cluster: Cluster | undefined;
  let prometheus: ChildProcess | undefined;
  let promUrl = "";

  before(async function () {
    if (!bin) {
      console.log("    skipped: no prometheus binary (PROMETHEUS_BIN, PATH or /usr/bin/prometheus); install it with: apt-get install -y prometheus");
      this.skip();
    }
    if (!hasRedisServer()) {
      console.log("    skipped: redis-server is not installed (make deps installs it)");
      this.skip();
    }
    work = mkdtempSync(join(tmpdir(), "springboard-autoscaling-"));
    cluster = await startCluster({
      ports: "free",
      logDir: join(work, "logs"),
      serviceEnv: {
        "llm-sim": { LLM_SIM_MAX_RUNNING: "4", LLM_SIM_TBT_BASE_MS: "5", LLM_SIM_TBT_SLOPE_MS: "2", LLM_SIM_MALFORMED_RATE: "0" },
      },
    });
    const c = cluster;
    const config = {
      global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
      scrape_configs: [
        {
          job_name: "springboard-test",
          static_configs: SERVICES.map((s) => ({ targets: [c.address(s)], labels: { service: s } })),
        },
      ],
    };
    writeFileSync(join(work, "prometheus.yaml"), JSON.stringify(config));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      bin!,
      [
        `--config.file=${join(work, "prometheus.yaml")}`,
        `--storage.tsdb.path=${join(work, "tsdb")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    prometheus.stderr!.on("data", (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited with ${prometheus.exitCode}: ${stderr}`);
      const up = await promQuery('sum(up{job="springboard-test"})').catch(() => undefined);
      if (up === SERVICES.length) break;
      if (Date.now() > deadline) throw new Error(`prometheus is not scraping every service (up = ${up}): ${stderr}`);
      await sleep(250);
    }
  });

  after(async () => {
    const p = prometheus;
    if (p && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      const timer = setTimeout(() => p.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function promQuery(expr: string): Promise<number> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json()) as PromVector;
    if (body.status !== "success") throw new Error(`${expr}: ${body.error ?? res.status}`);
    assert.equal(body.data!.resultType, "vector", expr);
    assert.equal(body.data!.result.length, 1, `${expr}: expected one sample, got ${JSON.stringify(body.data!.result)}`);
    return Number(body.data!.result[0]!.value[1]);
  }

  interface Sample {
    at: number;
    values: Record<string, Record<string, number>>;
    desired: Record<string, number>;
  }

  async function sample(t0: number): Promise<Sample> {
    const values: Sample["values"] = {};
    const desired: Sample["desired"] = {};
    for (const [name, d] of Object.entries(q.deployments)) {
      values[name] = {};
      for (const t of d.triggers) values[name]![t.name] = await promQuery(render(q, t.query, q.window.test));
      desired[name] = desiredReplicas(d, values[name]!, d.minReplicas, q.tolerance);
    }
    return { at: Math.round((Date.now() - t0) / 100) / 10, values, desired };
  }

  /** load keeps `concurrency` Converse streams open through the gateway until `ms` have passed, then cancels any left. */
  async function load(concurrency: number, ms: number, counts: { ok: number; failed: number; cancelled: number; errors?: string[] }): Promise<void> {
    const client = serviceClient(AssistantService, cluster!.address("gateway"));
    const stop = new AbortController();
    setMaxListeners(concurrency * 4, stop.signal);
    const timer = setTimeout(() => stop.abort(), ms);
    let n = 0;
    const worker = async () => {
      while (!stop.signal.aborted) {
        const i = n++;
        try {
          for await (const _ of client.converse(
            {
              memberId: `member-${String((i % 200) + 1).padStart(5, "0")}`,
              question: "Am I a good fit for this job?",
              context: { kind: ContentKind.JOB, id: `job-${String((i % 40) + 1).padStart(5, "0")}` },
            },
            { timeoutMs: 30_000, signal: stop.signal },
          ));
          counts.ok++;
        } catch (e) {
          if (stop.signal.aborted) counts.cancelled++;
          else {
            counts.failed++;
            // Keep the first reasons for the report, and do not turn one failure into a hot loop
            // of them (which would soon trip the members' rate limits and hide the cause).
            if ((counts.errors ??= []).length < 5) counts.errors.push(ConnectError.from(e).message);
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    clearTimeout(timer);
  }

  async function during(phase: Promise<void>, t0: number, into: Sample[]): Promise<void> {
    let done = false;
    void phase.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      into.push(await sample(t0));
      await sleep(1_500);
    }
    await phase;
  }

  it("desired replicas rise when llm-sim saturates and fall back when the load stops", async () => {
    const t0 = Date.now();
    const low: Sample[] = [];
    const saturated: Sample[] = [];
    const idle: Sample[] = [];
    const lowCounts: { ok: number; failed: number; cancelled: number; errors?: string[] } = { ok: 0, failed: 0, cancelled: 0 };
    const satCounts: typeof lowCounts = { ok: 0, failed: 0, cancelled: 0 };

    await during(load(2, 12_000, lowCounts), t0, low);
    await during(load(24, 20_000, satCounts), t0, saturated);
    const idleStart = Date.now();
    let fellAfterS = NaN;
    while (Date.now() - idleStart < 25_000) {
      const s = await sample(t0);
      idle.push(s);
      if (Object.entries(q.deployments).every(([name, d]) => s.desired[name] === d.minReplicas)) {
        fellAfterS = Math.round((Date.now() - idleStart) / 100) / 10;
        break;
      }
      await sleep(1_000);
    }

    const peak = (xs: Sample[], name: string) => Math.max(...xs.map((s) => s.desired[name]!));
    const peakValue = (xs: Sample[], name: string, trigger: string) => Math.max(...xs.map((s) => s.values[name]![trigger]!));
    const lowLast = low[low.length - 1]!;
    const idleLast = idle[idle.length - 1]!;
    const table: Record<string, Record<string, string>> = {};
    for (const [name, d] of Object.entries(q.deployments)) {
      for (const t of d.triggers) {
        table[`${name}/${t.name} (target ${t.target})`] = {
          low: lowLast.values[name]![t.name]!.toFixed(3),
          "saturated (peak)": peakValue(saturated, name, t.name).toFixed(3),
          idle: idleLast.values[name]![t.name]!.toFixed(3),
        };
      }
      table[`${name} desired replicas (min ${d.minReplicas})`] = {
        low: String(lowLast.desired[name]),
        "saturated (peak)": String(peak(saturated, name)),
        idle: String(idleLast.desired[name]),
      };
    }
    console.log(`    rate window ${q.window.test}, currentReplicas = minReplicas`);
    console.log(`    low load: 2 streams for 12 s: ${JSON.stringify(lowCounts)}; saturating: 24 streams for 20 s: ${JSON.stringify(satCounts)}`);
    console.table(table);
    console.log(`    back to minReplicas everywhere ${fellAfterS} s after the load stopped`);
    console.log(`    generation desired over time: ${[...low, ...saturated, ...idle].map((s) => `${s.at}s=${s.desired.generation}`).join(" ")}`);

    const reasons = [...(lowCounts.errors ?? []), ...(satCounts.errors ?? [])].join("; ");
    assert.ok(lowCounts.ok > 0 && satCounts.ok > 0, `turns completed in both phases (failures: ${reasons || "none"})`);
    assert.equal(lowCounts.failed + satCounts.failed, 0, `no turn failed (failures: ${reasons})`);
    assert.ok(peakValue(saturated, "llm-sim", "queue") > 0, "llm-sim queued requests under saturation");
    assert.ok(peak(saturated, "generation") > lowLast.desired.generation!, "generation's desired replicas rise under saturation");
    assert.ok(peak(saturated, "llm-sim") > lowLast.desired["llm-sim"]!, "the model server's desired replicas rise under saturation");
    assert.ok(Number.isFinite(fellAfterS), "desired replicas fall back to minReplicas once the load stops");
    for (const [name, d] of Object.entries(q.deployments)) assert.equal(idleLast.desired[name], d.minReplicas, name);
  });
});
