import assert from "node:assert/strict";
import { loadAgents } from "@springboard/agent";
import { defaultAgentsDir, exampleDocuments } from "../src/index.js";

const AGENTS = ["career_advice", "company_insights", "interview_prep", "job_fit", "post_takeaways"];
const KINDS = new Set(["job", "post", "company", "profile", "none"]);
const BANNED = ["terrible fit", "bad fit", "poor fit", "not qualified", "hopeless", "no chance"];

const normalise = (q: string) => q.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

describe("agent response examples", () => {
  const agents = loadAgents(defaultAgentsDir());

  it("gives every agent at least 30 examples of valid kinds", () => {
    assert.deepEqual([...agents.keys()].sort(), AGENTS);
    for (const agent of agents.values()) {
      assert.ok(agent.examples.length >= 30, `${agent.name} has ${agent.examples.length} examples`);
      for (const e of agent.examples) assert.ok(KINDS.has(e.kind), `${agent.name}: kind "${e.kind}" in "${e.question}"`);
    }
  });

  it("has no duplicate questions, within an agent or across agents", () => {
    const seen = new Map<string, string>();
    for (const agent of agents.values()) {
      for (const e of agent.examples) {
        const key = normalise(e.question);
        assert.ok(!seen.has(key), `"${e.question}" appears in ${seen.get(key)} and ${agent.name}`);
        seen.set(key, agent.name);
      }
    }
  });

  it("never uses a discouraging phrase and keeps answers to a few sentences", () => {
    for (const agent of agents.values()) {
      for (const e of agent.examples) {
        const answer = e.answer.toLowerCase();
        for (const phrase of BANNED) assert.ok(!answer.includes(phrase), `${agent.name}: "${phrase}" in the answer to "${e.question}"`);
        const sentences = e.answer.split(/(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÀÈÜÖÄÇ"“])/u).length;
        assert.ok(sentences >= 2 && sentences <= 5, `${agent.name}: ${sentences} sentences in the answer to "${e.question}"`);
      }
    }
  });

  it("turns examples into documents with ids <agent>/<n>, tags and a question/answer payload", () => {
    const docs = exampleDocuments(defaultAgentsDir());
    const total = [...agents.values()].reduce((n, a) => n + a.examples.length, 0);
    assert.equal(docs.length, total);
    assert.equal(new Set(docs.map((d) => d.id)).size, total);
    const first = docs.find((d) => d.id === "job_fit/1");
    const example = agents.get("job_fit")!.examples[0]!;
    assert.ok(first);
    assert.equal(first.text, example.question);
    assert.deepEqual(first.tags, { agent: "job_fit", kind: example.kind });
    assert.deepEqual(JSON.parse(first.payloadJson), { question: example.question, answer: example.answer });
  });
});
