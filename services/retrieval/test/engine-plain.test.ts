import assert from "node:assert/strict";
import { startRedis, type LocalRedis } from "@springboard/cluster";
import { HashedNgramEmbedder } from "@springboard/embeddings";
import { Redis } from "ioredis";
import { PlainVectorEngine } from "../src/engine-plain.js";
import { conformanceSuite, prepared } from "./conformance.js";
import { openEngine, quiet } from "./helpers.js";

conformanceSuite(
  "PlainVectorEngine",
  async (redisUrl, spec) => prepared(await PlainVectorEngine.connect({ redisUrl, logger: quiet, connectTimeoutMs: 2_000 }), spec),
  {
    kind: "in-process",
    exact: true,
    async store() {
      const redis = await startRedis();
      const admin = new Redis(redis.url);
      return {
        url: redis.url,
        flush: async () => void (await admin.flushall()),
        async stop() {
          admin.disconnect();
          await redis.stop();
        },
      };
    },
  },
);

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
