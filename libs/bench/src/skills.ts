import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startCluster } from "@springboard/cluster";
import { JobService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { SkillDefinitionSchema, SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { clone } from "@bufbuild/protobuf";
import { createHandlerContext } from "@connectrpc/connect";
import { serviceClient } from "@springboard/runtime";
import { SkillInvoker } from "@springboard/skill-registry/invoker";
import { ms, summarize, table } from "./stats.js";

export interface SkillsBenchResult {
  direct: ReturnType<typeof summarize>;
  invoke: ReturnType<typeof summarize>;
  inProcess: ReturnType<typeof summarize>;
  addedP50Ms: number;
  addedP99Ms: number;
  inProcessAddedP50Ms: number;
  inProcessAddedP99Ms: number;
  hitAt1: number;
  hitAt3: number;
  misses: { query: string; want: string; got: string[] }[];
}

/**
 * benchSkills measures what a skill call adds over calling the backend RPC directly (the same
 * request, interleaved, every id distinct so no cache answers), both through the registry's Invoke
 * and in the caller's process with the registry's invoker and the definition it lists (the agent's
 * path), and the quality of skill Search on held-out questions whose right skill is labelled.
 */
export async function benchSkills(log: (s: string) => void, calls = 1_000): Promise<SkillsBenchResult> {
  const cluster = await startCluster({
    ports: "free",
    only: ["member-graph", "retrieval", "skill-registry"],
    env: { LOG_LEVEL: "warn" },
    serviceEnv: { "member-graph": { MEMBER_GRAPH_LATENCY_MS: "0", MEMBER_GRAPH_JITTER_MS: "0" } },
  });
  try {
    const jobs = serviceClient(JobService, cluster.address("member-graph"));
    const registry = serviceClient(SkillRegistryService, cluster.address("skill-registry"));
    const retrieval = serviceClient(RetrievalService, cluster.address("retrieval"));
    const id = (i: number) => `job-${String((i % 1_000) + 1).padStart(5, "0")}`;
    const { skill: jobDetails } = await registry.describe({ name: "job_details" });
    const invoker = new SkillInvoker({ endpoints: { "member-graph": cluster.address("member-graph") } });
    // Warming up on the ids measured later, through a copy whose results are not cached.
    const uncached = { ...clone(SkillDefinitionSchema, jobDetails!), cacheTtlS: 0 };
    const ctx = createHandlerContext({
      service: SkillRegistryService,
      method: SkillRegistryService.method.invoke,
      protocolName: "grpc",
      requestMethod: "POST",
      url: "/",
    });
    for (let i = 0; i < 200; i++) {
      await jobs.getJob({ jobId: id(i) });
      await registry.invoke({ skill: "web_search", argsJson: JSON.stringify({ query: `warm ${i}` }) });
      await invoker.invoke(uncached, { argsJson: JSON.stringify({ job_id: id(i) }), agent: "", maxResultTokens: 0 }, ctx);
    }
    const direct: number[] = [];
    const invoke: number[] = [];
    const inProcess: number[] = [];
    for (let i = 0; i < calls; i++) {
      let t0 = performance.now();
      await jobs.getJob({ jobId: id(i) });
      direct.push(performance.now() - t0);
      t0 = performance.now();
      await registry.invoke({ skill: "job_details", argsJson: JSON.stringify({ job_id: id(i) }) });
      invoke.push(performance.now() - t0);
      t0 = performance.now();
      await invoker.invoke(jobDetails!, { argsJson: JSON.stringify({ job_id: id(i) }), agent: "", maxResultTokens: 0 }, ctx);
      inProcess.push(performance.now() - t0);
    }
    const d = summarize(direct);
    const v = summarize(invoke);
    const p = summarize(inProcess);
    log("a skill call vs the backend RPC called directly (member-graph GetJob, no simulated latency)");
    log(
      table([
        ["", "p50", "p90", "p99"],
        ["direct GetJob", ms(d.p50), ms(d.p90), ms(d.p99)],
        ["Invoke job_details (registry RPC)", ms(v.p50), ms(v.p90), ms(v.p99)],
        ["  added", ms(v.p50 - d.p50), ms(v.p90 - d.p90), ms(v.p99 - d.p99)],
        ["  ratio", (v.p50 / d.p50).toFixed(2), (v.p90 / d.p90).toFixed(2), (v.p99 / d.p99).toFixed(2)],
        ["job_details in process (the agent's path)", ms(p.p50), ms(p.p90), ms(p.p99)],
        ["  added", ms(p.p50 - d.p50), ms(p.p90 - d.p90), ms(p.p99 - d.p99)],
        ["  ratio", (p.p50 / d.p50).toFixed(2), (p.p90 / d.p90).toFixed(2), (p.p99 / d.p99).toFixed(2)],
      ]),
    );

    for (let t = 0; ; t++) {
      const stats = await retrieval.stats({ index: "skills" });
      if (stats.documents >= 8n) break;
      if (t > 100) throw new Error("the skills index was not filled within 10 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    const questions = readFileSync(fileURLToPath(new URL("../../data/skill-search.jsonl", import.meta.url)), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { query: string; skill: string });
    let h1 = 0;
    let h3 = 0;
    const misses: SkillsBenchResult["misses"] = [];
    for (const q of questions) {
      const { hits } = await registry.search({ query: q.query, k: 3 });
      const names = hits.map((h) => h.name);
      if (names[0] === q.skill) h1++;
      if (names.includes(q.skill)) h3++;
      else misses.push({ query: q.query, want: q.skill, got: names });
    }
    log(`\nskill Search on ${questions.length} held-out questions: hit@1 ${(h1 / questions.length).toFixed(2)}, hit@3 ${(h3 / questions.length).toFixed(2)}`);
    for (const m of misses) log(`  miss: "${m.query}" wanted ${m.want}, got ${m.got.join(", ")}`);
    return {
      direct: d,
      invoke: v,
      inProcess: p,
      addedP50Ms: v.p50 - d.p50,
      addedP99Ms: v.p99 - d.p99,
      inProcessAddedP50Ms: p.p50 - d.p50,
      inProcessAddedP99Ms: p.p99 - d.p99,
      hitAt1: h1 / questions.length,
      hitAt3: h3 / questions.length,
      misses,
    };
  } finally {
    await cluster.stop();
  }
}
