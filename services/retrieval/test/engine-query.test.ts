import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { encodeVector } from "../src/engine-plain.js";
import {
  buildFilter,
  escapeTag,
  formatNumber,
  ioredisCaller,
  parseInfo,
  parseSearchReply,
  QueryVectorEngine,
  type RedisArg,
  type RedisCaller,
} from "../src/engine-query.js";
import { hasQueryEngine } from "../src/engine-select.js";
import { FILTER_FIELDS, filterFields } from "../src/server.js";
import { conformanceSuite, prepared } from "./conformance.js";
import { quiet } from "./helpers.js";

/** RecordingRedis records the commands sent and answers each from a table of documented replies. */
class RecordingRedis implements RedisCaller {
  readonly sent: RedisArg[][] = [];
  readonly transactions: RedisArg[][][] = [];
  constructor(private readonly answer: (command: string, args: RedisArg[]) => unknown) {}
  async call(command: string, ...args: RedisArg[]): Promise<unknown> {
    this.sent.push([command, ...args]);
    const reply = this.answer(command, args);
    if (reply instanceof Error) throw reply;
    return reply;
  }
  async transaction(commands: RedisArg[][]): Promise<unknown[]> {
    this.transactions.push(commands);
    return commands.map(() => "OK");
  }
  async close(): Promise<void> {}
}

// FT.INFO reply shape as documented (flat name/value pairs; attributes as flat arrays), trimmed.
const INFO_REPLY = [
  "index_name", "rt:{examples}:idx",
  "index_options", [],
  "index_definition", ["key_type", "HASH", "prefixes", ["rt:{examples}:doc:"], "default_score", "1"],
  "attributes", [
    ["identifier", "vec", "attribute", "vec", "type", "VECTOR", "algorithm", "HNSW", "data_type", "FLOAT32", "dim", 4, "distance_metric", "COSINE", "M", 16, "ef_construction", 200],
    ["identifier", "t_agent", "attribute", "t_agent", "type", "TAG", "SEPARATOR", "|", "CASESENSITIVE"],
  ],
  "num_docs", "3",
  "max_doc_id", "3",
  "num_terms", "0",
  "num_records", "9",
  "hash_indexing_failures", "0",
  "indexing", "0",
  "percent_indexed", "1",
  "number_of_uses", 2,
  "cleaning", 0,
];

// FT.SEARCH ... RETURN 4 text tags payload score ... DIALECT 2 reply shape: [total, key, [field, value, ...], ...].
const SEARCH_REPLY = [
  2,
  "rt:{examples}:doc:e1", ["text", "first example", "tags", '{"agent":"job_fit"}', "payload", '{"n":1}', "score", "0.0500000119209"],
  "rt:{examples}:doc:e2", ["text", "second example", "tags", "{}", "score", "0.75"],
];

const v = Float32Array.from([1, 0, 0.5, -0.25]);

describe("QueryVectorEngine wire commands", () => {
  it("creates a missing index with FT.CREATE after checking the meta and FT._LIST", async () => {
    const redis = new RecordingRedis((command) => (command === "EVAL" ? ["4", "model-a", "2025-01-01T00:00:00.000Z"] : command === "FT._LIST" ? [] : "OK"));
    const engine = new QueryVectorEngine(redis, { logger: quiet, hnsw: { m: 24, efConstruction: 300, efRuntime: 50 } });
    await engine.ensureIndex("examples", { dimension: 4, embedder: "model-a", filters: { tags: ["agent", "kind"], numbers: ["day"] } });
    assert.equal(redis.sent[0]![0], "EVAL");
    assert.deepEqual(redis.sent[0]!.slice(2, 6), [1, "rt:{examples}:meta", 4, "model-a"]);
    assert.deepEqual(redis.sent[1], ["FT._LIST"]);
    assert.deepEqual(redis.sent[2], [
      "FT.CREATE", "rt:{examples}:idx", "ON", "HASH", "PREFIX", 1, "rt:{examples}:doc:",
      "SCHEMA",
      "vec", "VECTOR", "HNSW", 12, "TYPE", "FLOAT32", "DIM", 4, "DISTANCE_METRIC", "COSINE", "M", 24, "EF_CONSTRUCTION", 300, "EF_RUNTIME", 50,
      "t_agent", "TAG", "SEPARATOR", "|", "CASESENSITIVE",
      "t_kind", "TAG", "SEPARATOR", "|", "CASESENSITIVE",
      "n_day", "NUMERIC",
    ]);
    assert.equal(redis.sent.length, 3);
  });

  it("reuses an existing index, adds a newly declared field with FT.ALTER, and refuses a changed dimension", async () => {
    const redis = new RecordingRedis((command) =>
      command === "EVAL" ? ["4", "model-a", "x"] : command === "FT._LIST" ? ["other", "rt:{examples}:idx"] : command === "FT.INFO" ? INFO_REPLY : "OK",
    );
    const engine = new QueryVectorEngine(redis, { logger: quiet });
    await engine.ensureIndex("examples", { dimension: 4, embedder: "model-a", filters: { tags: ["agent", "kind"], numbers: [] } });
    assert.deepEqual(redis.sent.slice(1), [
      ["FT._LIST"],
      ["FT.INFO", "rt:{examples}:idx"],
      ["FT.ALTER", "rt:{examples}:idx", "SCHEMA", "ADD", "t_kind", "TAG", "SEPARATOR", "|", "CASESENSITIVE"],
    ]);
    assert.equal((await engine.stats("examples")).documents, 3);

    const other = new QueryVectorEngine(new RecordingRedis((command) => (command === "EVAL" ? ["8", "model-a", "x"] : command === "FT._LIST" ? ["rt:{examples}:idx"] : INFO_REPLY)), { logger: quiet });
    await assert.rejects(other.ensureIndex("examples", { dimension: 8, embedder: "model-a" }), /built with embedder model-a \(dimension 4\)/);
  });

  it("rebuilds with FT.DROPINDEX DD, sweeps leftovers and the meta, then creates again", async () => {
    let metaCalls = 0;
    const redis = new RecordingRedis((command) => {
      if (command === "EVAL") return metaCalls++ === 0 ? ["4", "model-a", "x"] : ["8", "model-b", "y"];
      if (command === "FT._LIST") return ["rt:{examples}:idx"];
      if (command === "FT.INFO") return INFO_REPLY;
      if (command === "SCAN") return ["0", ["rt:{examples}:doc:left"]];
      return "OK";
    });
    const engine = new QueryVectorEngine(redis, { logger: quiet });
    await engine.ensureIndex("examples", { dimension: 8, embedder: "model-b", rebuild: true });
    const names = redis.sent.map((c) => c[0]);
    assert.deepEqual(names, ["EVAL", "FT._LIST", "FT.INFO", "FT.DROPINDEX", "SCAN", "UNLINK", "DEL", "EVAL", "FT.CREATE"]);
    assert.deepEqual(redis.sent[3], ["FT.DROPINDEX", "rt:{examples}:idx", "DD"]);
    assert.deepEqual(redis.sent[4], ["SCAN", "0", "MATCH", "rt:{examples}:doc:*", "COUNT", 1000]);
    assert.deepEqual(redis.sent[6], ["DEL", "rt:{examples}:meta"]);
  });

  it("upserts each document as DEL + HSET in one transaction, with declared filter fields", async () => {
    const redis = new RecordingRedis((command) => (command === "EVAL" ? ["4", "model-a", "x"] : command === "FT._LIST" ? [] : "OK"));
    const engine = new QueryVectorEngine(redis, { logger: quiet });
    await engine.ensureIndex("examples", { dimension: 4, embedder: "model-a", filters: { tags: ["agent"], numbers: ["day"] } });
    const n = await engine.upsert("examples", [
      { id: "e1", text: "hello", vector: v, tags: { agent: "job_fit", other: "x", empty: "" }, numbers: { day: 19_700, weight: 2 }, payloadJson: '{"a":1}' },
    ]);
    assert.equal(n, 1);
    assert.deepEqual(redis.transactions[0], [
      ["DEL", "rt:{examples}:doc:e1"],
      ["HSET", "rt:{examples}:doc:e1",
        "text", "hello", "vec", encodeVector(v), "tags", '{"agent":"job_fit","other":"x","empty":""}', "numbers", '{"day":19700,"weight":2}', "payload", '{"a":1}',
        "t_agent", "job_fit", "n_day", "19700"],
    ]);
    await assert.rejects(
      engine.upsert("examples", [{ id: "bad", text: "", vector: v, tags: { agent: "a|b" }, numbers: {}, payloadJson: "" }]),
      /tag "agent" contains "\|"/,
    );
    await assert.rejects(
      engine.upsert("examples", [{ id: "ok", text: "", vector: v, tags: {}, numbers: {}, payloadJson: "" }, { id: "nan", text: "", vector: Float32Array.from([1, NaN, 0, 0]), tags: {}, numbers: {}, payloadJson: "" }]),
      /document "nan" has a vector whose component 1 is NaN/,
    );
    assert.equal(redis.transactions.length, 1, "a refused batch sends nothing");
  });

  it("searches with FT.SEARCH KNN under a pre-filter and reads the documented reply", async () => {
    const redis = new RecordingRedis((command) =>
      command === "EVAL" ? ["4", "model-a", "x"] : command === "FT._LIST" ? [] : command === "FT.SEARCH" ? SEARCH_REPLY : "OK",
    );
    const engine = new QueryVectorEngine(redis, { logger: quiet, hnsw: { efRuntime: 64 } });
    await engine.ensureIndex("examples", { dimension: 4, embedder: "model-a", filters: { tags: ["agent", "kind"], numbers: ["day"] } });
    const hits = await engine.search("examples", {
      vector: v,
      k: 5,
      tags: [{ field: "agent", anyOf: ["job_fit", "career advice"] }],
      ranges: [{ field: "day", min: 19_000 }],
      minScore: 0.5,
    });
    assert.deepEqual(redis.sent.at(-1), [
      "FT.SEARCH", "rt:{examples}:idx",
      "(@t_agent:{job_fit | career\\ advice} @n_day:[19000 +inf])=>[KNN $k @vec $blob EF_RUNTIME $ef AS score]",
      "PARAMS", 6, "k", 5, "blob", encodeVector(v), "ef", 64,
      "SORTBY", "score",
      "RETURN", 4, "text", "tags", "payload", "score",
      "LIMIT", 0, 5,
      "DIALECT", 2,
    ]);
    assert.equal(hits.length, 1, "the second hit's similarity 0.25 is under min score 0.5");
    assert.equal(hits[0]!.id, "e1");
    assert.ok(Math.abs(hits[0]!.score - 0.95) < 1e-6);
    assert.equal(hits[0]!.text, "first example");
    assert.deepEqual(hits[0]!.tags, { agent: "job_fit" });
    assert.equal(hits[0]!.payloadJson, '{"n":1}');

    await engine.search("examples", { vector: v, k: 100, tags: [], ranges: [], minScore: -1 });
    const plain = redis.sent.at(-1)!;
    assert.equal(plain[2], "*=>[KNN $k @vec $blob EF_RUNTIME $ef AS score]");
    assert.deepEqual(plain.slice(4, 11), [6, "k", 100, "blob", encodeVector(v), "ef", 100]);

    await assert.rejects(
      engine.search("examples", { vector: v, k: 5, tags: [{ field: "company", anyOf: ["acme"] }], ranges: [], minScore: -1 }),
      (e: unknown) => e instanceof RangeError && /cannot filter on tag "company".*tags: agent, kind.*RETRIEVAL_FILTER_TAGS=examples\.company/.test(e.message),
    );
    const before = redis.sent.length;
    assert.deepEqual(await engine.search("examples", { vector: v, k: 5, tags: [{ field: "kind", anyOf: ["", "  "] }], ranges: [], minScore: -1 }), []);
    assert.equal(redis.sent.length, before, "a filter no document can match sends nothing");
  });

  it("deletes with DEL and counts what Redis deleted", async () => {
    const redis = new RecordingRedis((command) => (command === "EVAL" ? ["4", "m", "x"] : command === "FT._LIST" ? [] : command === "DEL" ? 1 : "OK"));
    const engine = new QueryVectorEngine(redis, { logger: quiet });
    await engine.ensureIndex("skills", { dimension: 4, embedder: "m" });
    assert.equal(await engine.delete("skills", ["a", "b", "a"]), 1);
    assert.deepEqual(redis.sent.at(-1), ["DEL", "rt:{skills}:doc:a", "rt:{skills}:doc:b"]);
  });
});

describe("Query Engine query text and replies", () => {
  it("escapes tag values so punctuation and spaces stay literal", () => {
    assert.equal(escapeTag("job_fit"), "job_fit");
    assert.equal(escapeTag("u-42@example.com"), "u\\-42\\@example\\.com");
    assert.equal(escapeTag("C++ & Rust: a/b {test}"), "C\\+\\+\\ \\&\\ Rust\\:\\ a\\/b\\ \\{test\\}");
    assert.equal(escapeTag('say "hi" | \\'), 'say\\ \\"hi\\"\\ \\|\\ \\\\');
    assert.equal(escapeTag("café 2024"), "café\\ 2024");
    assert.equal(escapeTag("a\tb_c"), "a\\\tb_c");
  });

  it("builds pre-filters with open ranges as -inf / +inf, and refuses undeclared fields", () => {
    const fields = { tags: new Set(["kind"]), numbers: new Set(["day"]) };
    assert.equal(buildFilter("k", fields, { tags: [], ranges: [] }), "*");
    assert.equal(buildFilter("k", fields, { tags: [], ranges: [{ field: "day", max: -2.5 }] }), "(@n_day:[-inf -2.5])");
    assert.equal(buildFilter("k", fields, { tags: [], ranges: [{ field: "day" }] }), "(@n_day:[-inf +inf])");
    assert.equal(buildFilter("k", fields, { tags: [{ field: "kind", anyOf: ["a", "a", "b c"] }], ranges: [{ field: "day", min: 1, max: 2 }] }), "(@t_kind:{a | b\\ c} @n_day:[1 2])");
    assert.throws(() => buildFilter("k", fields, { tags: [], ranges: [{ field: "year" }] }), /cannot filter on number "year".*RETRIEVAL_FILTER_NUMBERS=k\.year/);
    assert.equal(buildFilter("k", fields, { tags: [{ field: "kind", anyOf: [" post ", "post"] }], ranges: [] }), "(@t_kind:{post})", "tags are trimmed when indexed, so filter values are too");
    assert.equal(buildFilter("k", fields, { tags: [], ranges: [{ field: "day", min: 1e21, max: 2.5e-7 }] }), "(@n_day:[1e21 2.5e-7])");
  });

  it("writes numbers the query lexer reads: no \"+\" in exponents", () => {
    assert.equal(formatNumber(19_700), "19700");
    assert.equal(formatNumber(-1.5), "-1.5");
    assert.equal(formatNumber(1e21), "1e21");
    assert.equal(formatNumber(-3e-9), "-3e-9");
    assert.equal(formatNumber(Infinity), "+inf");
  });

  it("parses the documented FT.SEARCH and FT.INFO reply shapes", () => {
    assert.deepEqual(parseSearchReply([0]), []);
    assert.deepEqual(parseSearchReply(SEARCH_REPLY)[1], { key: "rt:{examples}:doc:e2", fields: { text: "second example", tags: "{}", score: "0.75" } });
    assert.deepEqual(parseInfo(INFO_REPLY), { documents: 3, tags: ["agent"], numbers: [], vectorDimension: 4, indexing: false, percentIndexed: 1 });
    assert.deepEqual(parseInfo(["num_docs", 7, "attributes", [], "indexing", 1, "percent_indexed", "0.5"]), { documents: 7, tags: [], numbers: [], indexing: true, percentIndexed: 0.5 });
  });

  it("detects the Query Engine from MODULE LIST, else from FT._LIST", async () => {
    const modules = [["name", "search", "ver", 80005, "path", "/usr/lib/redis/modules/redisearch.so", "args", []], ["name", "ReJSON", "ver", 80001]];
    assert.equal(await hasQueryEngine({ call: async () => modules }), true);
    assert.equal(await hasQueryEngine({ call: async (c) => (c === "MODULE" ? [] : ["idx"]) }), true);
    assert.equal(await hasQueryEngine({ call: async (c) => (c === "MODULE" ? [] : Promise.reject(new Error("ERR unknown command 'FT._LIST'"))) }), false);
    assert.equal(await hasQueryEngine({ call: async () => Promise.reject(new Error("NOPERM")) }), false);
  });

  it("adds filter fields from RETRIEVAL_FILTER_TAGS / RETRIEVAL_FILTER_NUMBERS", () => {
    const f = filterFields("knowledge.company, examples.agent", "knowledge.year");
    assert.deepEqual(f.knowledge, { tags: [...FILTER_FIELDS.knowledge.tags, "company"], numbers: [...FILTER_FIELDS.knowledge.numbers, "year"] });
    assert.deepEqual(f.examples, FILTER_FIELDS.examples);
    assert.throws(() => filterFields("nope.x"), /RETRIEVAL_FILTER_TAGS: "nope\.x" must be index\.field/);
    assert.throws(() => filterFields("", "knowledge.Bad-Name"), /RETRIEVAL_FILTER_NUMBERS/);
  });
});

const url = process.env.REDIS_QUERY_ENGINE_URL;
if (url) {
  conformanceSuite(
    "QueryVectorEngine",
    async (redisUrl, spec) => prepared(await QueryVectorEngine.connect({ redisUrl, logger: quiet, connectTimeoutMs: 2_000 }), spec),
    {
      kind: "query-engine",
      exact: false,
      async store() {
        const admin = new Redis(url);
        const caller = ioredisCaller(admin);
        return {
          url,
          async flush() {
            for (const name of (await caller.call("FT._LIST")) as string[]) {
              if (name.startsWith("rt:{")) await caller.call("FT.DROPINDEX", name);
            }
            await admin.flushall();
          },
          stop: () => caller.close(),
        };
      },
    },
  );
} else {
  describe("QueryVectorEngine conformance", () => {
    it.skip("needs a Redis with the Query Engine: set REDIS_QUERY_ENGINE_URL (e.g. redis://localhost:6380 from `docker run -p 6380:6379 redis:8`)", () => undefined);
  });
}
