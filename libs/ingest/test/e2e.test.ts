import assert from "node:assert/strict";
import { loadAgents } from "@springboard/agent";
import { startCluster, type Cluster } from "@springboard/cluster";
import { PostService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { serviceClient } from "@springboard/runtime";
import { defaultAgentsDir, runIngest, runIngestCommand, type IngestOptions } from "../src/index.js";

describe("ingest against the real cluster @e2e", function () {
  this.timeout(180_000);
  let cluster: Cluster;
  let opts: IngestOptions;

  before(async () => {
    cluster = await startCluster({ ports: "free" });
    opts = {
      retrievalAddr: cluster.address("retrieval"),
      memberGraphAddr: cluster.address("member-graph"),
      skillRegistryAddr: cluster.address("skill-registry"),
    };
  });
  after(() => cluster?.stop());

  async function countPosts(): Promise<number> {
    const posts = serviceClient(PostService, cluster.address("member-graph"));
    let count = 0;
    let pageToken = "";
    do {
      const res = await posts.listPosts({ pageSize: 50, pageToken });
      count += res.posts.length;
      pageToken = res.nextPageToken;
    } while (pageToken);
    return count;
  }

  it("loads every example and post, idempotently, and job_fit examples are found by tag", async () => {
    const examples = [...loadAgents(defaultAgentsDir()).values()].reduce((n, a) => n + a.examples.length, 0);
    const posts = await countPosts();
    assert.ok(posts > 0);

    const first = await runIngest(opts);
    assert.equal(first.sources.examples?.documents, examples);
    assert.equal(first.sources.examples?.batches, Math.ceil(examples / 200));
    assert.equal(first.sources.knowledge?.documents, posts);
    assert.equal(first.sources.knowledge?.batches, Math.ceil(posts / 200));
    assert.ok((first.sources.skills?.documents ?? 0) > 0);
    assert.equal(first.indexes.examples?.documents, examples);
    assert.equal(first.indexes.knowledge?.documents, posts);
    assert.ok((first.indexes.skills?.documents ?? 0) >= first.sources.skills!.documents);
    console.log(
      `      examples ${examples} in ${first.sources.examples!.ms.toFixed(0)} ms (${first.sources.examples!.docsPerSecond.toFixed(0)} docs/s); ` +
        `knowledge ${posts} in ${first.sources.knowledge!.ms.toFixed(0)} ms (${first.sources.knowledge!.docsPerSecond.toFixed(0)} docs/s)`,
    );

    const second = await runIngest({ ...opts, batchSize: 500 });
    for (const index of ["examples", "knowledge", "skills"]) {
      assert.equal(second.indexes[index]?.documents, first.indexes[index]?.documents, index);
    }

    const retrieval = serviceClient(RetrievalService, cluster.address("retrieval"));
    const res = await retrieval.search({
      index: "examples",
      query: "Am I a good fit for this senior data engineer job?",
      k: 5,
      minScore: -1,
      tags: [{ field: "agent", anyOf: ["job_fit"] }],
    });
    assert.equal(res.hits.length, 5);
    for (const hit of res.hits) {
      assert.equal(hit.tags.agent, "job_fit");
      assert.match(hit.id, /^job_fit\/\d+$/);
      const payload = JSON.parse(hit.payloadJson) as { question: string; answer: string };
      assert.equal(payload.question, hit.text);
      assert.ok(payload.answer.length > 0);
    }

    const knowledge = await retrieval.search({ index: "knowledge", query: "career change into data", k: 3, minScore: -1 });
    assert.equal(knowledge.hits.length, 3);
    assert.match(JSON.parse(knowledge.hits[0]!.payloadJson).url as string, /^https:\/\/www\.springboard\.example\/posts\/post-\d+$/);
  });

  it("the command exits 0 and prints a summary; 2 on bad arguments; 1 when a service is down", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
    const addrs = ["--retrieval", opts.retrievalAddr, "--member-graph", opts.memberGraphAddr, "--skill-registry", opts.skillRegistryAddr!];
    assert.equal(await runIngestCommand([...addrs, "--only", "examples,skills"], io), 0, err.join(""));
    assert.match(out.join(""), /^examples\s+\d+\s+1\s/m);
    assert.equal(await runIngestCommand([...addrs, "--batch", "-3"], io), 2);
    await cluster.kill("member-graph");
    err.length = 0;
    assert.equal(await runIngestCommand([...addrs, "--only", "knowledge"], io), 1);
    assert.match(err.join(""), /cannot reach member-graph at /);
    assert.match(err.join(""), /npx springboard up/);
  });
});
