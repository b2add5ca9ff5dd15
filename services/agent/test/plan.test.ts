import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadAgents } from "../src/agents.js";
import { parsePlan } from "../src/plan.js";

describe("parsePlan", () => {
  it("reads the planner's YAML shape", () => {
    const p = parsePlan("thought: Look up the job.\ncalls:\n  - skill: job_details\n    args:\n      job_id: job-00042\n");
    assert.deepEqual(p.calls, [{ skill: "job_details", args: { job_id: "job-00042" } }]);
    assert.deepEqual(p.repairs, []);
  });

  it("strips fences and chatter and unwraps a plan: wrapper", () => {
    const p = parsePlan("Sure! Here is the plan:\n```yaml\nplan:\n  thought: x\n  calls:\n    - skill: company_profile\n      args:\n        company: Acme\n```\n");
    assert.deepEqual(p.calls, [{ skill: "company_profile", args: { company: "Acme" } }]);
    assert.deepEqual(p.repairs, ["fences", "wrapper"]);
  });

  it("accepts an empty plan and refuses prose", () => {
    assert.deepEqual(parsePlan("thought: nothing needed\ncalls: []\n").calls, []);
    assert.throws(() => parsePlan("I cannot help with that."), /mapping/);
  });
});

describe("agents", () => {
  it("loads every shipped agent with skills and examples", () => {
    const agents = loadAgents(fileURLToPath(new URL("../../agents", import.meta.url)));
    assert.deepEqual([...agents.keys()].sort(), ["career_advice", "company_insights", "interview_prep", "job_fit", "post_takeaways"]);
    for (const a of agents.values()) {
      assert.ok(a.skills.length > 0, a.name);
      assert.ok(a.examples.length >= 2, a.name);
    }
  });
});
