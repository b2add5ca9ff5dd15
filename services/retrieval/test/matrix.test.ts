import assert from "node:assert/strict";
import { VectorMatrix } from "../src/matrix.js";
import { randomVector, bruteForce } from "./helpers.js";

describe("VectorMatrix", () => {
  it("finds the same neighbours as a brute-force cosine, for a dimension that needs padding", () => {
    const m = new VectorMatrix(10);
    const docs = new Map<string, Float32Array>();
    for (let i = 0; i < 3000; i++) {
      const v = randomVector(10, i + 1);
      docs.set(`d${i}`, v);
      m.set(`d${i}`, v);
    }
    const q = randomVector(10, 99_999);
    const got = m.search(q, 10);
    const want = bruteForce(docs, q, 10);
    assert.deepEqual(got.map((h) => h.id), want.map((h) => h.id));
    got.forEach((h, i) => assert.ok(Math.abs(h.score - want[i]!.score) < 1e-5));
  });

  it("replaces by id, deletes, and reuses freed rows", () => {
    const m = new VectorMatrix(16);
    m.set("a", randomVector(16, 1));
    m.set("b", randomVector(16, 2));
    const v = randomVector(16, 3);
    m.set("a", v);
    assert.equal(m.size, 2);
    assert.equal(m.search(v, 1)[0]!.id, "a");
    assert.ok(Math.abs(m.search(v, 1)[0]!.score - 1) < 1e-6);
    assert.equal(m.delete("a"), true);
    assert.equal(m.delete("a"), false);
    assert.deepEqual(m.search(v, 5, -1).map((h) => h.id), ["b"]);
    m.set("c", v);
    assert.equal(m.size, 2);
    assert.equal(m.search(v, 1)[0]!.id, "c");
  });

  it("pre-filters by tags and ranges, and honours min_score", () => {
    const m = new VectorMatrix(8);
    const q = randomVector(8, 7);
    for (let i = 0; i < 2000; i++) {
      m.set(`d${i}`, randomVector(8, i + 10), { parity: i % 2 === 0 ? "even" : "odd", bucket: String(i % 5) }, { n: i });
    }
    const hits = m.search(q, 50, -1, {
      tags: [{ field: "parity", anyOf: new Set(["even"]) }, { field: "bucket", anyOf: new Set(["0", "2"]) }],
      ranges: [{ field: "n", min: 100, max: 900 }],
    });
    assert.equal(hits.length, 50);
    for (const h of hits) {
      const n = Number(h.id.slice(1));
      assert.ok(n % 2 === 0 && (n % 5 === 0 || n % 5 === 2) && n >= 100 && n <= 900, h.id);
    }
    for (const h of m.search(q, 100, 0.5)) assert.ok(h.score >= 0.5);
    assert.deepEqual(m.search(q, 10, -1, { tags: [{ field: "missing", anyOf: new Set(["x"]) }], ranges: [] }), []);
  });

  it("grows past its first capacity without losing rows", () => {
    const m = new VectorMatrix(32);
    const vs: Float32Array[] = [];
    for (let i = 0; i < 5000; i++) {
      vs.push(randomVector(32, i + 1));
      m.set(`d${i}`, vs[i]!);
    }
    assert.equal(m.size, 5000);
    for (const i of [0, 1023, 1024, 4999]) assert.equal(m.search(vs[i]!, 1)[0]!.id, `d${i}`);
  });
});
