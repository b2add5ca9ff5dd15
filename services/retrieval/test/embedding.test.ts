import assert from "node:assert/strict";
import { startCluster, type Cluster } from "@springboard/cluster";
import { Code } from "@connectrpc/connect";
import { EmbeddingDimensionError, EmbeddingError, HashedNgramEmbedder, OpenAiEmbedder, type Embedder } from "@springboard/embeddings";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { serviceClient } from "@springboard/runtime";
import { failure, startStack, stream, suiteRedis, type Stack } from "./helpers.js";

/** CountingEmbedder embeds with the built-in embedder, recording every batch it is asked for, or fails as told. */
class CountingEmbedder implements Embedder {
  readonly name = "counting";
  readonly dimension = 384;
  readonly batches: string[][] = [];
  failure: Error | undefined;
  private readonly inner = new HashedNgramEmbedder(384);

  async embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    this.batches.push([...texts]);
    await new Promise((r) => setTimeout(r, 5));
    if (this.failure) throw this.failure;
    return this.inner.embedBatch(texts);
  }
}

describe("RetrievalService embedding", function () {
  this.timeout(60_000);
  const redis = suiteRedis();
  let stack: Stack;
  let embedder: CountingEmbedder;
  let client: ReturnType<typeof serviceClient<typeof RetrievalService>>;

  beforeEach(async () => {
    embedder = new CountingEmbedder();
    stack = await startStack(redis.url, 384, embedder);
    client = serviceClient(RetrievalService, stack.service.address);
  });
  afterEach(() => stack.close());

  it("embeds the texts of a message in one batch, and only those sent without a vector", async () => {
    const given = Array.from(new HashedNgramEmbedder(384).embed("given vector"));
    await client.upsert(stream({
      index: "knowledge",
      documents: [{ id: "a", text: "first text" }, { id: "b", text: "has a vector", vector: given }, { id: "c", text: "third text" }],
    }));
    assert.deepEqual(embedder.batches, [["first text", "third text"]]);
    const hit = await client.search({ index: "knowledge", vector: given, k: 1 });
    assert.equal(hit.hits[0]?.id, "b");
  });

  it("embeds a query once: later searches read the cache, concurrent ones share one embedding", async () => {
    await client.upsert(stream({ index: "knowledge", documents: [{ id: "a", text: "accessibility engineer" }] }));
    embedder.batches.length = 0;
    const searches = await Promise.all(Array.from({ length: 5 }, () => client.search({ index: "knowledge", query: "accessibility", k: 1 })));
    for (const s of searches) assert.equal(s.hits[0]?.id, "a");
    await client.search({ index: "knowledge", query: "accessibility", k: 1 });
    assert.deepEqual(embedder.batches, [["accessibility"]]);
  });

  it("answers a misconfigured embedder with FAILED_PRECONDITION and an outage with UNAVAILABLE, writing nothing", async () => {
    embedder.failure = new EmbeddingDimensionError("counting", 384, 768, "embeddings endpoint http://x/v1/embeddings (model m)");
    let err = await failure(client.upsert(stream({ index: "knowledge", documents: [{ id: "a", text: "some text" }] })));
    assert.equal(err.code, Code.FailedPrecondition);
    assert.match(err.rawMessage, /returned vectors of 768 dimensions, but the index expects 384: set RETRIEVAL_DIMENSION=768/);
    err = await failure(client.search({ index: "knowledge", query: "some text" }));
    assert.equal(err.code, Code.FailedPrecondition);

    embedder.failure = new EmbeddingError("embeddings endpoint http://x/v1/embeddings answered 503: busy", true);
    err = await failure(client.upsert(stream({ index: "knowledge", documents: [{ id: "a", text: "some text" }] })));
    assert.equal(err.code, Code.Unavailable);
    assert.match(err.rawMessage, /embedding failed: .*answered 503: busy; retry shortly/);
    assert.equal((await client.stats({ index: "knowledge" })).documents, 0n);
    assert.equal((await redis.admin.keys("rt:{knowledge}:doc:*")).length, 0);
  });
});

describe("OpenAiEmbedder against llm-sim", function () {
  this.timeout(60_000);
  const redis = suiteRedis(false);
  let cluster: Cluster;

  before(async () => {
    cluster = await startCluster({ ports: "free", only: ["llm-sim"], redisUrl: redis.url, env: { LOG_LEVEL: "warn" } });
  });
  after(async () => {
    await cluster?.stop();
  });

  it("embeds through /v1/embeddings what the built-in embedder computes, and serves searches with it", async () => {
    const remote = new OpenAiEmbedder({ baseUrl: `http://${cluster.address("llm-sim")}/v1`, apiKey: "sk-local", model: "springboard-embed", dimension: 384 });
    const texts = ["Senior accessibility engineer at Acme Robotics", "Introduction to gardening"];
    assert.deepEqual(await remote.embedBatch(texts), await new HashedNgramEmbedder(384).embedBatch(texts));
    const stack = await startStack(redis.url, 384, remote);
    try {
      const client = serviceClient(RetrievalService, stack.service.address);
      await client.upsert(stream({ index: "knowledge", documents: texts.map((text, i) => ({ id: `d${i}`, text })) }));
      assert.equal((await client.search({ index: "knowledge", query: "accessibility engineer", k: 1 })).hits[0]?.id, "d0");
    } finally {
      await stack.close();
    }
    const wrong = new OpenAiEmbedder({ baseUrl: `http://${cluster.address("llm-sim")}/v1`, model: "springboard-embed", dimension: 256 });
    await assert.rejects(wrong.embedBatch(["x"]), EmbeddingDimensionError);
    const asked = new OpenAiEmbedder({ baseUrl: `http://${cluster.address("llm-sim")}/v1`, model: "springboard-embed", dimension: 256, sendDimensions: true });
    assert.equal((await asked.embedBatch(["x"]))[0]!.length, 256);
  });
});
