import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { REPO_ROOT, startCluster, type Cluster, type ServiceName } from "@springboard/cluster";
import { protoRegistry } from "@springboard/proto";
import { serviceClient } from "@springboard/runtime";
import {
  DEFAULT_QUESTIONS_FILE,
  formatLoadReport,
  htmlLoadReport,
  parseQuestions,
  runLoad,
  runLoadCommand,
  type LoadProgress,
  type LoadReport,
} from "../src/index.js";

describe("springboard load against the local cluster @e2e", function () {
  this.timeout(180_000);
  let cluster: Cluster;
  let report: LoadReport;
  const progress: LoadProgress[] = [];

  before(async () => {
    cluster = await startCluster({ ports: "free", serviceEnv: { "llm-sim": { LLM_SIM_TBT_BASE_MS: "2", LLM_SIM_MALFORMED_RATE: "0" } } });
    report = await runLoad({
      address: cluster.address("gateway"),
      concurrency: 4,
      connections: 2,
      durationMs: 3_000,
      rampUpMs: 300,
      questions: parseQuestions(readFileSync(DEFAULT_QUESTIONS_FILE, "utf8")),
      timeoutMs: 30_000,
      onProgress: (p) => progress.push(p),
    });
  });

  after(async () => {
    await cluster?.stop();
  });

  it("completes turns without errors and the counts add up", () => {
    const t = report.turns;
    assert.equal(t.errors, 0, JSON.stringify(report.errorSamples));
    assert.deepEqual(report.errors, {});
    assert.ok(t.ok >= 4, `only ${t.ok} turns completed`);
    assert.equal(t.started, t.ok + t.errors + t.aborted);
    assert.equal(t.aborted, 0);
    assert.equal(Object.values(report.finishReasons).reduce((a, b) => a + b, 0), t.ok);
    assert.deepEqual(report.protocol, { seqGaps: 0, missingTerminal: 0 });
    assert.equal(report.latency.durationMs.n, t.started);
    assert.equal(report.latency.ttftMs.n, t.withText);
    assert.ok(t.withText > 0);
    assert.equal(report.perTurn.deltas.n, t.started);
    assert.equal(report.totals.deltas, report.latency.tbtMs.n + t.withText, "every delta after a turn's first adds one TBT sample");
    assert.equal(report.timeline.reduce((a, p) => a + p.started, 0), t.started);
    assert.equal(report.timeline.reduce((a, p) => a + p.completed, 0), t.ok);
    assert.equal(report.timeline.reduce((a, p) => a + p.deltas, 0), report.totals.deltas);
    assert.equal(report.distributions.ttftMs.reduce((a, b) => a + b.count, 0), report.latency.ttftMs.n);
    assert.equal(report.distributions.tbtMs.reduce((a, b) => a + b.count, 0), report.latency.tbtMs.n);
    assert.equal(report.settings.connections, 2);
    assert.ok(progress.length >= 2, "progress is reported about once a second");
  });

  it("measures coherent latencies", () => {
    const { ttftMs, tbtMs, durationMs, firstEventMs } = report.latency;
    assert.ok(tbtMs.n > 0, "TBT samples exist");
    assert.ok(ttftMs.p50 > 0 && ttftMs.min <= ttftMs.p50 && ttftMs.p50 <= ttftMs.p90 && ttftMs.p90 <= ttftMs.p99 && ttftMs.p99 <= ttftMs.max);
    assert.ok(ttftMs.max <= durationMs.max, "no first token after its stream ended");
    assert.ok(firstEventMs.p50 <= ttftMs.p50);
    assert.ok(tbtMs.max <= durationMs.max);
    assert.ok(report.wallMs >= 3_000 && report.wallMs < 60_000);
    assert.ok(report.throughput.turnsPerSec > 0 && report.throughput.deltasPerSec > 0);
    assert.ok(report.timeline.length >= 3);
    assert.ok(report.timeline.some((p) => p.active > 0 && p.ttftP50 !== null));
    assert.ok(Math.max(...report.timeline.map((p) => p.active)) <= 4 + 1e-9, "never more streams open than workers");
  });

  it("renders the terminal report, the HTML page with its charts, and JSON that round-trips", () => {
    const text = formatLoadReport(report);
    assert.match(text, /ttft \(client\)/);
    assert.match(text, /errors +none/);
    const html = htmlLoadReport(report);
    assert.match(html, /^<!doctype html>/);
    for (const id of ["chart-ttft", "chart-tbt", "chart-streams", "chart-ttft-time"]) assert.match(html, new RegExp(`id="${id}"><figcaption>[^<]*</figcaption><svg`));
    assert.ok((html.match(/<rect /g) ?? []).length > 10, "bars are drawn");
    assert.match(html, /<polyline /);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/, "no scripts or external assets");
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });

  it("stops on its signal, counting cancelled turns as aborted, not as errors", async () => {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 400);
    const r = await runLoad({
      address: cluster.address("gateway"),
      concurrency: 3,
      count: 1_000,
      questions: [{ question: "How should I prepare for the interview?", context: { kind: "job", id: "job-00002" } }],
      timeoutMs: 30_000,
      signal: stop.signal,
    });
    assert.ok(r.turns.started < 1_000);
    assert.equal(r.turns.errors, 0, JSON.stringify(r.errorSamples));
    assert.ok(r.turns.aborted >= 1 && r.turns.aborted <= 3, `${r.turns.aborted} aborted`);
    assert.equal(r.turns.started, r.turns.ok + r.turns.aborted);
  });

  it("sends ghz data that the services accept", async () => {
    const services: Record<string, ServiceName> = {
      "springboard.gateway.v1.AssistantService": "gateway",
      "springboard.router.v1.RouterService": "router",
      "springboard.retrieval.v1.RetrievalService": "retrieval",
      "springboard.skills.v1.SkillRegistryService": "skill-registry",
    };
    const dir = join(REPO_ROOT, "deploy", "load");
    const failures: string[] = [];
    for (const file of ["converse", "route", "retrieval-search", "skills-invoke"]) {
      const config = JSON.parse(readFileSync(join(dir, "ghz", `${file}.json`), "utf8")) as { call: string; "data-file": string };
      const serviceName = config.call.slice(0, config.call.lastIndexOf("."));
      const service = protoRegistry().getService(serviceName)!;
      const method = service.methods.find((m) => m.name === config.call.slice(serviceName.length + 1))!;
      const client = serviceClient(service, cluster.address(services[serviceName]!)) as unknown as Record<string, (req: unknown, o: object) => unknown>;
      const text = readFileSync(join(dir, config["data-file"]), "utf8").replace(/\{\{\s*(.*?)\s*\}\}/g, (_, action: string) => {
        const [fn, a, b] = action.split(/\s+/);
        if (fn === "randomInt") return String(Number(a) + Math.floor(Math.random() * (Number(b) - Number(a))));
        if (fn === "newUUID" || fn === ".UUID") return randomUUID();
        return "1";
      });
      const requests = (JSON.parse(text) as JsonValue[]).map((j) => fromJson(method.input, j));
      await Promise.all(
        requests.map(async (req, i) => {
          try {
            const res = client[method.localName]!(req, { timeoutMs: 30_000 });
            if (method.methodKind === "server_streaming") {
              for await (const m of res as AsyncIterable<{ event?: { body: { case?: string; value?: { code?: string } } } }>) {
                if (m.event?.body.case === "error") failures.push(`${file}[${i}]: Error event ${m.event.body.value?.code}`);
              }
            } else {
              await res;
            }
          } catch (e) {
            failures.push(`${file}[${i}]: ${ConnectError.from(e).message}`);
          }
        }),
      );
    }
    assert.deepEqual(failures, []);
  });

  it("runs as a command that writes report.json and report.html", async () => {
    const out = mkdtempSync(join(tmpdir(), "load-cmd-"));
    let stdout = "";
    let stderr = "";
    const code = await runLoadCommand(["--addr", cluster.address("gateway"), "--count", "6", "--concurrency", "3", "--timeout", "30s", "--out", out], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
    });
    assert.equal(code, 0, stderr);
    const written = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as LoadReport;
    assert.equal(written.turns.started, 6);
    assert.equal(written.turns.ok, 6);
    assert.match(readFileSync(join(out, "report.html"), "utf8"), /chart-ttft/);
    assert.match(stdout, /report\.html/);
  });
});
