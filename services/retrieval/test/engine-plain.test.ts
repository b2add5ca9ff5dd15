import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedis } from "@springboard/cluster";
import { HashedNgramEmbedder } from "@springboard/embeddings";
import { Redis } from "ioredis";
import { PlainVectorEngine, streamGap, type PlainEngineOptions } from "../src/engine-plain.js";
import type { StoredDocument } from "../src/engine.js";
import { clustered, conformanceSuite, prepared, type ConformanceStore } from "./conformance.js";
import { bruteForce, cosine64, openEngine, quiet, randomVector, suiteRedis } from "./helpers.js";

/** redisStore runs a redis-server for a suite; flush also empties the snapshot directory, when there is one. */
async function redisStore(snapshotDir?: string): Promise<ConformanceStore> {
  const redis = await startRedis();
  const admin = new Redis(redis.url);
  return {
    url: redis.url,
    async flush() {
      await admin.flushall();
      if (snapshotDir) for (const f of readdirSync(snapshotDir)) rmSync(join(snapshotDir, f), { force: true });
    },
    async stop() {
      admin.disconnect();
      await redis.stop();
      if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
    },
  };
}

conformanceSuite(
  "PlainVectorEngine (exact scan)",
  async (redisUrl, spec) => prepared(await PlainVectorEngine.connect({ redisUrl, logger: quiet, connectTimeoutMs: 2_000, ann: false }), spec),
  { kind: "in-process", exact: true, store: () => redisStore() },
);

for (const thread of ["worker", "main"] as const) {
  const snapshots = mkdtempSync(join(tmpdir(), "retrieval-snapshots-"));
  conformanceSuite(
    `PlainVectorEngine (HNSW in the ${thread} thread, with snapshots)`,
    async (redisUrl, spec) =>
      prepared(
        await PlainVectorEngine.connect({
          redisUrl, logger: quiet, connectTimeoutMs: 2_000, ann: { exactBelow: 0 }, hnswThread: thread, snapshotDir: snapshots, snapshotIntervalMs: 0,
        }),
        spec,
      ),
    {
      kind: "in-process",
      exact: false,
      store: () => redisStore(snapshots),
      settle: (engine, index) => (engine as PlainVectorEngine).whenIndexed(index),
    },
  );
}

const embedder = new HashedNgramEmbedder(384);
const doc = (id: string, text: string, tags: Record<string, string> = {}) => ({
  id,
  text,
  vector: embedder.embed(text),
  tags,
  numbers: {},
  payloadJson: "",
});
const query = (text: string, k = 5) => ({ vector: embedder.embed(text), k, tags: [], ranges: [], minScore: -1 });

async function eventually(check: () => Promise<boolean>, withinMs = 1_000): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > withinMs) assert.fail(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - start;
}

describe("PlainVectorEngine", function () {
  this.timeout(30_000);
  const redis = suiteRedis();
  const open: PlainVectorEngine[] = [];
  const engine = async (dimension = 384, rebuild = false, opts: Partial<PlainEngineOptions> = {}) => {
    const e = await openEngine(redis.url, dimension, rebuild, opts);
    open.push(e);
    return e;
  };
  const closeAll = async () => {
    for (const e of open.splice(0)) await e.close();
  };
  // Random centres and noise make near-ties that a small candidate list misses: these tests check HNSW, not its tuning.
  const hnsw = (more: Partial<PlainEngineOptions> = {}): Partial<PlainEngineOptions> => ({ ann: { exactBelow: 0, efSearch: 200 }, snapshotIntervalMs: 0, ...more });
  const vectorQuery = (vector: Float32Array, k = 10, more: object = {}) => ({ vector, k, tags: [], ranges: [], minScore: -1, ...more });
  const points = (n: number, seed: number, prefix = "c"): StoredDocument[] =>
    clustered(n, 384, 30, seed).map((vector, i) => ({
      id: `${prefix}${i}`, text: `point ${i}`, vector, tags: { kind: i % 10 === 0 ? "rare" : "common" }, numbers: { n: i }, payloadJson: "",
    }));
  const upsertAll = async (e: PlainVectorEngine, docs: StoredDocument[]) => {
    for (let i = 0; i < docs.length; i += 1000) await e.upsert("knowledge", docs.slice(i, i + 1000));
  };
  const recall = async (e: PlainVectorEngine, all: Map<string, Float32Array>, queries: Float32Array[], more: object = {}, keep?: (id: string) => boolean) => {
    let found = 0;
    let wanted = 0;
    for (const q of queries) {
      const want = new Set(bruteForce(all, q, 10, keep).map((w) => w.id));
      const got = await e.search("knowledge", vectorQuery(q, 10, more));
      found += got.filter((h) => want.has(h.id)).length;
      wanted += want.size;
    }
    return found / wanted;
  };

  afterEach(async () => {
    for (const e of open.splice(0)) await e.close();
  });

  it("a replica started after the writes loads them, and then follows new ones", async () => {
    const a = await engine();
    const docs = Array.from({ length: 2500 }, (_, i) => doc(`e${i}`, `example number ${i} about topic ${i % 7}`, { agent: i % 2 ? "job_fit" : "career_advice" }));
    for (let i = 0; i < docs.length; i += 1000) await a.upsert("examples", docs.slice(i, i + 1000));
    await a.delete("examples", ["e0", "e1"]);
    const late = await engine();
    assert.equal((await late.stats("examples")).documents, 2498);
    const want = await a.search("examples", query("example number 1234", 5));
    assert.deepEqual(await late.search("examples", query("example number 1234", 5)), want);
    await a.upsert("examples", [doc("new", "freshly added example")]);
    await eventually(async () => (await late.search("examples", query("freshly added", 1)))[0]?.id === "new");
  });

  it("answers found documents from memory, and never stale once they change here or in another replica", async () => {
    const admin = new Redis(redis.url);
    try {
      const reads = async () => Number(/cmdstat_hmget:calls=(\d+)/.exec(await admin.info("commandstats"))?.[1] ?? 0);
      const a = await engine();
      const b = await engine();
      const q = query("kubernetes operators", 1);
      const top = async (e: PlainVectorEngine) => (await e.search("knowledge", q))[0];
      await a.upsert("knowledge", [doc("k1", "kubernetes operators for stateful data", { kind: "post" }), doc("k2", "gardening tips for spring")]);
      assert.equal((await top(a))?.text, "kubernetes operators for stateful data");
      let before = await reads();
      const again = await top(a);
      assert.equal(again?.text, "kubernetes operators for stateful data");
      assert.deepEqual(again?.tags, { kind: "post" });
      assert.equal(await reads(), before, "a document found again is not read from Redis again");
      again!.tags.kind = "changed by a caller";
      assert.deepEqual((await top(a))?.tags, { kind: "post" });

      await a.upsert("knowledge", [doc("k1", "kubernetes operators for stateful data, second edition")]);
      assert.equal((await top(a))?.text, "kubernetes operators for stateful data, second edition");
      await b.upsert("knowledge", [doc("k1", "kubernetes operators for stateful data, third edition")]);
      await eventually(async () => (await top(a))?.text === "kubernetes operators for stateful data, third edition", 5_000);
      await b.delete("knowledge", ["k1"]);
      await eventually(async () => (await top(a))?.id === "k2", 5_000);

      const uncached = await engine(384, false, { hitCacheSize: 0 });
      await top(uncached);
      before = await reads();
      await top(uncached);
      assert.equal(await reads(), before + 1);
    } finally {
      admin.disconnect();
    }
  });

  it("keeps following after Redis restarts, and reloads what Redis lost", async () => {
    const own = await startRedis();
    try {
      const a = await openEngine(own.url);
      open.push(a);
      await a.upsert("skills", [doc("s1", "people search by keywords")]);
      await own.stop();
      const again = await startRedis({ port: own.port });
      own.stop = () => again.stop();
      const b = await openEngine(again.url);
      open.push(b);
      await b.upsert("skills", [doc("s2", "course search by skills")]);
      await eventually(async () => (await a.search("skills", query("course search", 1)))[0]?.id === "s2", 5_000);
      // The restarted Redis kept nothing (no persistence here): the replica drops what it lost too.
      await eventually(async () => (await a.stats("skills")).documents === 1, 5_000);
    } finally {
      await own.stop();
    }
  });

  it("with HNSW, finds a write at once while the index catches up, then answers through it", async () => {
    const e = await engine(384, false, hnsw());
    const docs = points(3000, 5);
    await upsertAll(e, docs);
    for (const i of [0, 1234, 2999]) {
      const hit = (await e.search("knowledge", vectorQuery(docs[i]!.vector, 1)))[0];
      assert.equal(hit?.id, `c${i}`, "a write is searchable as soon as it is acknowledged");
      assert.ok(Math.abs(hit.score - 1) < 1e-5);
    }
    await e.whenIndexed("knowledge");
    assert.equal(e.annStats("knowledge")?.backlog, 0);
    const all = new Map(docs.map((d) => [d.id, d.vector] as const));
    const queries = clustered(30, 384, 30, 77);
    const before = e.annStats("knowledge")!;
    assert.ok((await recall(e, all, queries)) >= 0.95);
    const common = { tags: [{ field: "kind", anyOf: ["common"] }], ranges: [{ field: "n", min: 1000, max: Infinity }] };
    const keepCommon = (id: string) => Number(id.slice(1)) % 10 !== 0 && Number(id.slice(1)) >= 1000;
    assert.ok((await recall(e, all, queries, common, keepCommon)) >= 0.9);
    for (const q of queries) {
      for (const h of await e.search("knowledge", vectorQuery(q, 10, common))) assert.ok(keepCommon(h.id), h.id);
    }
    const after = e.annStats("knowledge")!;
    assert.equal(after.hnswSearches - before.hnswSearches, 90, "both kinds of query went through HNSW");
    const rare = { tags: [{ field: "kind", anyOf: ["rare"] }], ranges: [] };
    for (const q of queries.slice(0, 5)) {
      const got = await e.search("knowledge", vectorQuery(q, 10, rare));
      assert.deepEqual(got.map((h) => h.id), bruteForce(all, q, 10, (id) => Number(id.slice(1)) % 10 === 0).map((w) => w.id), "a selective filter is scanned exactly");
    }
    assert.equal(e.annStats("knowledge")!.exactSearches - after.exactSearches, 5);
  });

  it("with HNSW, stops trying it for a filter whose searches keep falling back to a scan, and answers exactly", async () => {
    const e = await engine(384, false, hnsw());
    // Clusters 0-14 are on side "a", 15-29 on side "b": a query near cluster 3 filtered to side "b"
    // finds none of its HNSW candidates on that side.
    const docs = points(3000, 9).map((d, i) => ({ ...d, tags: { side: i % 30 < 15 ? "a" : "b" } }));
    await upsertAll(e, docs);
    await e.whenIndexed("knowledge");
    const all = new Map(docs.map((d) => [d.id, d.vector] as const));
    const near3 = clustered(30, 384, 30, 9)[3]!;
    const sideB = { tags: [{ field: "side", anyOf: ["b"] }], ranges: [] };
    const onB = (id: string) => Number(id.slice(1)) % 30 >= 15;
    const before = e.annStats("knowledge")!;
    for (let i = 0; i < 40; i++) {
      const got = await e.search("knowledge", vectorQuery(near3, 10, sideB));
      assert.deepEqual(got.map((h) => h.id), bruteForce(all, near3, 10, onB).map((w) => w.id));
    }
    const after = e.annStats("knowledge")!;
    const tried = after.hnswSearches - before.hnswSearches;
    // Three searches bring the share over a half; then one in eight probes HNSW again.
    assert.ok(tried >= 3 && tried <= 3 + 40 / 8, `HNSW tried ${tried} times for 40 searches`);
    assert.equal(after.fallbacks - before.fallbacks, tried);
    assert.equal(after.exactSearches - before.exactSearches, 40 - tried);
    // A filter that HNSW serves keeps going through it.
    const sideA = { tags: [{ field: "side", anyOf: ["a"] }], ranges: [] };
    for (let i = 0; i < 10; i++) await e.search("knowledge", vectorQuery(near3, 10, sideA));
    assert.equal(e.annStats("knowledge")!.hnswSearches - after.hnswSearches, 10);
  });

  it("with HNSW, never answers a deleted or replaced document stale, before or after the index catches up", async () => {
    const e = await engine(384, false, hnsw());
    const docs = points(2500, 9);
    await upsertAll(e, docs);
    await e.whenIndexed("knowledge");
    const moved = randomVector(384, 4242);
    await e.upsert("knowledge", [{ ...docs[5]!, vector: moved }]);
    await e.delete("knowledge", ["c7"]);
    const check = async () => {
      const hit = (await e.search("knowledge", vectorQuery(moved, 1)))[0];
      assert.equal(hit?.id, "c5");
      assert.ok(Math.abs(hit.score - 1) < 1e-5);
      for (const h of await e.search("knowledge", vectorQuery(docs[5]!.vector, 20))) {
        if (h.id === "c5") assert.ok(Math.abs(h.score - cosine64(moved, docs[5]!.vector)) < 1e-4, "c5 is scored by its new vector");
      }
      assert.ok(!(await e.search("knowledge", vectorQuery(docs[7]!.vector, 20))).some((h) => h.id === "c7"));
    };
    await check();
    await e.whenIndexed("knowledge");
    await check();
    assert.equal((await e.stats("knowledge")).documents, 2499);
  });

  it("restarts from a snapshot: replays what changed while it was down and indexes only that again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retrieval-snapshot-"));
    try {
      const a = await engine(384, false, hnsw({ snapshotDir: dir }));
      const docs = points(2000, 11);
      await upsertAll(a, docs);
      await a.whenIndexed("knowledge");
      await closeAll();
      assert.ok(readdirSync(dir).includes("knowledge.json"), "closing saved a snapshot");

      const writer = await engine(384, false, { ann: false });
      const added = points(5, 12, "new");
      await writer.upsert("knowledge", added);
      const moved = randomVector(384, 999);
      await writer.upsert("knowledge", [{ ...docs[1]!, vector: moved, tags: { kind: "moved" } }]);
      await writer.delete("knowledge", ["c2", "c3"]);

      const b = await engine(384, false, hnsw({ snapshotDir: dir }));
      assert.equal(b.loadedFrom("knowledge"), "snapshot");
      assert.equal(b.annStats("knowledge")!.builtFrom, "snapshot");
      assert.equal((await b.stats("knowledge")).documents, 2003);
      const backlog = b.annStats("knowledge")!.backlog;
      assert.ok(backlog <= 8, `only the 8 rows changed since the snapshot are indexed again, not ${backlog}`);
      assert.equal((await b.search("knowledge", vectorQuery(moved, 1)))[0]?.id, "c1");
      assert.deepEqual((await b.search("knowledge", vectorQuery(moved, 5, { tags: [{ field: "kind", anyOf: ["moved"] }] }))).map((h) => h.id), ["c1"]);
      assert.equal((await b.search("knowledge", vectorQuery(added[3]!.vector, 1)))[0]?.id, "new3");
      const all = new Map([...docs, ...added].map((d) => [d.id, d.vector] as const));
      all.set("c1", moved);
      all.delete("c2");
      all.delete("c3");
      const queries = clustered(20, 384, 30, 78);
      assert.ok((await recall(b, all, queries)) >= 0.95);
      for (const q of queries) {
        const ids = (await b.search("knowledge", vectorQuery(q, 50))).map((h) => h.id);
        assert.ok(!ids.includes("c2") && !ids.includes("c3"));
      }
    } finally {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads from Redis when the snapshot does not apply: stream trimmed past it, index recreated, or file damaged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retrieval-snapshot-"));
    const opts = hnsw({ snapshotDir: dir, streamMaxLen: 10 });
    try {
      const a = await engine(384, false, opts);
      await upsertAll(a, points(50, 13));
      await closeAll();
      const writer = await engine(384, false, { ann: false, streamMaxLen: 10 });
      for (let i = 0; i < 300; i++) await writer.upsert("knowledge", points(1, 100 + i, `t${i}-`));
      const trimmed = await engine(384, false, opts);
      assert.equal(trimmed.loadedFrom("knowledge"), "redis");
      assert.equal((await trimmed.stats("knowledge")).documents, 350);
      await closeAll();

      const saved = await engine(384, false, opts);
      assert.equal(saved.loadedFrom("knowledge"), "snapshot", "the snapshot saved on close applies");
      assert.equal(saved.annStats("knowledge")!.builtFrom, "snapshot");
      await saved.whenIndexed("knowledge");
      await saved.upsert("knowledge", points(1, 8, "more"));
      await saved.whenIndexed("knowledge");
      await closeAll();
      const hnswFile = (JSON.parse(readFileSync(join(dir, "knowledge.json"), "utf8")) as { hnswFile?: string }).hnswFile;
      assert.ok(hnswFile, "the snapshot holds an HNSW index");
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".hnsw")), [hnswFile], "older snapshots' files are gone");
      writeFileSync(join(dir, hnswFile), "not an index");
      const rebuilt = await engine(384, false, opts);
      assert.equal(rebuilt.loadedFrom("knowledge"), "snapshot", "the rows still load from the snapshot");
      assert.equal(rebuilt.annStats("knowledge")!.builtFrom, "rows", "a damaged HNSW file is rebuilt in the background");
      await rebuilt.whenIndexed("knowledge");
      const one = points(1, 8, "more")[0]!;
      assert.equal((await rebuilt.search("knowledge", vectorQuery(one.vector, 1)))[0]?.id, "more0");
      await closeAll();
      writeFileSync(join(dir, "knowledge.json"), "{ not json");
      const damaged = await engine(384, false, opts);
      assert.equal(damaged.loadedFrom("knowledge"), "redis");
      assert.equal((await damaged.stats("knowledge")).documents, 351);
      await damaged.upsert("knowledge", points(1, 7, "extra"));
      await closeAll();

      await redis.admin.flushall();
      const fresh = await engine(384, false, { ann: false });
      await fresh.upsert("knowledge", points(3, 14, "f"));
      const recreated = await engine(384, false, opts);
      assert.equal(recreated.loadedFrom("knowledge"), "redis");
      assert.equal((await recreated.stats("knowledge")).documents, 3);
    } finally {
      await closeAll();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tells from XINFO STREAM whether a stream still holds every entry after a position", () => {
    const info = (first: string | undefined, more: Record<string, unknown> = {}) => ({
      length: 101, "last-generated-id": "300-0", "max-deleted-entry-id": "0-0", "entries-added": 301, "first-entry": first ? [first, []] : undefined, ...more,
    });
    assert.equal(streamGap(info("200-0"), "250-0"), undefined);
    assert.equal(streamGap(info("200-0"), "200-0"), undefined);
    assert.match(streamGap(info("200-0"), "150-0")!, /trimmed past 150-0/, "trimming leaves max-deleted-entry-id alone");
    assert.equal(streamGap(info("1-0", { length: 301 }), "0-0"), undefined, "nothing was ever removed");
    assert.match(streamGap(info("200-0", { "max-deleted-entry-id": "260-0" }), "250-0")!, /deleted/);
    assert.match(streamGap(info("200-0"), "400-0")!, /behind/);
    assert.match(streamGap(info(undefined, { length: 0, "entries-added": undefined }), "100-0")!, /emptied/);
  });

  it("fails with a clear message when Redis cannot be reached", async () => {
    await assert.rejects(
      PlainVectorEngine.connect({ redisUrl: "redis://127.0.0.1:1", connectTimeoutMs: 600, logger: quiet }),
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*start Redis or point REDIS_URL at a running one/,
    );
  });
});
