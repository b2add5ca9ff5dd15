import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { GenerateResponseSchema, GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { createLogger, ExpiringCache, type ServiceBinding } from "@springboard/runtime";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAgents, prefetchArgs } from "../src/agents.js";
import { PlanStats } from "../src/plan-stats.js";
import type { AgentDeps } from "../src/run.js";
import { createAgentService } from "../src/server.js";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

// The planner answer arrives in pieces with a pause between calls, as a model streams it.
const PLAN_CHUNKS = [
  "thought: Read the job, the member and the company.\ncalls:\n  - skill: job_details\n    args:\n      job_id: job-00042\n",
  "  - skill: member_profile\n    args:\n      member_id: member-00001\n",
  "  - skill: job_details\n    args:\n      job_id: job-00042\n",
  "  - skill: company_profile\n    args:\n      company: Acme Robotics\n",
  "  - skill: member_profile\n    args:\n      member_ref: oops\n",
];

const AGENTS = loadAgents(fileURLToPath(new URL("../../agents", import.meta.url)));

/** agentClient serves the agent over in-memory fakes of its dependencies; options override the defaults. */
function agentClient(deps: Pick<AgentDeps, "generation" | "skills" | "retrieval"> & Partial<AgentDeps>) {
  const bindings: ServiceBinding[] = createAgentService({
    agents: AGENTS,
    logger: createLogger("agent-test", "silent"),
    skillTimeoutMs: 1_000,
    maxConcurrentSkills: 2,
    examples: 2,
    ...deps,
  });
  return createClient(AgentService, createRouterTransport(({ service }) => service(AgentService, bindings[0]!.impl as never)));
}

const schema = (props: Record<string, unknown>, required: string[]) => JSON.stringify({ type: "object", properties: props, required });

/** SKILLS are what the fake registries list: a job, a member and a company lookup. */
const SKILLS = [
  { name: "job_details", description: "Reads a job.", inputSchemaJson: schema({ job_id: { type: "string" } }, ["job_id"]) },
  { name: "member_profile", description: "Reads a member.", inputSchemaJson: schema({ member_id: { type: "string" } }, ["member_id"]) },
  { name: "company_profile", description: "Reads a company.", inputSchemaJson: schema({ company: { type: "string" } }, ["company"]) },
];

/** fakeRegistry lists SKILLS and answers Invoke with invoke. */
function fakeRegistry(invoke: (req: { skill: string; argsJson: string }) => { skill: string; resultYaml: string } | Promise<{ skill: string; resultYaml: string }>) {
  return createClient(SkillRegistryService, createRouterTransport(({ service }) => service(SkillRegistryService, { list: () => ({ skills: SKILLS }), invoke })));
}

/** scriptedGeneration answers the planner with plan and the generator with answer, one delta each, and shows seen every prompt. */
function scriptedGeneration(plan: string, answer: string, seen?: (role: ModelRole, prompt: string) => void) {
  return createClient(
    GenerationService,
    createRouterTransport(({ service }) =>
      service(GenerationService, {
        async *generate(req) {
          seen?.(req.role, req.messages.map((m) => m.content).join("\n"));
          yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: req.role === ModelRole.PLANNER ? plan : answer } } });
          yield create(GenerateResponseSchema, { body: { case: "done", value: { finishReason: "stop" } } });
        },
      }),
    ),
  );
}

/** noExamples is a retrieval service that finds nothing. */
const noExamples = () => createClient(RetrievalService, createRouterTransport(({ service }) => service(RetrievalService, { search: () => ({ hits: [] }) })));

describe("agent", () => {
  it("loads every shipped agent with skills and examples", () => {
    const agents = loadAgents(fileURLToPath(new URL("../../agents", import.meta.url)));
    assert.deepEqual([...agents.keys()].sort(), ["career_advice", "company_insights", "interview_prep", "job_fit", "post_takeaways"]);
    for (const a of agents.values()) {
      assert.ok(a.skills.length > 0, a.name);
      assert.ok(a.examples.length >= 2, a.name);
    }
  });

  it("dispatches each planned call while the plan is still streaming, once per distinct call", async () => {
    const invoked: { skill: string; at: number }[] = [];
    let planEndedAt = 0;
    const generation = createClient(
      GenerationService,
      createRouterTransport(({ service }) =>
        service(GenerationService, {
          async *generate(req) {
            if (req.role === ModelRole.PLANNER) {
              for (const chunk of PLAN_CHUNKS) {
                yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: chunk } } });
                await sleep(40);
              }
              planEndedAt = performance.now();
            } else {
              yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: "You match most of it." } } });
            }
            yield create(GenerateResponseSchema, { body: { case: "done", value: { finishReason: "stop" } } });
          },
        }),
      ),
    );
    const skills = fakeRegistry(async (req) => {
      invoked.push({ skill: req.skill, at: performance.now() });
      await sleep(5);
      return { skill: req.skill, resultYaml: `skill: ${req.skill}` };
    });
    const retrieval = noExamples();
    const stats = new PlanStats();
    // Without prefetching, so that every call here is one the streaming plan dispatched.
    const agent = agentClient({ generation, skills, retrieval, planStats: stats, prefetch: false });

    const events = [];
    for await (const res of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00042" } })) {
      events.push(res.event!.body);
    }
    assert.deepEqual(invoked.map((i) => i.skill), ["job_details", "member_profile", "company_profile"], "the duplicate job_details call ran once");
    assert.ok(invoked[0]!.at < planEndedAt - 100, `first call at ${invoked[0]!.at.toFixed(0)}, plan ended at ${planEndedAt.toFixed(0)}`);
    const finished = events.filter((b) => b.case === "skillCallFinished").map((b) => b.value as { skill: string; status: number });
    assert.equal(finished.length, 4);
    assert.equal(finished.filter((f) => f.status !== 1).length, 1, "the call with a wrong argument was reported, not made");
    const done = events.at(-1)!;
    assert.equal(done.case, "done");
    const stages = (done.value as { timings: { stage: string }[] }).timings.map((t) => t.stage);
    for (const s of ["plan", "skills", "retrieve", "generate", "skill:c1"]) assert.ok(stages.includes(s), `${s} in ${stages.join(", ")}`);
    assert.equal(stats.plans, 1);
    assert.equal(stats.invalidCalls, 1);
  });
});

describe("agent event batches", () => {
  const ONE_CALL = "calls:\n  - skill: job_details\n    args:\n      job_id: job-00042\n";
  const request = (batchEvents: boolean) => ({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00042" }, batchEvents });

  it("sends the events that are ready together in one message to a caller that reads batches, one per message otherwise", async () => {
    const skills = fakeRegistry(async (req) => {
      await sleep(5);
      return { skill: req.skill, resultYaml: `skill: ${req.skill}` };
    });
    const agent = agentClient({ generation: scriptedGeneration(ONE_CALL, "You match most of it."), skills, retrieval: noExamples(), prefetch: false });
    const single: string[] = [];
    for await (const res of agent.run(request(false))) {
      assert.equal(res.events.length, 0);
      single.push(res.event!.body.case!);
    }
    const batches: string[][] = [];
    for await (const res of agent.run(request(true))) {
      assert.equal(res.event, undefined);
      assert.ok(res.events.length > 0, "no empty message");
      batches.push(res.events.map((e) => e.body.case!));
    }
    assert.deepEqual(batches.flat(), single, "the same events, in the same order");
    assert.deepEqual(single, ["skillCallStarted", "skillCallFinished", "textStart", "textDelta", "textEnd", "done"]);
    assert.ok(batches.length < single.length, `${batches.length} messages for ${single.length} events`);
    // Events pushed in the same turn share a message: the text's start and its first delta, its end and done.
    const batchOf = (c: string) => batches.findIndex((b) => b.includes(c));
    assert.equal(batchOf("textStart"), batchOf("textDelta"));
    assert.equal(batchOf("textEnd"), batchOf("done"));
    // The first event still goes out alone, at once.
    assert.deepEqual(batches[0], ["skillCallStarted"]);
  });
});

describe("agent prefetch", () => {
  /** setup serves job_fit with a planner that starts writing after 60 ms, and records every skill call and the answer prompt. */
  function setup(plan: string, failFirst?: string) {
    const invoked: { skill: string; args: string; at: number }[] = [];
    const outcomes: string[] = [];
    let planAt = 0;
    let prompt = "";
    const generation = createClient(
      GenerationService,
      createRouterTransport(({ service }) =>
        service(GenerationService, {
          async *generate(req) {
            if (req.role === ModelRole.PLANNER) {
              await sleep(60);
              planAt = performance.now();
              yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: plan } } });
            } else {
              prompt = req.messages.map((m) => m.content).join("\n");
              yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: "An answer." } } });
            }
            yield create(GenerateResponseSchema, { body: { case: "done", value: { finishReason: "stop" } } });
          },
        }),
      ),
    );
    const skills = fakeRegistry((req) => {
      invoked.push({ skill: req.skill, args: req.argsJson, at: performance.now() });
      if (req.skill === failFirst && invoked.filter((i) => i.skill === failFirst).length === 1) throw new ConnectError("backend restarting", Code.Unavailable);
      return { skill: req.skill, resultYaml: `RESULT ${req.skill} ${req.argsJson}` };
    });
    const stats = new PlanStats(3, { repair() {}, unrecoverable() {}, skillCall() {}, prefetch: (skill, outcome) => outcomes.push(`${skill} ${outcome}`) });
    const agent = agentClient({ generation, skills, retrieval: noExamples(), planStats: stats });
    const run = async () => {
      const events = [];
      for await (const res of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00042" } })) events.push(res.event!.body);
      return events;
    };
    return { run, invoked, outcomes, planAt: () => planAt, prompt: () => prompt };
  }

  const JOB_AND_MEMBER = "calls:\n  - skill: job_details\n    args:\n      job_id: job-00042\n  - skill: member_profile\n    args:\n      member_id: member-00001\n";

  it("starts the calls its planner nearly always makes while the plan is written, and answers the planned calls with them", async () => {
    const t = setup(JOB_AND_MEMBER);
    const events = await t.run();
    assert.deepEqual(t.invoked.map((i) => `${i.skill} ${i.args}`).sort(), ['job_details {"job_id":"job-00042"}', 'member_profile {"member_id":"member-00001"}'], "each call made once");
    for (const i of t.invoked) assert.ok(i.at < t.planAt(), `${i.skill} called ${(t.planAt() - i.at).toFixed(0)} ms before the plan's first text`);
    const finished = events.filter((b) => b.case === "skillCallFinished").map((b) => (b.value as { skill: string; status: number }).status);
    assert.deepEqual(finished, [1, 1], "the planned calls are reported as made, and OK");
    assert.match(t.prompt(), /RESULT job_details/);
    assert.match(t.prompt(), /RESULT member_profile/);
    assert.deepEqual(t.outcomes.sort(), ["job_details used", "member_profile used"]);
  });

  it("keeps a prefetched result out of the answer when the plan does not ask for it", async () => {
    const t = setup("calls:\n  - skill: company_profile\n    args:\n      company: Acme Robotics\n");
    await t.run();
    assert.deepEqual(t.invoked.map((i) => i.skill).sort(), ["company_profile", "job_details", "member_profile"]);
    assert.match(t.prompt(), /RESULT company_profile/);
    assert.doesNotMatch(t.prompt(), /RESULT job_details|RESULT member_profile/);
    assert.deepEqual(t.outcomes.sort(), ["job_details unused", "member_profile unused"]);
  });

  it("makes the planned call again when its prefetch failed", async () => {
    const t = setup(JOB_AND_MEMBER, "job_details");
    const events = await t.run();
    assert.equal(t.invoked.filter((i) => i.skill === "job_details").length, 2);
    assert.match(t.prompt(), /RESULT job_details/);
    assert.ok(events.filter((b) => b.case === "skillCallFinished").every((b) => (b.value as { status: number }).status === 1));
  });

  it("fills a prefetch call's arguments from the turn, only for its kind of content", () => {
    const call = { when: "company", skill: "company_profile", args: { company: "{content.title}" } };
    const turn = { kind: "company", contentId: "company-0001", title: "Acme Robotics", memberId: "member-00001" };
    assert.deepEqual(prefetchArgs(call, turn), { company: "Acme Robotics" });
    assert.equal(prefetchArgs(call, { ...turn, kind: "job" }), undefined, "other content");
    assert.equal(prefetchArgs(call, { ...turn, title: "" }), undefined, "no title to fill in");
    assert.deepEqual(prefetchArgs({ skill: "member_profile", args: { member_id: "{member_id}" } }, { ...turn, kind: "none" }), { member_id: "member-00001" });
  });

  it("refuses an agent whose prefetch names a skill it may not call or an unknown placeholder", () => {
    const write = (prefetch: string) => {
      const dir = mkdtempSync(join(tmpdir(), "agents-"));
      mkdirSync(join(dir, "a"));
      writeFileSync(join(dir, "a", "agent.yaml"), `name: a\ndescription: d\ninstructions: i\nskills: [job_details]\nprefetch:\n${prefetch}\nexamples: []\n`);
      return dir;
    };
    assert.throws(() => loadAgents(write('  - { skill: web_search, args: { query: "x" } }')), /a\/agent\.yaml: prefetch 1: skill "web_search" is not one of the agent's skills/);
    assert.throws(() => loadAgents(write('  - { skill: job_details, args: { job_id: "{job}" } }')), /prefetch 1: \{job\} is not one of/);
    assert.throws(() => loadAgents(write('  - { when: article, skill: job_details, args: { job_id: "{content.id}" } }')), /when "article"/);
    assert.deepEqual(loadAgents(write('  - { when: job, skill: job_details, args: { job_id: "{content.id}" } }')).get("a")!.prefetch, [
      { when: "job", skill: "job_details", args: { job_id: "{content.id}" } },
    ]);
  });
});

describe("agent skill catalogue", function () {
  this.timeout(10_000);
  it("keeps planning with the skills listed before while the registry is unreachable, and asks again a TTL later", async () => {
    const plannerPrompts: string[] = [];
    const generation = scriptedGeneration(PLAN_CHUNKS[0]!, "Here is what I found.", (role, prompt) => {
      if (role === ModelRole.PLANNER) plannerPrompts.push(prompt);
    });
    let lists = 0;
    let registryUp = true;
    const skills = createClient(
      SkillRegistryService,
      createRouterTransport(({ service }) =>
        service(SkillRegistryService, {
          list: () => {
            lists++;
            if (!registryUp) throw new ConnectError("connection refused", Code.Unavailable);
            return { skills: [{ name: "job_details", description: "Reads a job.", inputSchemaJson: schema({ job_id: { type: "string" } }, ["job_id"]) }] };
          },
          invoke: (req) => ({ skill: req.skill, resultYaml: "title: Engineer" }),
        }),
      ),
    );
    const retrieval = noExamples();
    const agent = agentClient({ generation, skills, retrieval, examples: 0 });
    const turn = async () => {
      const started: string[] = [];
      let done = false;
      for await (const res of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00042" } })) {
        if (res.event?.body.case === "skillCallStarted") started.push(res.event.body.value.skill);
        if (res.event?.body.case === "done") done = true;
      }
      return { started, done };
    };

    assert.deepEqual(await turn(), { started: ["job_details"], done: true });
    registryUp = false;
    await sleep(1_100);
    // Three turns at once after the TTL: one List between them, which fails.
    const turns = await Promise.all([turn(), turn(), turn()]);
    for (const t of turns) assert.deepEqual(t, { started: ["job_details"], done: true });
    assert.equal(lists, 2, "one List for the first turn, one shared by the three");
    assert.ok(plannerPrompts.every((p) => p.includes("job_details")), "every plan was offered the skill");
    await turn();
    assert.equal(lists, 2, "a failed List is not retried on every turn");
    registryUp = true;
    await sleep(1_100);
    await turn();
    assert.equal(lists, 3);
  });

  it("refreshes the list past half its TTL while turns go on with the one they have", async () => {
    const plannerPrompts: string[] = [];
    const generation = scriptedGeneration("calls: []\n", "An answer.", (role, prompt) => {
      if (role === ModelRole.PLANNER) plannerPrompts.push(prompt);
    });
    let lists = 0;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const skills = createClient(
      SkillRegistryService,
      createRouterTransport(({ service }) =>
        service(SkillRegistryService, {
          list: async () => {
            // The second List hangs until released, and then lists one more skill.
            if (++lists === 1) return { skills: SKILLS.slice(0, 1) };
            await released;
            return { skills: SKILLS.slice(0, 2) };
          },
        }),
      ),
    );
    const agent = agentClient({ generation, skills, retrieval: noExamples(), examples: 0, prefetch: false });
    const turn = async () => {
      for await (const _ of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?" }));
      return "answered";
    };

    await turn();
    await sleep(600);
    const waited = sleep(3_000).then(() => "waited for the List");
    assert.equal(await Promise.race([turn(), waited]), "answered", "the turn did not wait for the refresh");
    assert.equal(lists, 2, "the refresh was asked for");
    assert.ok(!plannerPrompts[1]!.includes("member_profile"), "that turn planned with the list it had");
    release();
    await sleep(10);
    await turn();
    assert.equal(lists, 2, "the refreshed list is fresh: no further List");
    assert.ok(plannerPrompts[2]!.includes("member_profile"), "the next turn plans with the refreshed list");
  });

  it("fails a turn with the registry's error when it has never listed the skills", async () => {
    const generation = scriptedGeneration("calls: []\n", "An answer.");
    const skills = createClient(
      SkillRegistryService,
      createRouterTransport(({ service }) =>
        service(SkillRegistryService, {
          list: () => {
            throw new ConnectError("connection refused", Code.Unavailable);
          },
        }),
      ),
    );
    const retrieval = noExamples();
    const agent = agentClient({ generation, skills, retrieval, examples: 0 });
    await assert.rejects(
      (async () => {
        for await (const _ of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?" }));
      })(),
      (e: ConnectError) => e.code === Code.Unavailable,
    );
  });
});

describe("agent cancelled mid-plan", () => {
  it("leaves no skill call's rejection unhandled when the caller goes away", async () => {
    const unhandled: unknown[] = [];
    const record = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", record);
    try {
      let invoked = 0;
      const generation = createClient(
        GenerationService,
        createRouterTransport(({ service }) =>
          service(GenerationService, {
            async *generate(_req, ctx) {
              for (const chunk of PLAN_CHUNKS.slice(0, 2)) yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: chunk } } });
              await sleep(1_000, ctx.signal);
            },
          }),
        ),
      );
      const skills = createClient(
        SkillRegistryService,
        createRouterTransport(({ service }) =>
          service(SkillRegistryService, {
            list: () => ({ skills: [{ name: "job_details", description: "Reads a job.", inputSchemaJson: schema({ job_id: { type: "string" } }, ["job_id"]) }] }),
            async invoke(_req, ctx) {
              invoked++;
              await sleep(1_000, ctx.signal);
              return {};
            },
          }),
        ),
      );
      const retrieval = noExamples();
      const agent = agentClient({ generation, skills, retrieval, skillTimeoutMs: 5_000, examples: 0 });
      const gone = new AbortController();
      const run = (async () => {
        for await (const res of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00042" } }, { signal: gone.signal })) {
          if (res.event?.body.case === "skillCallStarted") gone.abort();
        }
      })();
      await assert.rejects(run);
      await sleep(100);
      assert.equal(invoked, 1, "the call was under way when the caller left");
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});

describe("agent examples", () => {
  it("retrieves an agent's examples for a question once while cached, and puts them in the answer prompt", async () => {
    const searches: string[] = [];
    let loaded = false;
    const prompts: string[] = [];
    const generation = scriptedGeneration("calls: []\n", "An answer.", (role, prompt) => {
      if (role === ModelRole.GENERATOR) prompts.push(prompt);
    });
    const skills = createClient(SkillRegistryService, createRouterTransport(({ service }) => service(SkillRegistryService, { list: () => ({ skills: [] }) })));
    const retrieval = createClient(
      RetrievalService,
      createRouterTransport(({ service }) =>
        service(RetrievalService, {
          search: (req) => {
            searches.push(req.query);
            const payloadJson = JSON.stringify({ question: "Do I fit?", answer: "EXAMPLE-ANSWER-17" });
            return { hits: loaded ? [{ id: "e1", score: 0.9, text: "Do I fit?", payloadJson }] : [] };
          },
        }),
      ),
    );
    const agent = agentClient({ generation, skills, retrieval, examplesCache: new ExpiringCache(60_000, 100) });
    const ask = async (question: string) => {
      for await (const _ of agent.run({ agent: "job_fit", memberId: "member-00001", question, context: { kind: ContentKind.JOB, id: "job-00042" } }));
    };
    await ask("Am I a fit?");
    loaded = true;
    await ask("Am I a fit?");
    await ask("Am I a fit?");
    await ask("Should I apply?");
    assert.deepEqual(searches, ["Am I a fit?", "Am I a fit?", "Should I apply?"], "none found is asked again; found is kept");
    assert.deepEqual(prompts.map((p) => p.includes("EXAMPLE-ANSWER-17")), [false, true, true, true]);
  });

  it("sends the plan request before it searches for examples, which only the answer needs", async () => {
    const order: string[] = [];
    const generation = scriptedGeneration("calls: []\n", "An answer.", (role) => order.push(role === ModelRole.PLANNER ? "plan" : "answer"));
    const skills = createClient(SkillRegistryService, createRouterTransport(({ service }) => service(SkillRegistryService, { list: () => ({ skills: [] }) })));
    const retrieval = createClient(
      RetrievalService,
      createRouterTransport(({ service }) =>
        service(RetrievalService, {
          search: () => {
            order.push("examples");
            return { hits: [] };
          },
        }),
      ),
    );
    const agent = agentClient({ generation, skills, retrieval });
    for await (const _ of agent.run({ agent: "job_fit", memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00042" } }));
    assert.deepEqual(order, ["plan", "examples", "answer"]);
  });
});

describe("PlanStats", () => {
  it("turns the most frequent repairs into prompt hints", () => {
    const s = new PlanStats(2);
    assert.equal(s.hints().length, 2, "baseline hints before any data");
    s.repaired(["fence", "chatter"]);
    s.repaired(["fence"]);
    s.repaired(["tab", "tab", "fence"]);
    assert.deepEqual(s.byKind()[0], ["fence", 3]);
    assert.match(s.hints()[0]!, /fences/);
    s.unrecoverable("prose");
    assert.equal(s.unreadable, 1);
  });
});
