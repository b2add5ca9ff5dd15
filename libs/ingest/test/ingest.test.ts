import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { ListPostsResponseSchema, PostSchema, PostService, type Post } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RetrievalService, StatsResponseSchema, UpsertResponseSchema, type Document } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { ListResponseSchema, SkillRegistryService, SkillDefinitionSchema } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { bind, createLogger, invalidArgument, startService } from "@springboard/runtime";
import { exampleDocuments, defaultAgentsDir, runIngest, ServiceUnreachableError, type IngestProgress } from "../src/index.js";
import { runIngestCommand } from "../src/command.js";

const POSTS: Post[] = Array.from({ length: 123 }, (_, i) =>
  create(PostSchema, {
    id: `post-${String(i + 1).padStart(5, "0")}`,
    authorId: `member-${String((i % 7) + 1).padStart(5, "0")}`,
    authorName: `Author ${(i % 7) + 1}`,
    title: `Title ${i + 1}`,
    text: i % 2 === 0 ? `Title ${i + 1}\nBody of post ${i + 1}.` : `Body of article ${i + 1}.`,
    topics: i % 10 === 0 ? [] : ["data", "careers"],
    publishedDay: 2000 - i,
    kind: i % 2 === 0 ? "post" : "article",
  }),
);

/** fakes serves retrieval (in memory), member-graph posts and a skill registry on port 0. */
async function startFakes() {
  const indexes = new Map<string, Map<string, Document>>([["examples", new Map()], ["knowledge", new Map()], ["skills", new Map([["s1", {} as Document]])]]);
  const messages: { index: string; size: number }[] = [];
  const pageSizes: number[] = [];
  const logger = createLogger("ingest-test", "silent");
  const service = await startService({
    name: "fakes",
    port: 0,
    logger,
    services: [
      bind(RetrievalService, {
        async upsert(requests) {
          let upserted = 0;
          for await (const req of requests) {
            if (req.documents.length > 1000) throw invalidArgument("too many");
            messages.push({ index: req.index, size: req.documents.length });
            for (const d of req.documents) indexes.get(req.index)!.set(d.id, d);
            upserted += req.documents.length;
          }
          return create(UpsertResponseSchema, { upserted });
        },
        stats(req) {
          return create(StatsResponseSchema, { index: req.index, documents: BigInt(indexes.get(req.index)!.size), dimension: 8, embedder: "fake", engine: "in-process" });
        },
      }),
      bind(PostService, {
        listPosts(req) {
          pageSizes.push(req.pageSize);
          const from = req.pageToken ? Number(req.pageToken) : 0;
          const to = Math.min(POSTS.length, from + Math.min(req.pageSize || 10, 50));
          return create(ListPostsResponseSchema, { posts: POSTS.slice(from, to), nextPageToken: to < POSTS.length ? String(to) : "", total: POSTS.length });
        },
      }),
      bind(SkillRegistryService, {
        list() {
          return create(ListResponseSchema, { skills: ["job_details", "member_profile", "web_search"].map((name) => create(SkillDefinitionSchema, { name })) });
        },
      }),
    ],
  });
  return { service, indexes, messages, pageSizes };
}

describe("runIngest against in-memory services", () => {
  let fakes: Awaited<ReturnType<typeof startFakes>>;
  let address: string;
  before(async () => {
    fakes = await startFakes();
    address = fakes.service.address;
  });
  after(() => fakes.service.close(0));

  it("writes examples and every listed post in batches, and reports the indexes", async () => {
    const progress: IngestProgress[] = [];
    const summary = await runIngest({
      retrievalAddr: address,
      memberGraphAddr: address,
      skillRegistryAddr: address,
      batchSize: 40,
      onProgress: (p) => progress.push(p),
    });
    const examples = exampleDocuments(defaultAgentsDir());
    assert.equal(summary.sources.examples?.documents, examples.length);
    assert.equal(summary.sources.examples?.batches, Math.ceil(examples.length / 40));
    assert.equal(summary.sources.knowledge?.documents, POSTS.length);
    assert.equal(summary.sources.knowledge?.batches, Math.ceil(POSTS.length / 40));
    assert.equal(summary.sources.skills?.documents, 3);
    assert.ok(fakes.messages.every((m) => m.size <= 40));
    assert.ok(fakes.pageSizes.every((n) => n === 50));
    assert.equal(summary.indexes.knowledge?.documents, POSTS.length);
    assert.equal(summary.indexes.examples?.documents, examples.length);
    assert.equal(summary.indexes.skills?.documents, 1);
    const last = progress.filter((p) => p.source === "knowledge").at(-1);
    assert.deepEqual(last, { source: "knowledge", done: POSTS.length, total: POSTS.length });

    const first = fakes.indexes.get("knowledge")!.get("post-00001")!;
    assert.equal(first.text, "Title 1\nBody of post 1.");
    assert.deepEqual(first.tags, { kind: "post", author_id: "member-00001" });
    assert.deepEqual(first.numbers, { published_day: 2000 });
    const second = fakes.indexes.get("knowledge")!.get("post-00002")!;
    assert.equal(second.text, "Title 2\n\nBody of article 2.");
    assert.deepEqual(second.tags, { kind: "article", author_id: "member-00002", topic: "data" });
    assert.deepEqual(JSON.parse(second.payloadJson), {
      id: "post-00002",
      title: "Title 2",
      author_name: "Author 2",
      url: "https://www.springboard.example/posts/post-00002",
    });
  });

  it("runs only the sources asked for and skips skills without a registry address", async () => {
    const summary = await runIngest({ retrievalAddr: address, memberGraphAddr: "127.0.0.1:1", only: ["examples"] });
    assert.deepEqual(Object.keys(summary.sources), ["examples"]);
    assert.deepEqual(Object.keys(summary.indexes), ["examples"]);
    const all = await runIngest({ retrievalAddr: address, memberGraphAddr: address });
    assert.deepEqual(Object.keys(all.sources), ["examples", "knowledge"]);
  });

  it("names the service it cannot reach", async () => {
    await assert.rejects(
      runIngest({ retrievalAddr: address, memberGraphAddr: "127.0.0.1:1" }),
      (e: unknown) => e instanceof ServiceUnreachableError && e.service === "member-graph" && e.address === "127.0.0.1:1",
    );
  });

  it("prints a progress line per 10% and a summary when not on a terminal", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runIngestCommand(["--retrieval", address, "--member-graph", address, "--skill-registry", address, "--batch", "10", "--only", "knowledge"], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    assert.equal(code, 0, err.join(""));
    const lines = err.join("").split("\n").filter(Boolean);
    assert.equal(lines.length, 10, lines.join("\n"));
    assert.match(lines.at(-1)!, /^knowledge .*100%\s+123\/123$/);
    assert.match(out.join(""), /knowledge\s+123\s+13\s/);
  });

  it("redraws one line with \\r on a terminal", async () => {
    const err: string[] = [];
    const code = await runIngestCommand(["--retrieval", address, "--member-graph", address, "--only", "knowledge,examples", "--batch", "50"], {
      stdout: () => {},
      stderr: (s) => err.push(s),
      isTTY: true,
    });
    assert.equal(code, 0, err.join(""));
    const text = err.join("");
    assert.equal(text.split("\n").filter(Boolean).length, 2);
    assert.ok(text.split("\r").length > 4);
  });
});

describe("springboard ingest arguments", () => {
  const run = async (args: string[]) => {
    const err: string[] = [];
    const code = await runIngestCommand(args, { stdout: () => {}, stderr: (s) => err.push(s) });
    return { code, err: err.join("") };
  };

  it("exits 2 with the reason on bad arguments", async () => {
    for (const args of [["--only", "examples,vectors"], ["--only", ""], ["--batch", "0"], ["--batch", "1001"], ["--batch", "ten"], ["--retrieval", "nowhere"], ["--bogus"], ["extra"]]) {
      const { code, err } = await run(args);
      assert.equal(code, 2, args.join(" "));
      assert.match(err, /usage: springboard ingest/);
    }
    assert.match((await run(["--only", "vectors"])).err, /--only takes a comma-separated list of examples, knowledge, skills/);
  });

  it("exits 1 naming the unreachable service and suggesting springboard up", async () => {
    const { code, err } = await run(["--retrieval", "127.0.0.1:1", "--member-graph", "127.0.0.1:1", "--skill-registry", "127.0.0.1:1", "--only", "examples"]);
    assert.equal(code, 1);
    assert.match(err, /cannot reach retrieval at 127\.0\.0\.1:1/);
    assert.match(err, /npx springboard up/);
  });
});


