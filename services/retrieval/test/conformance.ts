import assert from "node:assert/strict";
import { IndexMismatchError, MAX_BATCH, UnknownIndexError, type StoredDocument, type VectorEngine, type VectorQuery } from "../src/engine.js";
import { FILTER_FIELDS, INDEXES } from "../src/server.js";
import { bruteForce, randomVector } from "./helpers.js";

/** ConformanceStore is the Redis a suite runs against. */
export interface ConformanceStore {
  url: string;
  /** flush empties the store, search indexes included. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface EngineSpec {
  dimension: number;
  embedder: string;
  rebuild?: boolean;
}

/** MakeEngine connects an engine to the store and ensures the service's indexes with their filter fields. */
export type MakeEngine = (redisUrl: string, spec: EngineSpec) => Promise<VectorEngine>;

export interface ConformanceOptions {
  /** kind is what Stats.engine must say. */
  kind: string;
  /** exact engines must match a brute-force scan exactly; approximate ones by recall. */
  exact: boolean;
  store: () => Promise<ConformanceStore>;
  /** settle waits for an engine's background indexing, before measuring recall on a large index. */
  settle?: (engine: VectorEngine, index: string) => Promise<void>;
}

const D = 384;
const EMBEDDER = "test-embedder-384";

/** prepared creates every index on a freshly connected engine, closing it if that fails. */
export async function prepared<E extends VectorEngine>(engine: E, spec: EngineSpec): Promise<E> {
  try {
    await ensureAll(engine, spec);
    return engine;
  } catch (e) {
    await engine.close();
    throw e;
  }
}

export function ensureAll(engine: VectorEngine, spec: EngineSpec): Promise<void> {
  return INDEXES.reduce(
    (p, index) => p.then(() => engine.ensureIndex(index, { ...spec, filters: FILTER_FIELDS[index] })),
    Promise.resolve(),
  );
}

const doc = (id: string, seed: number, tags: Record<string, string> = {}, numbers: Record<string, number> = {}, dimension = D): StoredDocument => ({
  id,
  text: `text of ${id}`,
  vector: randomVector(dimension, seed),
  tags,
  numbers,
  payloadJson: JSON.stringify({ id }),
});

const query = (vector: Float32Array, k = 5, more: Partial<VectorQuery> = {}): VectorQuery => ({ vector, k, tags: [], ranges: [], minScore: -1, ...more });

async function eventually(check: () => Promise<boolean>, withinMs = 2_000): Promise<void> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > withinMs) assert.fail(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * clustered makes n vectors around `clusters` centres: the nearest cluster is clear, but the members
 * of a cluster are nearly equidistant from a query (see lowRank for vectors with clear neighbours).
 */
export function clustered(n: number, dimension: number, clusters: number, seed = 1): Float32Array[] {
  const centres = Array.from({ length: clusters }, (_, c) => randomVector(dimension, seed * 7919 + c + 1));
  return Array.from({ length: n }, (_, i) => {
    const noise = randomVector(dimension, seed * 1_000_003 + i + 17);
    const centre = centres[i % clusters]!;
    const v = new Float32Array(dimension);
    for (let j = 0; j < dimension; j++) v[j] = centre[j]! + 0.6 * noise[j]!;
    return v;
  });
}

/**
 * lowRank makes n vectors in a random `rank`-dimensional subspace, plus a little noise. Like real
 * embeddings they have a low intrinsic dimension, so nearest neighbours stand out; clustered()'s
 * isotropic noise makes the members of a cluster nearly equidistant, ties no index can rank.
 * Vectors of any seed share the subspace, so queries of one seed find neighbours among another's.
 */
export function lowRank(n: number, dimension: number, rank: number, seed: number): Float32Array[] {
  const basis = Array.from({ length: rank }, (_, j) => randomVector(dimension, 104_729 + j + 1));
  return Array.from({ length: n }, (_, i) => {
    const c = randomVector(rank, seed * 1_000_003 + i + 1);
    const noise = randomVector(dimension, seed * 7_919 + i + 3);
    const v = new Float32Array(dimension);
    for (let j = 0; j < rank; j++) {
      const b = basis[j]!;
      for (let d = 0; d < dimension; d++) v[d]! += c[j]! * b[d]!;
    }
    for (let d = 0; d < dimension; d++) v[d]! += 0.05 * noise[d]!;
    return v;
  });
}

/**
 * conformanceSuite is the behaviour every VectorEngine owes the retrieval service, run against a
 * real Redis. Filters use the declared FILTER_FIELDS, which both engines accept.
 */
export function conformanceSuite(name: string, makeEngine: MakeEngine, opts: ConformanceOptions): void {
  describe(`${name} conformance`, function () {
    this.timeout(60_000);
    let store: ConformanceStore;
    const open: VectorEngine[] = [];
    const engine = async (spec: Partial<EngineSpec> = {}) => {
      const e = await makeEngine(store.url, { dimension: D, embedder: EMBEDDER, ...spec });
      open.push(e);
      return e;
    };
    const closeAll = async () => {
      for (const e of open.splice(0)) await e.close();
    };

    before(async () => {
      store = await opts.store();
    });
    after(async () => {
      await store?.stop();
    });
    beforeEach(async () => store.flush());
    afterEach(closeAll);

    const corpus = () => [
      doc("j1", 1, { kind: "job", topic: "C++ & Rust: a/b {test}", author_id: "u-42@example.com" }, { published_day: 19_700 }),
      doc("j2", 2, { kind: "job", topic: "hiring", author_id: "u-7" }, { published_day: 19_800 }),
      doc("p1", 3, { kind: "post", topic: "hiring", author_id: "u-42@example.com" }, { published_day: 19_650 }),
      doc("p2", 4, { kind: "post", topic: "gardening tips", author_id: "u 9" }, { published_day: -5 }),
      doc("c1", 5, { kind: "course" }, { published_day: 19_900 }),
      doc("n1", 6, {}, {}),
    ];
    const vectors = () => new Map(corpus().map((d) => [d.id, d.vector] as const));

    it("creates the indexes empty, reports them, and answers an empty search", async () => {
      const e = await engine();
      assert.deepEqual([...e.indexes()].sort(), [...INDEXES].sort());
      for (const index of INDEXES) {
        assert.deepEqual(await e.stats(index), { index, documents: 0, dimension: D, embedder: EMBEDDER, engine: opts.kind });
        assert.deepEqual(await e.search(index, query(randomVector(D, 99))), []);
      }
    });

    it("upserts and searches without filters: nearest first, fields round-trip, own vector scores 1", async () => {
      const e = await engine();
      assert.equal(await e.upsert("knowledge", corpus()), 6);
      assert.equal((await e.stats("knowledge")).documents, 6);
      const q = randomVector(D, 1);
      const hits = await e.search("knowledge", query(q, 3));
      assert.equal(hits.length, 3);
      assert.equal(hits[0]!.id, "j1");
      assert.ok(Math.abs(hits[0]!.score - 1) < 1e-5, `score ${hits[0]!.score}`);
      assert.equal(hits[0]!.text, "text of j1");
      assert.deepEqual(hits[0]!.tags, { kind: "job", topic: "C++ & Rust: a/b {test}", author_id: "u-42@example.com" });
      assert.equal(hits[0]!.payloadJson, '{"id":"j1"}');
      const want = bruteForce(vectors(), q, 3);
      assert.deepEqual(hits.map((h) => h.id), want.map((w) => w.id));
      hits.forEach((h, i) => assert.ok(Math.abs(h.score - want[i]!.score) < 1e-4, `${h.score} vs ${want[i]!.score}`));
      const all = await e.search("knowledge", query(randomVector(D, 1234), 100));
      assert.equal(all.length, 6);
      for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.score >= all[i]!.score);
    });

    it("searches with tag filters (punctuation and spaces included) and number ranges", async () => {
      const e = await engine();
      await e.upsert("knowledge", corpus());
      const q = randomVector(D, 555);
      const ids = async (more: Partial<VectorQuery>) => (await e.search("knowledge", query(q, 10, more))).map((h) => h.id).sort();
      const tags = Object.fromEntries(corpus().map((d) => [d.id, d.tags]));

      assert.deepEqual(await ids({ tags: [{ field: "kind", anyOf: ["post", "course"] }] }), ["c1", "p1", "p2"]);
      assert.deepEqual(await ids({ tags: [{ field: "topic", anyOf: ["C++ & Rust: a/b {test}"] }] }), ["j1"]);
      assert.deepEqual(await ids({ tags: [{ field: "author_id", anyOf: ["u-42@example.com"] }] }), ["j1", "p1"]);
      assert.deepEqual(await ids({ tags: [{ field: "author_id", anyOf: ["u 9"] }] }), ["p2"]);
      assert.deepEqual(await ids({ tags: [{ field: "kind", anyOf: ["JOB"] }] }), [], "tag matching is case-sensitive");
      assert.deepEqual(await ids({ tags: [{ field: "kind", anyOf: ["nothing"] }] }), []);
      assert.deepEqual(await ids({ ranges: [{ field: "published_day", min: 19_800 }] }), ["c1", "j2"]);
      assert.deepEqual(await ids({ ranges: [{ field: "published_day", max: 0 }] }), ["p2"]);
      assert.deepEqual(await ids({ ranges: [{ field: "published_day", min: 19_650, max: 19_800 }] }), ["j1", "j2", "p1"]);
      assert.deepEqual(
        await ids({ tags: [{ field: "topic", anyOf: ["hiring"] }, { field: "kind", anyOf: ["job"] }], ranges: [{ field: "published_day", min: 19_000 }] }),
        ["j2"],
      );
      const filtered = await e.search("knowledge", query(q, 2, { tags: [{ field: "kind", anyOf: ["post", "course"] }] }));
      assert.deepEqual(filtered.map((h) => h.id), bruteForce(vectors(), q, 2, (id) => ["post", "course"].includes(tags[id]!.kind ?? "")).map((w) => w.id));
    });

    it("drops hits below min score", async () => {
      const e = await engine();
      await e.upsert("knowledge", corpus());
      const hits = await e.search("knowledge", query(randomVector(D, 2), 10, { minScore: 0.5 }));
      assert.deepEqual(hits.map((h) => h.id), ["j2"]);
      assert.deepEqual(await e.search("knowledge", query(randomVector(D, 777), 10, { minScore: 0.99 })), []);
    });

    it("deletes by id, counting those that existed", async () => {
      const e = await engine();
      await e.upsert("knowledge", corpus());
      assert.equal(await e.delete("knowledge", ["j1", "nope", "j1"]), 1);
      assert.equal(await e.delete("knowledge", []), 0);
      assert.equal((await e.stats("knowledge")).documents, 5);
      const hits = await e.search("knowledge", query(randomVector(D, 1), 10));
      assert.ok(!hits.some((h) => h.id === "j1"));
      assert.deepEqual((await e.search("knowledge", query(randomVector(D, 1), 10, { tags: [{ field: "author_id", anyOf: ["u-42@example.com"] }] }))).map((h) => h.id), ["p1"]);
    });

    it("is idempotent by id: re-upserting replaces the document and its filter fields", async () => {
      const e = await engine();
      await e.upsert("examples", [doc("e1", 10, { agent: "job_fit", kind: "good" }), doc("e2", 11, { agent: "job_fit" })]);
      await e.upsert("examples", [doc("e1", 10, { agent: "job_fit", kind: "good" }), doc("e2", 11, { agent: "job_fit" })]);
      assert.equal((await e.stats("examples")).documents, 2);
      assert.equal(await e.upsert("examples", [{ ...doc("e1", 12, { agent: "career_advice" }), text: "replaced" }, doc("e1", 12, { agent: "career_advice" })]), 1);
      assert.equal((await e.stats("examples")).documents, 2);
      const hit = (await e.search("examples", query(randomVector(D, 12), 1)))[0]!;
      assert.equal(hit.id, "e1");
      assert.deepEqual(hit.tags, { agent: "career_advice" });
      const q = query(randomVector(D, 12), 10);
      assert.deepEqual((await e.search("examples", { ...q, tags: [{ field: "agent", anyOf: ["job_fit"] }] })).map((h) => h.id), ["e2"]);
      assert.deepEqual((await e.search("examples", { ...q, tags: [{ field: "kind", anyOf: ["good"] }] })).map((h) => h.id), []);
    });

    it("re-creates idempotently: ensuring again, or from another engine, keeps the documents", async () => {
      const e = await engine();
      await e.upsert("skills", [doc("s1", 20, { skill: "people_search", agents: "job_fit,career_advice" })]);
      await ensureAll(e, { dimension: D, embedder: EMBEDDER });
      const again = await engine();
      assert.equal((await again.stats("skills")).documents, 1);
      const hits = await again.search("skills", query(randomVector(D, 20), 1, { tags: [{ field: "agents", anyOf: ["job_fit,career_advice"] }] }));
      assert.equal(hits[0]?.id, "s1");
    });

    it("refuses an index built with another dimension or embedder, and rebuilds on request", async () => {
      const e = await engine();
      await e.upsert("knowledge", [doc("k1", 30)]);
      await closeAll();
      await assert.rejects(engine({ dimension: 256 }), (err: unknown) => {
        assert.ok(err instanceof IndexMismatchError, String(err));
        assert.match(err.message, /built with embedder test-embedder-384 \(dimension 384\)/);
        assert.match(err.message, /RETRIEVAL_REBUILD=true/);
        return true;
      });
      await assert.rejects(engine({ embedder: "other-model" }), IndexMismatchError);
      const same = await engine();
      assert.equal((await same.stats("knowledge")).documents, 1);
      await assert.rejects(same.ensureIndex("knowledge", { dimension: 256, embedder: EMBEDDER }), IndexMismatchError);
      await closeAll();
      const rebuilt = await engine({ dimension: 256, embedder: "other-model", rebuild: true });
      const stats = await rebuilt.stats("knowledge");
      assert.equal(stats.documents, 0);
      assert.equal(stats.dimension, 256);
      assert.equal(stats.embedder, "other-model");
      await rebuilt.upsert("knowledge", [doc("k2", 31, { kind: "post" }, {}, 256)]);
      assert.equal((await rebuilt.search("knowledge", query(randomVector(256, 31), 5, { tags: [{ field: "kind", anyOf: ["post"] }] })))[0]?.id, "k2");
    });

    it("refuses bad input and writes nothing of it", async () => {
      const e = await engine();
      await assert.rejects(e.upsert("knowledge", [doc("ok", 1), { ...doc("bad", 2), vector: new Float32Array(3) }]), (err: unknown) => err instanceof RangeError && /"bad" has a vector of 3 dimensions/.test(err.message));
      assert.equal((await e.stats("knowledge")).documents, 0);
      await assert.rejects(e.search("knowledge", query(new Float32Array(2))), RangeError);
      await assert.rejects(e.search("nope", query(randomVector(D, 1))), UnknownIndexError);
      await assert.rejects(e.upsert("nope", [doc("x", 1)]), UnknownIndexError);
      await assert.rejects(e.delete("nope", ["x"]), UnknownIndexError);
      await assert.rejects(e.stats("nope"), UnknownIndexError);
      await assert.rejects(e.ensureIndex("Bad Name!", { dimension: D, embedder: EMBEDDER }), RangeError);
    });

    it("converges across two replicas on the same Redis", async () => {
      const a = await engine();
      const b = await engine();
      await a.upsert("knowledge", [doc("k1", 40, { kind: "post" })]);
      await eventually(async () => (await b.search("knowledge", query(randomVector(D, 40), 1)))[0]?.id === "k1");
      await b.upsert("knowledge", [doc("k1", 41, { kind: "job" })]);
      await eventually(async () => (await a.search("knowledge", query(randomVector(D, 41), 1, { tags: [{ field: "kind", anyOf: ["job"] }] })))[0]?.id === "k1");
      await b.delete("knowledge", ["k1"]);
      await eventually(async () => (await a.stats("knowledge")).documents === 0);
    });

    it("a restarted replica catches up on what was written while it was down", async () => {
      const a = await engine();
      const b = await engine();
      await a.upsert("skills", [doc("s1", 50)]);
      await b.close();
      await a.upsert("skills", [doc("s2", 51)]);
      await a.delete("skills", ["s1"]);
      const b2 = await engine();
      assert.deepEqual((await b2.search("skills", query(randomVector(D, 51), 5))).map((h) => h.id), ["s2"]);
    });

    it("a replica restarted after writes, replacements and deletes made while it was down answers like one that never stopped", async () => {
      const a = await engine();
      const first = Array.from({ length: 60 }, (_, i) => doc(`r${i}`, 600 + i, { kind: i % 3 === 0 ? "post" : "job" }, { published_day: i }));
      await a.upsert("knowledge", first);
      await a.close();
      const b = await engine();
      await b.upsert("knowledge", Array.from({ length: 20 }, (_, i) => doc(`s${i}`, 700 + i, { kind: "post" }, { published_day: 100 + i })));
      await b.upsert("knowledge", [doc("r1", 800, { kind: "course" }, { published_day: 5 })]);
      await b.delete("knowledge", ["r0", "r2", "s3"]);
      const again = await engine();
      assert.equal((await again.stats("knowledge")).documents, 77);
      const all = new Map<string, Float32Array>();
      for (const d of first) all.set(d.id, d.vector);
      for (let i = 0; i < 20; i++) all.set(`s${i}`, randomVector(D, 700 + i));
      all.set("r1", randomVector(D, 800));
      for (const id of ["r0", "r2", "s3"]) all.delete(id);
      for (const seed of [800, 605, 711, 4242]) {
        const q = randomVector(D, seed);
        const got = await again.search("knowledge", query(q, 10));
        assert.deepEqual(got.map((h) => h.id), bruteForce(all, q, 10).map((w) => w.id), `query ${seed}`);
        assert.deepEqual(got, await b.search("knowledge", query(q, 10)));
      }
      const replaced = await again.search("knowledge", query(randomVector(D, 800), 1, { tags: [{ field: "kind", anyOf: ["course"] }] }));
      assert.equal(replaced[0]?.id, "r1");
      assert.ok(Math.abs(replaced[0]!.score - 1) < 1e-5);
    });

    it("two replicas writing at once converge to the same answers", async () => {
      const a = await engine();
      const b = await engine();
      const fromA = Array.from({ length: 40 }, (_, i) => doc(`a${i}`, 900 + i, { kind: "post" }));
      const fromB = Array.from({ length: 40 }, (_, i) => doc(`b${i}`, 1000 + i, { kind: "job" }));
      await Promise.all([
        a.upsert("knowledge", fromA.slice(0, 20)).then(() => a.upsert("knowledge", fromA.slice(20))),
        b.upsert("knowledge", fromB.slice(0, 20)).then(() => b.upsert("knowledge", fromB.slice(20))),
        a.upsert("knowledge", [doc("shared", 1100, { kind: "post" })]),
        b.upsert("knowledge", [doc("shared", 1101, { kind: "job" })]),
      ]);
      await Promise.all([a.delete("knowledge", ["a0", "b0"]), b.delete("knowledge", ["a1", "b1"])]);
      const q = randomVector(D, 1100);
      await eventually(async () => (await a.stats("knowledge")).documents === 77 && (await b.stats("knowledge")).documents === 77, 10_000);
      await eventually(async () => JSON.stringify(await a.search("knowledge", query(q, 10))) === JSON.stringify(await b.search("knowledge", query(q, 10))), 10_000);
      const shared = (await a.search("knowledge", query(q, 100))).find((h) => h.id === "shared");
      assert.deepEqual(shared?.tags, (await b.search("knowledge", query(q, 100))).find((h) => h.id === "shared")?.tags);
      for (const e of [a, b]) {
        const ids = (await e.search("knowledge", query(q, 100))).map((h) => h.id);
        for (const gone of ["a0", "a1", "b0", "b1"]) assert.ok(!ids.includes(gone), gone);
      }
    });

    it("an empty or emptied index answers nothing, with or without filters", async () => {
      const e = await engine();
      const q = randomVector(D, 5);
      const filters: Partial<VectorQuery> = { tags: [{ field: "kind", anyOf: ["post"] }], ranges: [{ field: "published_day", min: 0 }] };
      assert.deepEqual(await e.search("knowledge", query(q, 10, filters)), []);
      assert.equal(await e.delete("knowledge", ["nothing"]), 0);
      await e.upsert("knowledge", corpus());
      assert.equal(await e.delete("knowledge", corpus().map((d) => d.id)), 6);
      assert.equal((await e.stats("knowledge")).documents, 0);
      assert.deepEqual(await e.search("knowledge", query(q, 10)), []);
      assert.deepEqual(await e.search("knowledge", query(q, 10, filters)), []);
    });

    it("refuses NaN, infinite and wrong-length vectors, oversized batches and unknown indexes, writing nothing", async () => {
      const e = await engine();
      const nan = doc("nan", 3);
      nan.vector[17] = NaN;
      const inf = doc("inf", 4);
      inf.vector[0] = -Infinity;
      const short = { ...doc("short", 5), vector: new Float32Array(D - 1) };
      for (const bad of [nan, inf, short]) {
        await assert.rejects(e.upsert("knowledge", [doc("good", 1), bad]), (err: unknown) => {
          assert.ok(err instanceof RangeError, String(err));
          assert.match(err.message, new RegExp(`document "${bad.id}" has a vector`));
          return true;
        });
      }
      const many = Array.from({ length: MAX_BATCH + 1 }, (_, i) => doc(`m${i}`, i + 1));
      await assert.rejects(e.upsert("knowledge", many), (err: unknown) => err instanceof RangeError && new RegExp(`${MAX_BATCH + 1} documents in one upsert.*limit is ${MAX_BATCH}`).test(err.message));
      await assert.rejects(e.upsert("nope", [doc("good", 1)]), (err: unknown) => err instanceof UnknownIndexError && /unknown index "nope"; known indexes: /.test(err.message));
      assert.equal((await e.stats("knowledge")).documents, 0);
      assert.deepEqual(await e.search("knowledge", query(randomVector(D, 1), 10)), []);
      const nanQuery = randomVector(D, 1);
      nanQuery[3] = NaN;
      await assert.rejects(e.search("knowledge", query(nanQuery)), (err: unknown) => err instanceof RangeError && /query vector whose component 3 is NaN/.test(err.message));
    });

    const large = process.env.RETRIEVAL_LARGE === "1";
    (large ? it : it.skip)(`answers over 100,000 × 384 vectors like a brute-force scan${large ? "" : " (set RETRIEVAL_LARGE=1)"}`, async function () {
      this.timeout(30 * 60_000);
      const n = 100_000;
      const vectors = lowRank(n, D, 16, 3);
      const e = await engine();
      const t0 = performance.now();
      for (let at = 0; at < n; at += 1000) {
        await e.upsert("knowledge", vectors.slice(at, at + 1000).map((v, i) => ({
          id: `d${at + i}`, text: "", vector: v, tags: { kind: (at + i) % 4 === 1 ? "post" : "job" }, numbers: { published_day: at + i }, payloadJson: "",
        })));
      }
      const ingestMs = performance.now() - t0;
      assert.equal((await e.stats("knowledge")).documents, n);
      await opts.settle?.(e, "knowledge");
      const all = new Map(vectors.map((v, i) => [`d${i}`, v] as const));
      const queries = lowRank(20, D, 16, 11);
      let found = 0;
      let wanted = 0;
      const times: number[] = [];
      for (const [qi, q] of queries.entries()) {
        const filtered = qi % 2 === 1;
        const keep = (id: string) => !filtered || (Number(id.slice(1)) % 4 === 1 && Number(id.slice(1)) >= 50_000);
        const want = bruteForce(all, q, 10, keep);
        const t = performance.now();
        const got = await e.search("knowledge", query(q, 10, filtered ? { tags: [{ field: "kind", anyOf: ["post"] }], ranges: [{ field: "published_day", min: 50_000 }] } : {}));
        times.push(performance.now() - t);
        assert.ok(got.every((h) => keep(h.id)));
        if (opts.exact) assert.deepEqual(got.map((h) => h.id), want.map((w) => w.id));
        const wantIds = new Set(want.map((w) => w.id));
        found += got.filter((h) => wantIds.has(h.id)).length;
        wanted += want.length;
      }
      const recall = found / wanted;
      times.sort((a, b) => a - b);
      console.log(`      100k×384 (${opts.kind}): ingest ${Math.round(ingestMs)} ms; search p50 ${times[10]!.toFixed(2)} ms; recall@10 ${recall.toFixed(3)}`);
      assert.ok(recall >= (opts.exact ? 1 : 0.95), `recall@10 ${recall}`);
    });
  });
}
