import assert from "node:assert/strict";
import { ReasoningFilter } from "../src/reasoning.js";

describe("ReasoningFilter", () => {
  const run = (chunks: string[]) => {
    const f = new ReasoningFilter();
    const out = chunks.map((c) => f.push(c)).join("") + f.end();
    return { out, hidden: f.reasoningChunks };
  };

  it("passes text without reasoning through unchanged", () => {
    assert.equal(run(["Hello", " world", " <b>"]).out, "Hello world <b>");
  });

  it("hides a reasoning section even when its markers are split across chunks", () => {
    const r = run(["<th", "ink>The member", " lacks SQL.</th", "ink>You are", " a strong match."]);
    assert.equal(r.out, "You are a strong match.");
    assert.equal(r.hidden, 2);
  });

  it("keeps an unclosed reasoning section hidden", () => {
    assert.equal(run(["Intro. <think>secret", " plan"]).out, "Intro. ");
  });
});
