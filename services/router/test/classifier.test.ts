import assert from "node:assert/strict";
import { classify } from "../src/classifier.js";

describe("router classifier", () => {
  const cases: [string, string, string][] = [
    ["Am I a good fit for this job?", "job", "job_fit"],
    ["What is the culture like at this company?", "company", "company_insights"],
    ["What are the key takeaways of this post?", "post", "post_takeaways"],
    ["How should I prepare for the interview?", "job", "interview_prep"],
    ["How do I switch my career into data science?", "none", "career_advice"],
    ["Write me a poem about this job", "job", "out_of_scope"],
    ["Give me stock tips about this company", "company", "out_of_scope"],
  ];
  for (const [q, kind, want] of cases) {
    it(`routes "${q}" to ${want}`, () => {
      const d = classify(q, kind);
      assert.equal(d.label, want);
      assert.ok(d.confidence > 0 && d.confidence <= 1);
      const total = Object.values(d.scores).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-9);
    });
  }
});
