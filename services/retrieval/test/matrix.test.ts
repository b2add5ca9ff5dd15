import assert from "node:assert/strict";
import { VectorMatrix } from "../src/matrix.js";
import { bruteForce, cosine64, randomVector } from "./helpers.js";

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

  describe("large scans, ranked through the 8-bit copy first", () => {
    // 15,000 rows in 300 tight clusters (near-duplicates are where 8-bit scores tie), a dimension
    // that needs padding, a tag on 15% of the rows (listed, not read in order) and one on half.
    const dimension = 100;
    const docs = new Map<string, Float32Array>();
    const kinds = new Map<string, string>();
    const m = new VectorMatrix(dimension);
    const centers = Array.from({ length: 300 }, (_, c) => randomVector(dimension, 7_000 + c));
    for (let i = 0; i < 15_000; i++) {
      const noise = randomVector(dimension, i + 1);
      const v = centers[i % 300]!.map((x, j) => x + 0.05 * noise[j]!);
      const kind = i % 20 < 3 ? "rare" : i % 2 === 0 ? "even" : "odd";
      docs.set(`d${i}`, v);
      kinds.set(`d${i}`, kind);
      m.set(`d${i}`, v, { kind });
    }
    docs.set("zero", new Float32Array(dimension));
    m.set("zero", new Float32Array(dimension), { kind: "odd" });

    function assertExact(got: { id: string; score: number }[], q: Float32Array, k: number, keep: (id: string) => boolean = () => true, minScore = -1) {
      const want = bruteForce(docs, q, k, keep).filter((h) => h.score >= minScore);
      assert.equal(got.length, want.length);
      got.forEach((h, i) => {
        assert.ok(keep(h.id), `${h.id} fails the filter`);
        // Same score at every rank (ties may swap ids), and each score is the hit's own.
        assert.ok(Math.abs(h.score - want[i]!.score) < 1e-5, `rank ${i}: ${h.id} ${h.score} vs ${want[i]!.id} ${want[i]!.score}`);
        assert.ok(Math.abs(h.score - cosine64(docs.get(h.id)!, q)) < 1e-5);
      });
    }
    const kindIs = (...values: string[]) => ({ tags: [{ field: "kind", anyOf: new Set(values) }], ranges: [] });
    const queries = [
      centers[17]!.map((x, j) => x + 0.01 * randomVector(dimension, 99)[j]!),
      randomVector(dimension, 12_345),
      docs.get("d4242")!,
    ];

    it("answers exactly without a filter, with min_score, and with wide and narrow filters", () => {
      for (const q of queries) {
        assertExact(m.search(q, 10), q, 10);
        assertExact(m.search(q, 200), q, 200);
        assertExact(m.search(q, 50, 0.9), q, 50, () => true, 0.9);
        assertExact(m.search(q, 10, -1, kindIs("even")), q, 10, (id) => kinds.get(id) === "even");
        assertExact(m.search(q, 10, -1, kindIs("rare")), q, 10, (id) => kinds.get(id) === "rare");
      }
      assert.deepEqual(m.search(queries[0]!, 10, 1.5), []);
    });

    it("answers exactly over a long list of rows", () => {
      const rows = [...docs.keys()].filter((_, i) => i % 3 === 0).map((id) => m.rowOf(id)!);
      const listed = new Set(rows.map((r) => m.idAt(r)!));
      for (const q of queries) assertExact(m.searchRows(q, rows, 10), q, 10, (id) => listed.has(id));
    });

    it("keeps the 8-bit copy in step with updates, deletes and a restore", async () => {
      const q = queries[0]!;
      const best = m.search(q, 3).map((h) => h.id);
      for (const id of best.slice(0, 2)) {
        m.delete(id);
        docs.delete(id);
      }
      const moved = randomVector(dimension, 31_337);
      m.set(best[2]!, moved, { kind: kinds.get(best[2]!)! });
      docs.set(best[2]!, moved);
      assertExact(m.search(q, 10), q, 10);
      assert.equal(m.search(moved, 1)[0]!.id, best[2]);

      // A restored copy makes its 8-bit rows in the background: it answers exactly before, while
      // rows change, and after.
      const copy = new VectorMatrix(dimension);
      copy.restore(m.snapshot());
      const check = () => {
        for (const query of [...queries, moved]) {
          assertExact(copy.search(query, 10), query, 10);
          assertExact(copy.search(query, 10, -1, kindIs("rare")), query, 10, (id) => kinds.get(id) === "rare");
        }
      };
      check();
      await new Promise((r) => setImmediate(r));
      check();
      const late = randomVector(dimension, 4_242);
      copy.set("late", late, { kind: "rare" });
      docs.set("late", late);
      kinds.set("late", "rare");
      copy.delete("d4242");
      docs.delete("d4242");
      await copy.whenQuantised();
      check();
      assertExact(copy.search(late, 5), late, 5);
    });
  });
});
