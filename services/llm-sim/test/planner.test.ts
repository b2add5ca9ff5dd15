import assert from "node:assert/strict";
import { plannerPrompt } from "@springboard/prompts";
import YAML from "yaml";
import { SKILLS } from "./fixtures.js";
import { MALFORMATIONS, malform, plan, plannerAnswer, renderPlan } from "../src/planner.js";


function userOf(question: string, content: { kind: string; id: string; title: string }, skills = SKILLS): string {
  const messages = plannerPrompt({ agent: "job_fit", agentInstructions: "", question, content, memberId: "member-00017", skills, history: [], hints: [] });
  return messages[1]!.content;
}

describe("llm-sim planner", () => {
  it("plans by content kind and question", () => {
    const company = plan(userOf("Who works at this company as a designer, and what is the latest news?", { kind: "company", id: "company-0042", title: "Acme Robotics" }));
    assert.deepEqual(company.calls.map((c) => c.skill), ["company_profile", "people_search", "web_search"]);
    assert.equal(company.calls[0]!.args.company, "Acme Robotics");
    assert.equal(company.calls[1]!.args.company, "Acme Robotics");
    assert.match(String(company.calls[1]!.args.keywords), /designer/);
    assert.equal(company.calls[2]!.args.freshness, "week");

    const post = plan(userOf("Is Rust in demand?", { kind: "post", id: "post-7", title: "Why we moved to Rust" }));
    assert.deepEqual(post.calls, [
      { skill: "post_details", args: { post_id: "post-7" } },
      { skill: "skill_insights", args: { skill: "Rust", include_trends: true } },
    ]);

    const profile = plan(userOf("What should I learn next?", { kind: "profile", id: "member-00099", title: "Jo Doe" }));
    assert.deepEqual(profile.calls.map((c) => c.skill), ["member_profile", "course_search"]);
  });

  it("uses only the skills listed", () => {
    const p = plan(userOf("Am I a good fit?", { kind: "job", id: "job-1", title: "Engineer" }, SKILLS.slice(1, 2)));
    assert.deepEqual(p.calls, [{ skill: "job_details", args: { job_id: "job-1" } }]);
    const none = plan(userOf("Hello", { kind: "none", id: "", title: "" }));
    assert.deepEqual(YAML.parse(renderPlan(none)), { thought: none.thought, calls: [] });
  });

  it("calls a skill it has no rule for when its description matches the question", () => {
    const extra = {
      name: "company_openings",
      description: "Lists a company's open positions and vacancies with title and location. Use it for questions about openings.",
      args: ["company: string (required)", "limit: integer"],
    };
    const p = plan(userOf("Which openings does this company have?", { kind: "company", id: "company-0001", title: "Acme Robotics" }, [...SKILLS, extra]));
    assert.deepEqual(p.calls.at(-1), { skill: "company_openings", args: { company: "Acme Robotics", limit: 5 } });
    const unrelated = plan(userOf("What does this company do?", { kind: "company", id: "company-0001", title: "Acme Robotics" }, [...SKILLS, extra]));
    assert.ok(!unrelated.calls.some((c) => c.skill === "company_openings"));
  });

  it("quotes values that would not survive as plain YAML", () => {
    const p = { thought: "Look: this", calls: [{ skill: "web_search", args: { query: "acme: news #1", freshness: "any" } }] };
    assert.deepEqual(YAML.parse(renderPlan(p)), p);
  });

  it("writes plain what reads back the same, and quotes the rest", () => {
    const values = ["true", "True", "FALSE", "null", "Null", "yes", "No", "tRuE", "a - b", "O'Brien", "A/B testing", "C++", "100%", "e", "x:y", "a #b", "1e3", "0x1F", "NaN", "Rock 'n' roll", "a,b", "(see above)", "job-00042"];
    for (const v of values) {
      const p = { thought: v, calls: [{ skill: "web_search", args: { query: v } }] };
      assert.deepEqual(YAML.parse(renderPlan(p)), p, v);
    }
    const plain = { thought: "Read the job, then the member's profile.", calls: [{ skill: "job_details", args: { job_id: "job-00042" } }] };
    assert.equal(renderPlan(plain), "thought: Read the job, then the member's profile.\ncalls:\n  - skill: job_details\n    args:\n      job_id: job-00042");
  });

  it("writes every malformation differently from the canonical YAML", () => {
    const p = plan(userOf("Am I a good fit, and which people work here?", { kind: "job", id: "job-1", title: "Engineer at Acme" }));
    const canonical = renderPlan(p);
    for (const kind of MALFORMATIONS) assert.notEqual(malform(p, kind, () => 0.5), canonical, kind);
  });

  it("malforms about the configured share of plans, the same way for the same prompt", () => {
    let malformed = 0;
    for (let i = 0; i < 400; i++) {
      const user = userOf(`Am I a good fit for role number ${i}?`, { kind: "job", id: `job-${i}`, title: "Data Engineer" });
      const a = plannerAnswer(user, 0.25);
      assert.deepEqual(plannerAnswer(user, 0.25), a);
      if (a.malformation) malformed++;
    }
    assert.ok(malformed > 60 && malformed < 140, `${malformed} of 400 malformed at rate 0.25`);
  });
});
