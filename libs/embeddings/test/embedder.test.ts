import assert from "node:assert/strict";
import { cosine, HashedNgramEmbedder } from "../src/index.js";

/** GOLDEN are checksums of two vectors as hashed-ngram-v1 has always computed them. */
const GOLDEN = ["141.225614", "-343.408864"];

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

  it("embeds batches in order, the same as one text at a time", async () => {
    const texts = ["data engineer", "", "gardening tips"];
    const batch = await e.embedBatch(texts);
    assert.equal(batch.length, 3);
    texts.forEach((t, i) => assert.deepEqual(batch[i], e.embed(t)));
    assert.deepEqual(await e.embedBatch([]), []);
  });

  it("answers the same whatever its caches of features hold", () => {
    const texts = [
      "Senior accessibility engineer at Acme Robotics builds accessible robots",
      "accessible robots for every engineer, and robots for accessibility",
      "Data engineer: Apache Airflow, Snowflake, dbt; data modeling and data analysis",
      "engineer engineer engineer data data",
    ];
    // 40 features hold less than one text, 150 a text or two: the caches empty in the middle of texts.
    for (const limit of [40, 150]) {
      const small = new HashedNgramEmbedder(384, limit);
      for (let round = 0; round < 3; round++) {
        for (const t of texts) assert.deepEqual(small.embed(t), e.embed(t), `limit ${limit}, round ${round}: ${t}`);
      }
    }
    // hashed-ngram-v1 must keep its vectors: indexes built with it are compared with new queries.
    const checksum = (v: Float32Array) => v.reduce((a, x, i) => a + x * (i + 1), 0).toFixed(6);
    assert.equal(checksum(e.embed("Senior accessibility engineer at Acme Robotics")), GOLDEN[0]);
    assert.equal(checksum(e.embed("am I a good fit for this data engineer job?")), GOLDEN[1]);
  });

  it("embeds empty text as the zero vector and refuses silly dimensions", () => {
    assert.ok(e.embed("").every((x) => x === 0));
    assert.throws(() => new HashedNgramEmbedder(3), /dimension/);
  });
});
