import assert from "node:assert/strict";
import { cosine, HashedNgramEmbedder } from "../src/index.js";

describe("HashedNgramEmbedder", () => {
  const e = new HashedNgramEmbedder(384);

  it("returns unit vectors of the configured dimension, deterministically", () => {
    const a = e.embed("Senior accessibility engineer at Acme Robotics");
    assert.equal(a.length, 384);
    assert.ok(Math.abs(cosine(a, a) - 1) < 1e-5);
    assert.deepEqual(a, e.embed("Senior accessibility engineer at Acme Robotics"));
  });

  it("scores related texts above unrelated ones, and tolerates typos", () => {
    const q = e.embed("am I a good fit for this data engineer job?");
    const related = e.embed("How well do I fit this data engineering role?");
    const unrelated = e.embed("What are the key takeaways of this post about leadership?");
    const typo = e.embed("am i a gud fit for this data enginer jbo");
    assert.ok(cosine(q, related) > cosine(q, unrelated) + 0.1, `${cosine(q, related)} vs ${cosine(q, unrelated)}`);
    assert.ok(cosine(q, typo) > 0.3, `typo similarity ${cosine(q, typo)}`);
  });

  it("embeds empty text as the zero vector and refuses silly dimensions", () => {
    assert.ok(e.embed("").every((x) => x === 0));
    assert.throws(() => new HashedNgramEmbedder(3), /dimension/);
  });
});
