import assert from "node:assert/strict";
import { startRedis, type LocalRedis } from "@springboard/cluster";
import { HashedNgramEmbedder } from "@springboard/embeddings";
import { Redis } from "ioredis";
import { IndexMismatchError } from "../src/engine.js";
import { PlainVectorEngine } from "../src/engine-plain.js";
import { openEngine, quiet } from "./helpers.js";

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
  let redis: LocalRedis;
  let admin: Redis;
  const open: PlainVectorEngine[] = [];
  const engine = async (dimension = 384, rebuild = false) => {
    const e = await openEngine(redis.url, dimension, rebuild);
    open.push(e);
    return e;
  };

  before(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  });
  after(async () => {
    admin.disconnect();
    await redis.stop();
  });
  beforeEach(() => admin.flushall());
  afterEach(async () => {
    for (const e of open.splice(0)) await e.close();
  });

  it("converges across two replicas on the same Redis: write via one, search via the other", async () => {
    const a = await engine();
    const b = await engine();
    await a.upsert("knowledge", [doc("k1", "kubernetes autoscaling with keda"), doc("k2", "baking sourdough bread")]);
    const ms = await eventually(async () => (await b.search("knowledge", query("keda autoscaling", 1)))[0]?.id === "k1");
    assert.ok(ms < 1_000);
    await b.upsert("knowledge", [doc("k1", "sourdough starter feeding schedule")]);
    await eventually(async () => (await a.search("knowledge", query("sourdough starter", 1)))[0]?.id === "k1");
    await b.delete("knowledge", ["k2"]);
    await eventually(async () => (await a.stats("knowledge")).documents === 1);
    const hits = await a.search("knowledge", query("sourdough", 5));
    assert.deepEqual(hits.map((h) => h.id), ["k1"]);
    assert.equal(hits[0]!.text, "sourdough starter feeding schedule");
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

  it("a restarted replica catches up on what was written while it was down", async () => {
    const a = await engine();
    const b = await engine();
    await a.upsert("skills", [doc("s1", "people search by keywords")]);
    await b.close();
    await a.upsert("skills", [doc("s2", "company profile lookup")]);
    await a.delete("skills", ["s1"]);
    const b2 = await engine();
    const hits = await b2.search("skills", query("company profile", 5));
    assert.deepEqual(hits.map((h) => h.id), ["s2"]);
  });

  it("refuses an index built with another embedder or dimension, and rebuilds on request", async () => {
    const a = await engine(384);
    await a.upsert("knowledge", [doc("k1", "hello world")]);
    await a.close();
    open.length = 0;
    await assert.rejects(engine(256), (e: unknown) => {
      assert.ok(e instanceof IndexMismatchError);
      assert.match(e.message, /index "examples" was built with embedder hashed-ngram-v1-384 \(dimension 384\)/);
      assert.match(e.message, /hashed-ngram-v1-256 \(dimension 256\)/);
      assert.match(e.message, /RETRIEVAL_REBUILD=true/);
      return true;
    });
    const other = await PlainVectorEngine.connect({ redisUrl: redis.url, logger: quiet });
    open.push(other);
    await assert.rejects(other.ensureIndex("knowledge", { dimension: 384, embedder: "some-other-model" }), /built with embedder hashed-ngram-v1-384.*Rebuild it/);
    assert.equal(await admin.exists("rt:{knowledge}:doc:k1"), 1);

    const rebuilt = await engine(256, true);
    assert.equal((await rebuilt.stats("knowledge")).documents, 0);
    assert.equal((await rebuilt.stats("knowledge")).dimension, 256);
    assert.equal(await admin.exists("rt:{knowledge}:doc:k1"), 0);
    assert.equal(await admin.hget("rt:{knowledge}:meta", "embedder"), "hashed-ngram-v1-256");
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

  it("fails with a clear message when Redis cannot be reached", async () => {
    await assert.rejects(
      PlainVectorEngine.connect({ redisUrl: "redis://127.0.0.1:1", connectTimeoutMs: 600, logger: quiet }),
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*start Redis or point REDIS_URL at a running one/,
    );
  });
});
