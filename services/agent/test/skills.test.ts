import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createHandlerContext, createRouterTransport, type HandlerContext } from "@connectrpc/connect";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { JobService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { InvokeResponseSchema, SkillRegistryService, type InvokeRequest } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { bind, createLogger, requestIdKey, REQUEST_ID_HEADER, startService, type RunningService } from "@springboard/runtime";
import { parseSkillYaml } from "@springboard/skill-registry";
import { SkillCalls } from "../src/skills.js";

const JOB_DETAILS = readFileSync(fileURLToPath(new URL("../../../skill-registry/skills/job_details.yaml", import.meta.url)), "utf8");

/** definition is the shipped job_details skill, changed by edits to its YAML text. */
const definition = (version: number, edit: (yaml: string) => string = (y) => y) => {
  const def = parseSkillYaml(edit(JOB_DETAILS));
  def.version = version;
  return def;
};

const turn = (timeoutMs?: number): HandlerContext => {
  const values = createHandlerContext({ service: AgentService, method: AgentService.method.run, protocolName: "grpc", requestMethod: "POST", url: "/" }).values;
  values.set(requestIdKey, "req-7");
  return createHandlerContext({
    service: AgentService,
    method: AgentService.method.run,
    protocolName: "grpc",
    requestMethod: "POST",
    url: "/",
    timeoutMs,
    contextValues: values,
  });
};

describe("agent skill calls", function () {
  this.timeout(10_000);
  let backend: RunningService;
  const seen: { jobId: string; requestId: string | null }[] = [];
  const registryCalls: { req: InvokeRequest; timeoutMs: number | undefined }[] = [];
  const registry = createClient(
    SkillRegistryService,
    createRouterTransport(({ service }) =>
      service(SkillRegistryService, {
        invoke(req, ctx) {
          registryCalls.push({ req, timeoutMs: ctx.timeoutMs() });
          return create(InvokeResponseSchema, { skill: req.skill, resultYaml: "from: registry" });
        },
      }),
    ),
  );

  before(async () => {
    backend = await startService({
      name: "jobs",
      port: 0,
      logger: createLogger("test", "silent"),
      services: [
        bind(JobService, {
          async getJob(req, ctx) {
            seen.push({ jobId: req.jobId, requestId: ctx.requestHeader.get(REQUEST_ID_HEADER) });
            if (req.jobId === "job-slow") {
              await new Promise((r) => setTimeout(r, 3_000));
              return {};
            }
            if (req.jobId !== "job-00042") throw new ConnectError(`no job with id ${req.jobId}`, Code.NotFound);
            return {
              job: { id: "job-00042", title: "Accessibility Engineer", companyId: "company-0007", companyName: "Acme Robotics", location: "Lisbon", salary: { currency: "EUR", min: 70_000, max: 90_000 } },
            };
          },
        }),
      ],
    });
  });

  after(async () => {
    await backend?.close(0);
  });

  beforeEach(() => {
    seen.length = 0;
    registryCalls.length = 0;
  });

  it("invokes a skill whose backend the agent reaches in its own process, as the registry would", async () => {
    const calls = new SkillCalls(registry, { endpoints: { "member-graph": backend.address }, timeoutMs: 1_000 });
    const def = definition(1);
    assert.equal(calls.local(def), true);
    const res = await calls.invoke(def, '{"job_id": "job-00042"}', "job_fit", turn());
    assert.equal(registryCalls.length, 0, "the registry was not asked");
    assert.deepEqual(seen, [{ jobId: "job-00042", requestId: "req-7" }], "the backend got the call, with the turn's request id");
    assert.match(res.resultYaml, /title: Accessibility Engineer/);
    assert.match(res.resultYaml, /salary: 70000-90000 EUR/);
    assert.deepEqual(res.entities.map((e) => e.entity.case), ["job", "company"]);
    await assert.rejects(calls.invoke(def, '{"job_id": "job-00099"}', "job_fit", turn()), (e: ConnectError) => e.code === Code.NotFound && /no job with id job-00099/.test(e.rawMessage));
    await assert.rejects(calls.invoke(def, '{"limit": 3}', "job_fit", turn()), (e: ConnectError) => e.code === Code.InvalidArgument && /job_id/.test(e.rawMessage));
  });

  it("sends a skill whose backend it cannot reach through the registry's Invoke, with the skill timeout", async () => {
    const calls = new SkillCalls(registry, { endpoints: { "member-graph": backend.address }, timeoutMs: 800 });
    const elsewhere = definition(1, (y) => y.replace("endpoint: member-graph", "endpoint: billing"));
    assert.equal(calls.local(elsewhere), false);
    const res = await calls.invoke(elsewhere, '{"job_id": "job-00042"}', "job_fit", turn(5_000));
    assert.equal(res.resultYaml, "from: registry");
    assert.equal(registryCalls.length, 1);
    assert.equal(registryCalls[0]!.req.skill, "job_details");
    assert.equal(registryCalls[0]!.req.agent, "job_fit");
    assert.ok(registryCalls[0]!.timeoutMs! <= 800, `the registry got ${registryCalls[0]!.timeoutMs} ms`);
    assert.equal(seen.length, 0);

    const registryOnly = new SkillCalls(registry, { timeoutMs: 800 });
    assert.equal(registryOnly.local(definition(1)), false, "no endpoints: every skill goes to the registry");
    await registryOnly.invoke(definition(1), '{"job_id": "job-00042"}', "job_fit", turn());
    assert.equal(registryCalls.length, 2);
  });

  it("holds a local call to the agent's skill timeout when the skill allows longer", async () => {
    const calls = new SkillCalls(registry, { endpoints: { "member-graph": backend.address }, timeoutMs: 150 });
    const started = performance.now();
    await assert.rejects(
      calls.invoke(definition(1), '{"job_id": "job-slow"}', "job_fit", turn()),
      (e: ConnectError) => e.code === Code.DeadlineExceeded && e.rawMessage === "skill job_details did not answer within 150 ms",
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 140 && elapsed < 1_500, `answered after ${elapsed} ms`);
  });

  it("uses a changed definition at once, not what it compiled or cached for the older version", async () => {
    const calls = new SkillCalls(registry, { endpoints: { "member-graph": backend.address }, timeoutMs: 1_000 });
    const v1 = definition(1);
    calls.listed([v1]);
    assert.match((await calls.invoke(v1, '{"job_id": "job-00042"}', "job_fit", turn())).resultYaml, /^id: job-00042/m);
    const v2 = definition(2, (y) => y.replace("    id: job.id\n", "    job_ref: job.id\n").replace("      minLength: 1\n", () => "      minLength: 1\n      pattern: '^job-[0-9]+$'\n"));
    calls.listed([v2]);
    const res = await calls.invoke(v2, '{"job_id": "job-00042"}', "job_fit", turn());
    assert.match(res.resultYaml, /^job_ref: job-00042/m);
    assert.equal(res.cached, false, "v1's cached result was not served for v2");
    await assert.rejects(calls.invoke(v2, '{"job_id": "00042"}', "job_fit", turn()), (e: ConnectError) => e.code === Code.InvalidArgument, "v2's schema applies");
  });
});
