import assert from "node:assert/strict";
import { Code, ConnectError } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { RetrievalService, type DocumentSchema } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { serviceClient } from "@springboard/runtime";
import { keys } from "../src/engine-plain.js";
import { bruteForce, failure, randomVector, startStack, stream, suiteRedis, type Stack } from "./helpers.js";

type Client = ReturnType<typeof serviceClient<typeof RetrievalService>>;

async function rejects(p: Promise<unknown>, code: Code, pattern: RegExp): Promise<ConnectError> {
  const err = await failure(p);
  assert.equal(err.code, code, `expected ${Code[code]}, got ${Code[err.code]}: ${err.rawMessage}`);
  assert.match(err.rawMessage, pattern);
  return err;
}

describe("RetrievalService", function () {
  this.timeout(60_000);
  const redis = suiteRedis();
  let stack: Stack;
  let client: Client;

  beforeEach(async () => {
    stack = await startStack(redis.url);
    client = serviceClient(RetrievalService, stack.service.address);
  });
  afterEach(async () => {
    await stack.close();
  });

  const documents = (): MessageInitShape<typeof DocumentSchema>[] => [
    { id: "job-1", text: "Senior accessibility engineer at Acme Robotics", tags: { kind: "job", company: "acme" }, numbers: { year: 2024 }, payloadJson: '{"url":"/jobs/1"}' },
    { id: "job-2", text: "Accessibility specialist for web applications", tags: { kind: "job", company: "globex" }, numbers: { year: 2025 } },
    { id: "post-1", text: "How we made our robots accessible to every engineer", tags: { kind: "post", company: "acme" }, numbers: { year: 2023 } },
    { id: "course-1", text: "Introduction to gardening and composting", tags: { kind: "course" }, numbers: { year: 2025 } },
  ];

  it("upserts, searches with and without filters and min_score, deletes, and reports stats", async () => {
    const up = await client.upsert(stream({ index: "knowledge", documents: documents() }));
    assert.equal(up.upserted, 4);

    const all = await client.search({ index: "knowledge", query: "accessibility engineer", k: 3 });
    assert.equal(all.hits.length, 3);
    assert.equal(all.hits[0]!.id, "job-1");
    assert.equal(all.hits[0]!.text, "Senior accessibility engineer at Acme Robotics");
    assert.deepEqual(all.hits[0]!.tags, { kind: "job", company: "acme" });
    assert.equal(all.hits[0]!.payloadJson, '{"url":"/jobs/1"}');
    for (let i = 1; i < all.hits.length; i++) assert.ok(all.hits[i - 1]!.score >= all.hits[i]!.score);

    const posts = await client.search({ index: "knowledge", query: "accessibility engineer", tags: [{ field: "kind", anyOf: ["post", "course"] }] });
    assert.deepEqual(posts.hits.map((h) => h.id).sort(), ["course-1", "post-1"].filter((id) => posts.hits.some((h) => h.id === id)).sort());
    assert.ok(posts.hits.every((h) => h.tags.kind === "post" || h.tags.kind === "course"));

    const recent = await client.search({ index: "knowledge", query: "accessibility", numbers: [{ field: "year", min: 2025 }], minScore: -1, k: 10 });
    assert.deepEqual(recent.hits.map((h) => h.id).sort(), ["course-1", "job-2"]);

    const ranged = await client.search({ index: "knowledge", query: "accessibility", numbers: [{ field: "year", min: 2023, max: 2024 }], tags: [{ field: "company", anyOf: ["acme"] }], minScore: -1, k: 10 });
    assert.deepEqual(ranged.hits.map((h) => h.id).sort(), ["job-1", "post-1"]);

    const strict = await client.search({ index: "knowledge", query: "accessibility engineer", minScore: 0.3, k: 10 });
    assert.ok(strict.hits.length >= 1);
    assert.ok(strict.hits.every((h) => h.score >= 0.3));
    assert.ok(!strict.hits.some((h) => h.id === "course-1"));

    let stats = await client.stats({ index: "knowledge" });
    assert.equal(stats.documents, 4n);
    assert.equal(stats.dimension, 384);
    assert.equal(stats.embedder, "hashed-ngram-v1-384");
    assert.equal(stats.engine, "in-process");

    const del = await client.delete({ index: "knowledge", ids: ["job-1", "nope"] });
    assert.equal(del.deleted, 1);
    const after = await client.search({ index: "knowledge", query: "accessibility engineer", k: 10, minScore: -1 });
    assert.ok(!after.hits.some((h) => h.id === "job-1"));
    stats = await client.stats({ index: "knowledge" });
    assert.equal(stats.documents, 3n);
    assert.equal(await redis.admin.exists(keys.doc("knowledge", "job-1")), 0);
  });

  it("stores documents in the documented Redis layout and logs every change", async () => {
    await client.upsert(stream({ index: "skills", documents: [{ id: "s1", text: "find people", tags: { a: "b" }, numbers: { n: 1 } }] }));
    const h = await redis.admin.hgetallBuffer(keys.doc("skills", "s1"));
    assert.equal(h.text!.toString(), "find people");
    assert.equal(h.vec!.length, 384 * 4);
    assert.deepEqual(JSON.parse(h.tags!.toString()), { a: "b" });
    assert.deepEqual(JSON.parse(h.numbers!.toString()), { n: 1 });
    const meta = await redis.admin.hgetall(keys.meta("skills"));
    assert.equal(meta.dimension, "384");
    assert.equal(meta.embedder, "hashed-ngram-v1-384");
    assert.ok(meta.created);
    assert.equal(await redis.admin.xlen(keys.changes("skills")), 1);
  });

  it("is idempotent by id: re-upserting replaces", async () => {
    await client.upsert(stream({ index: "examples", documents: documents() }));
    await client.upsert(stream({ index: "examples", documents: documents() }));
    assert.equal((await client.stats({ index: "examples" })).documents, 4n);
    await client.upsert(stream({ index: "examples", documents: [{ id: "job-1", text: "Pastry chef in Lyon", tags: { kind: "job" } }] }));
    assert.equal((await client.stats({ index: "examples" })).documents, 4n);
    const res = await client.search({ index: "examples", query: "pastry chef", k: 1 });
    assert.equal(res.hits[0]!.id, "job-1");
    assert.equal(res.hits[0]!.text, "Pastry chef in Lyon");
    assert.deepEqual(res.hits[0]!.tags, { kind: "job" });
  });

  it("accepts several messages in one upsert stream, with given vectors", async () => {
    const v = randomVector(384, 42);
    const res = await client.upsert(
      stream(
        { index: "knowledge", documents: documents().slice(0, 2) },
        { index: "knowledge", documents: [{ id: "vec-1", text: "", vector: [...v] }] },
        { index: "examples", documents: documents().slice(2) },
      ),
    );
    assert.equal(res.upserted, 5);
    const hit = await client.search({ index: "knowledge", vector: [...v], k: 1 });
    assert.equal(hit.hits[0]!.id, "vec-1");
    assert.ok(Math.abs(hit.hits[0]!.score - 1) < 1e-5);
    assert.equal((await client.stats({ index: "examples" })).documents, 2n);
  });

  it("refuses bad input with a clear status and writes nothing of the bad message", async () => {
    const good = documents()[0]!;
    const nan = Array.from(randomVector(384, 1));
    nan[7] = NaN;
    await rejects(
      client.upsert(stream({ index: "knowledge", documents: [good, { id: "bad-nan", text: "x", vector: nan }] })),
      Code.InvalidArgument,
      /"bad-nan".*vector\[7\] is NaN.*nothing of this message was written/,
    );
    await rejects(
      client.upsert(stream({ index: "knowledge", documents: [good, { id: "short", text: "x", vector: [1, 2, 3] }] })),
      Code.InvalidArgument,
      /"short": vector has 3 dimensions; the index has 384/,
    );
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `m${i}`, text: `document ${i}` }));
    await rejects(client.upsert(stream({ index: "knowledge", documents: many })), Code.InvalidArgument, /1001 documents; the limit is 1000/);
    await rejects(
      client.upsert(stream({ index: "knowledge", documents: [good, { id: "", text: "no id" }] })),
      Code.InvalidArgument,
      /id is empty/,
    );
    await rejects(
      client.upsert(stream({ index: "knowledge", documents: [good, { id: "big", text: "x".repeat(33 * 1024) }] })),
      Code.InvalidArgument,
      /"big": text is 33792 bytes; the limit is 32768/,
    );
    await rejects(
      client.upsert(stream({ index: "knowledge", documents: [good, { id: "p", text: "x", payloadJson: "{nope" }] })),
      Code.InvalidArgument,
      /"p": payload_json is not valid JSON/,
    );
    await rejects(client.upsert(stream({ index: "nope", documents: [good] })), Code.NotFound, /unknown index "nope"; known indexes: "examples", "knowledge", "skills"/);
    await rejects(client.search({ index: "nope", query: "x" }), Code.NotFound, /unknown index "nope"/);
    await rejects(client.delete({ index: "nope", ids: ["a"] }), Code.NotFound, /unknown index/);
    await rejects(client.stats({ index: "nope" }), Code.NotFound, /unknown index/);
    await rejects(client.search({ index: "knowledge", vector: [1, 2] }), Code.InvalidArgument, /query vector has 2 dimensions/);
    await rejects(client.search({ index: "knowledge", query: "x", k: 101 }), Code.InvalidArgument, /k is 101/);
    await rejects(client.search({ index: "knowledge" }), Code.InvalidArgument, /query text or a query vector/);
    await rejects(client.search({ index: "knowledge", query: "x", minScore: 2 }), Code.InvalidArgument, /min_score/);

    assert.equal((await client.stats({ index: "knowledge" })).documents, 0n);
    assert.equal((await redis.admin.keys("rt:{knowledge}:doc:*")).length, 0);
    assert.equal(await redis.admin.exists(keys.changes("knowledge")), 0);
  });

  it("keeps earlier messages of a stream when a later one is refused", async () => {
    await rejects(
      client.upsert(stream({ index: "knowledge", documents: documents() }, { index: "knowledge", documents: [{ id: "bad", text: "" }] })),
      Code.InvalidArgument,
      /message 2 .*"bad": has neither text nor vector/,
    );
    assert.equal((await client.stats({ index: "knowledge" })).documents, 4n);
  });

  it("answers a 20,000-document search exactly and fast", async function () {
    this.timeout(120_000);
    const n = 20_000;
    const d = 384;
    const vectors = new Map<string, Float32Array>();
    const messages = [];
    for (let m = 0; m < n / 1000; m++) {
      const docs = [];
      for (let i = m * 1000; i < (m + 1) * 1000; i++) {
        const v = randomVector(d, i + 1);
        vectors.set(`d${i}`, v);
        docs.push({ id: `d${i}`, text: `document ${i}`, vector: [...v], tags: { shard: String(i % 4) }, numbers: { i } });
      }
      messages.push({ index: "knowledge", documents: docs });
    }
    const t0 = performance.now();
    const up = await client.upsert(stream(...messages));
    const ingestMs = performance.now() - t0;
    assert.equal(up.upserted, n);
    assert.equal((await client.stats({ index: "knowledge" })).documents, BigInt(n));

    const q = randomVector(d, 777_777);
    const want = bruteForce(vectors, q, 10);
    const res = await client.search({ index: "knowledge", vector: [...q], k: 10, minScore: -1 });
    assert.deepEqual(res.hits.map((h) => h.id), want.map((h) => h.id));
    res.hits.forEach((h, i) => assert.ok(Math.abs(h.score - want[i]!.score) < 1e-5, `${h.score} vs ${want[i]!.score}`));

    const keep = (id: string) => Number(id.slice(1)) % 4 === 1 && Number(id.slice(1)) >= 5000;
    const wantFiltered = bruteForce(vectors, q, 10, keep);
    const filtered = await client.search({ index: "knowledge", vector: [...q], k: 10, minScore: -1, tags: [{ field: "shard", anyOf: ["1"] }], numbers: [{ field: "i", min: 5000 }] });
    assert.deepEqual(filtered.hits.map((h) => h.id), wantFiltered.map((h) => h.id));

    const query = { vector: q, k: 10, tags: [], ranges: [], minScore: -1 };
    for (let i = 0; i < 20; i++) await stack.engine.search("knowledge", query);
    const runs = 100;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await stack.engine.search("knowledge", query);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const rpc: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await client.search({ index: "knowledge", vector: [...q], k: 10 });
      rpc.push(performance.now() - t);
    }
    rpc.sort((a, b) => a - b);
    const p50 = times[runs / 2]!;
    console.log(
      `      20k×384: ingest ${Math.round(ingestMs)} ms; engine search p50 ${p50.toFixed(2)} ms, p99 ${times[runs - 2]!.toFixed(2)} ms; ` +
        `RPC p50 ${rpc[25]!.toFixed(2)} ms`,
    );
    assert.ok(p50 < 5, `search p50 ${p50} ms`);
  });
});
