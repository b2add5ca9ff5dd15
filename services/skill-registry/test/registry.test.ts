import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { freePort, startRedis, type LocalRedis } from "@springboard/cluster";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { serviceClient, startService, type RunningService } from "@springboard/runtime";
import { Redis } from "ioredis";
import { registerSkillFile } from "../src/client.js";
import { createSkillRegistry, type SkillRegistry } from "../src/server.js";
import { SKILLS_DIR } from "./definitions.test.js";
import { quiet, startFakeMemberGraph, startFakeRetrieval } from "./fakes.js";

type Registry = Client<typeof SkillRegistryService>;

async function rejects(p: Promise<unknown>, code: Code, message: RegExp): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    const ce = ConnectError.from(e);
    assert.equal(Code[ce.code], Code[code], ce.message);
    assert.match(ce.rawMessage, message);
    return ce;
  }
  assert.fail(`expected ${Code[code]}`);
}

const shipped = (name: string) => readFileSync(join(SKILLS_DIR, `${name}.yaml`), "utf8");

/** variant is job_details under another name, endpoint and timeout, without cache. */
const variant = (name: string, endpoint: string, timeoutMs: number) =>
  shipped("job_details").replace("name: job_details", `name: ${name}`).replace("endpoint: member-graph", `endpoint: ${endpoint}`).replace("timeout_ms: 2000", `timeout_ms: ${timeoutMs}`).replace("cache_ttl_s: 60", "cache_ttl_s: 0");

describe("skill registry over gRPC", function () {
  this.timeout(20_000);
  let redisServer: LocalRedis;
  let backend: Awaited<ReturnType<typeof startFakeMemberGraph>>;
  let retrieval: Awaited<ReturnType<typeof startFakeRetrieval>>;
  const connections: Redis[] = [];
  const registries: SkillRegistry[] = [];
  const servers: RunningService[] = [];
  let client: Registry;
  let replica: Registry;

  const startReplica = async (opts: { retrievalAddress?: string } = {}) => {
    const redis = new Redis(redisServer.url);
    connections.push(redis);
    const registry = await createSkillRegistry({
      redis,
      endpoints: { "member-graph": backend.address, offline: `127.0.0.1:${await freePort()}` },
      retrieval: opts.retrievalAddress ? serviceClient(RetrievalService, opts.retrievalAddress) : undefined,
      logger: quiet(),
    });
    registries.push(registry);
    await registry.loadBuiltins(SKILLS_DIR);
    const server = await startService({ name: "skill-registry", port: 0, services: registry.services, logger: quiet() });
    servers.push(server);
    return { registry, server, client: serviceClient(SkillRegistryService, server.address) };
  };

  before(async () => {
    redisServer = await startRedis();
    backend = await startFakeMemberGraph();
    retrieval = await startFakeRetrieval();
    client = (await startReplica({ retrievalAddress: retrieval.address })).client;
    replica = (await startReplica({ retrievalAddress: retrieval.address })).client;
  });

  after(async () => {
    for (const s of servers) await s.close(0);
    for (const r of registries) await r.close();
    for (const c of connections) c.disconnect();
    await backend?.close(0);
    await retrieval?.close(0);
    await redisServer?.stop();
  });

  it("registers the shipped skills at start, idempotently across replicas", async () => {
    const { skills } = await client.list({});
    assert.deepEqual(
      skills.map((s) => [s.name, s.version]),
      ["company_profile", "course_search", "job_details", "member_profile", "people_search", "post_details", "skill_insights", "web_search"].map((n) => [n, 1]),
    );
    const indexed = [...(retrieval.docs.get("skills")?.keys() ?? [])];
    assert.equal(new Set(indexed.map((id) => id.split("#")[0])).size, 8, "every shipped skill is indexed");
    assert.ok(indexed.some((id) => id === "job_details#1"), "example questions are indexed on their own");
  });

  it("registers, describes, lists with filters, and versions changes", async () => {
    const yaml = variant("team_job", "member-graph", 1500).replace("tags: [jobs]", "tags: [jobs, team]").replace("agents: []", "agents: [job_fit]");
    const first = await client.register({ source: { case: "yaml", value: yaml } });
    assert.equal(first.changed, true);
    assert.equal(first.skill?.version, 1);

    const again = await client.register({ source: { case: "yaml", value: yaml } });
    assert.equal(again.changed, false);
    assert.equal(again.skill?.version, 1);

    const described = await client.describe({ name: "team_job" });
    assert.equal(described.skill?.binding?.target.case, "grpc");
    assert.equal(JSON.parse(described.skill!.inputSchemaJson).required[0], "job_id");

    const changed = await client.register({ source: { case: "definition", value: { ...described.skill!, timeoutMs: 1800 } } });
    assert.equal(changed.changed, true);
    assert.equal(changed.skill?.version, 2);
    assert.equal((await replica.describe({ name: "team_job" })).skill?.version, 2);

    const names = async (agent: string, tag: string) => (await client.list({ agent, tag })).skills.map((s) => s.name);
    assert.deepEqual(await names("", "team"), ["team_job"]);
    assert.ok((await names("job_fit", "jobs")).includes("team_job"));
    assert.deepEqual(await names("company_insights", "jobs"), ["job_details"]);
    assert.equal((await names("company_insights", "")).length, 8);
  });

  it("refuses invalid definitions with messages that say what to fix", async () => {
    const reg = (yaml: string) => client.register({ source: { case: "yaml", value: yaml } });
    await rejects(reg(shipped("job_details").replace("type: string\n      minLength: 1", "type: object\n      minLength: 1")), Code.InvalidArgument, /input_schema\.properties\.job_id\.type is "object"; use string, integer, number, boolean/);
    await rejects(reg(shipped("job_details").replace("JobService", "JobsService")), Code.InvalidArgument, /"springboard\.membergraph\.v1\.JobsService" is not a service in proto\/ \(did you mean springboard\.membergraph\.v1\.JobService\?\)/);
    await rejects(reg(shipped("job_details").replace("method: GetJob", "method: ReadJob")), Code.InvalidArgument, /"ReadJob" is not a method of springboard\.membergraph\.v1\.JobService; methods: GetJob, SearchJobs/);
    await rejects(reg(shipped("job_details").replace("location: job.location", "location: job.city")), Code.InvalidArgument, /mapping\.output\.location: path "job\.city" is wrong: .*has no field "city"; fields: id, title/);
    await rejects(reg("name: [unclosed"), Code.InvalidArgument, /not valid YAML/);
    await rejects(client.register({}), Code.InvalidArgument, /send the skill as definition/);
    assert.equal((await client.describe({ name: "job_details" })).skill?.version, 1, "a refused definition leaves the stored one alone");
  });

  it("invokes a gRPC skill and returns compact YAML, JSON and entities", async () => {
    const res = await client.invoke({ skill: "job_details", argsJson: '{"job_id":"job-00042"}', agent: "job_fit" });
    assert.equal(res.version, 1);
    assert.match(res.resultYaml, /^id: job-00042\ntitle: Senior Accessibility Engineer\ncompany: Acme Robotics\n/);
    assert.match(res.resultYaml, /salary: 70000-90000 EUR/);
    assert.match(res.resultYaml, /remote: true/);
    assert.equal(JSON.parse(res.resultJson).skills.length, 3);
    assert.deepEqual(res.repairs, []);
    assert.equal(res.truncated, false);
    assert.equal(res.entities.length, 2);
    const [job, company] = res.entities;
    assert.equal(job?.entity.case, "job");
    assert.ok(job?.entity.case === "job");
    const { id, title, company: companyName, location, url } = job.entity.value;
    assert.deepEqual({ id, title, companyName, location, url }, {
      id: "job-00042", title: "Senior Accessibility Engineer", companyName: "Acme Robotics", location: "Lisbon",
      url: "https://www.springboard.example/jobs/job-00042",
    });
    assert.equal(company?.entity.case === "company" && company.entity.value.url, "https://www.springboard.example/company/company-0007");
  });

  it("invokes list skills, HTTP skills and conditional outputs", async () => {
    const people = await client.invoke({ skill: "people_search", argsJson: '{"keywords":"accessibility","company":"Acme Robotics"}' });
    assert.deepEqual(JSON.parse(people.resultJson), {
      members: [{ id: "member-00017", name: "Ana Costa", headline: "Accessibility engineer at Acme Robotics", location: "Lisbon", current_role: "Accessibility Engineer at Acme Robotics" }],
    });
    assert.ok(backend.calls.includes("SearchPeople accessibility|Acme Robotics|5"), "the default limit is sent as pageSize");
    assert.equal(people.entities[0]?.entity.case === "member" && people.entities[0].entity.value.url, "https://www.springboard.example/in/member-00017");

    const web = await client.invoke({ skill: "web_search", argsJson: '{"query":"Acme Robotics","freshness":"Month"}' });
    assert.deepEqual(web.repairs, ["enum:freshness Month->month"]);
    assert.ok(backend.calls.includes("websearch Acme Robotics|month"));
    assert.match(web.resultYaml, /^results:\n- title: Acme Robotics raises Series B\n/);
    assert.equal(web.entities.length, 2);
    assert.equal(web.entities[0]?.entity.case === "article" && web.entities[0].entity.value.author, "Example News");

    const plain = JSON.parse((await client.invoke({ skill: "skill_insights", argsJson: '{"skill":"rust"}' })).resultJson);
    assert.deepEqual(plain, { name: "Rust", category: "programming", related: ["C++", "WebAssembly"], demand_index: 140 });
    const trends = JSON.parse((await client.invoke({ skill: "skill_insights", argsJson: '{"skill":"rust","include_trends":true}' })).resultJson);
    assert.equal(trends.demand_trend_pct, 23.5);
  });

  it("repairs aliased and mistyped arguments and lists the repairs", async () => {
    const res = await client.invoke({ skill: "people_search", argsJson: '{"Keywords":"engineer","LIMIT":"2","team":"x"}' });
    assert.deepEqual(res.repairs, ["alias:Keywords->keywords", "alias:LIMIT->limit", "drop:team unknown argument", "coerce:limit string->integer"]);
    assert.equal(JSON.parse(res.resultJson).members.length, 2);
    const job = await client.invoke({ skill: "job_details", argsJson: '{"jobId":"job-00042"}' });
    assert.deepEqual(job.repairs, ["alias:jobId->job_id"]);
  });

  it("refuses bad arguments, naming them", async () => {
    await rejects(client.invoke({ skill: "job_details", argsJson: "{}" }), Code.InvalidArgument, /skill job_details: missing required argument job_id/);
    await rejects(client.invoke({ skill: "people_search", argsJson: '{"keywords":"x","limit":"lots"}' }), Code.InvalidArgument, /argument limit must be integer/);
    await rejects(client.invoke({ skill: "job_details", argsJson: "{job_id: job-1" }), Code.InvalidArgument, /args_json is not valid JSON/);
  });

  it("answers NOT_FOUND for an unknown skill and passes the backend's NOT_FOUND through", async () => {
    await rejects(client.invoke({ skill: "job_detail", argsJson: "{}" }), Code.NotFound, /no skill named "job_detail"; registered skills: .*job_details/);
    await rejects(client.describe({ name: "nope" }), Code.NotFound, /no skill named "nope"/);
    await rejects(client.invoke({ skill: "job_details", argsJson: '{"job_id":"job-99999"}' }), Code.NotFound, /^no job with id job-99999$/);
  });

  it("refuses an agent the skill does not allow", async () => {
    await client.register({ source: { case: "yaml", value: variant("fit_only_job", "member-graph", 1000).replace("agents: []", "agents: [job_fit]") } });
    await rejects(client.invoke({ skill: "fit_only_job", argsJson: '{"job_id":"job-00042"}', agent: "career_advice" }), Code.PermissionDenied, /agent "career_advice" may not call skill fit_only_job; allowed agents: job_fit/);
    const ok = await client.invoke({ skill: "fit_only_job", argsJson: '{"job_id":"job-00042"}', agent: "job_fit" });
    assert.equal(ok.skill, "fit_only_job");
  });

  it("answers UNAVAILABLE when the backend is down", async () => {
    await client.register({ source: { case: "yaml", value: variant("offline_job", "offline", 1000) } });
    await rejects(client.invoke({ skill: "offline_job", argsJson: '{"job_id":"job-00042"}' }), Code.Unavailable, /^offline unavailable: /);
  });

  it("answers DEADLINE_EXCEEDED within the skill's timeout when the backend is slow", async () => {
    await client.register({ source: { case: "yaml", value: variant("slow_job", "member-graph", 300) } });
    const started = Date.now();
    await rejects(client.invoke({ skill: "slow_job", argsJson: '{"job_id":"job-slow"}' }), Code.DeadlineExceeded, /^skill slow_job did not answer within 300 ms$/);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 1_500, `answered after ${elapsed} ms`);
  });

  it("caches results per skill version and arguments, and caps them to the token budget", async () => {
    const args = '{"keywords":"engineer","limit":4}';
    const first = await client.invoke({ skill: "people_search", argsJson: args });
    const second = await client.invoke({ skill: "people_search", argsJson: '{"limit":"4","keywords":"engineer"}' });
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.equal(second.resultJson, first.resultJson);
    const small = await client.invoke({ skill: "people_search", argsJson: args, maxResultTokens: 40 });
    assert.equal(small.truncated, true);
    assert.ok(small.resultYaml.length <= 160, small.resultYaml);
    assert.ok(JSON.parse(small.resultJson).members.length < JSON.parse(first.resultJson).members.length);
  });

  it("makes a skill registered at run time usable at once on every replica, and Remove takes it out", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skills-"));
    try {
      const file = join(dir, "acme_job.yaml");
      writeFileSync(file, variant("acme_job", "member-graph", 2000));
      const res = await registerSkillFile(file, servers[0]!.address);
      assert.equal(res.skill?.name, "acme_job");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.ok((await client.list({})).skills.some((s) => s.name === "acme_job"));
    await waitFor(async () => (await replica.list({})).skills.some((s) => s.name === "acme_job"), 500);
    const res = await replica.invoke({ skill: "acme_job", argsJson: '{"job_id":"job-00042"}' });
    assert.match(res.resultYaml, /title: Senior Accessibility Engineer/);

    assert.deepEqual(await client.remove({ name: "acme_job" }), { $typeName: "springboard.skills.v1.RemoveResponse", removed: true });
    assert.equal((await client.remove({ name: "acme_job" })).removed, false);
    await rejects(client.invoke({ skill: "acme_job", argsJson: '{"job_id":"job-00042"}' }), Code.NotFound, /no skill named "acme_job"/);
    await waitFor(async () => !(await replica.list({})).skills.some((s) => s.name === "acme_job"), 500);
    await rejects(replica.describe({ name: "acme_job" }), Code.NotFound, /no skill named/);
    assert.equal(await connections[0]!.exists("skills:def:acme_job"), 0);
    assert.equal(await connections[0]!.sismember("skills:index", "acme_job"), 0);

    const back = await client.register({ source: { case: "yaml", value: variant("acme_job", "member-graph", 2000) } });
    assert.equal(back.skill?.version, 2, "versions keep rising across a removal");
  });

  it("searches skills by meaning through the retrieval service", async () => {
    const { hits } = await client.search({ query: "find people who work at a company", k: 3 });
    assert.equal(hits[0]?.name, "people_search");
    assert.ok(hits.length <= 3 && hits.every((h) => h.score > 0 && h.score <= 1 && h.description.length >= 20));
    const filtered = await client.search({ query: "job listing salary", agent: "career_advice", k: 10 });
    assert.ok(!filtered.hits.some((h) => h.name === "fit_only_job" || h.name === "team_job"), "skills the agent may not call are left out");
    await rejects(client.search({ query: "x", k: 80 }), Code.InvalidArgument, /k is 80; ask for 1 to 50/);
  });

  it("answers UNAVAILABLE for Search when retrieval is down, and still starts and invokes", async () => {
    const down = await startReplica({ retrievalAddress: `127.0.0.1:${await freePort()}` });
    assert.equal(down.registry.index.pendingCount, 8, "built-ins wait to be indexed");
    await rejects(down.client.search({ query: "people at a company" }), Code.Unavailable, /^retrieval unavailable: /);
    const res = await down.client.invoke({ skill: "job_details", argsJson: '{"job_id":"job-00042"}' });
    assert.match(res.resultYaml, /job-00042/);
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) assert.fail("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
