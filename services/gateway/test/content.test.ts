import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, type HandlerContext } from "@connectrpc/connect";
import { ContentKind, ContentRefSchema } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { cachedContentResolver, type MemberGraph } from "../src/content.js";

/** fakeGraph answers GetJob from a table and counts the calls; the other services are not used here. */
function fakeGraph(jobs: Map<string, string>) {
  const calls: string[] = [];
  const graph = {
    jobs: {
      async getJob({ jobId }: { jobId: string }) {
        calls.push(jobId);
        const title = jobs.get(jobId);
        if (title === undefined) throw new ConnectError(`job ${jobId} not found`, Code.NotFound);
        return { job: { title, companyName: "Acme" } };
      },
    },
  } as unknown as MemberGraph;
  return { graph, calls };
}

const ctx = {
  signal: new AbortController().signal,
  timeoutMs: () => undefined,
  values: createContextValues(),
  requestHeader: new Headers(),
} as unknown as HandlerContext;
const job = (id: string) => create(ContentRefSchema, { kind: ContentKind.JOB, id });

describe("gateway content titles", () => {
  it("looks a job up once while its title is cached", async () => {
    const { graph, calls } = fakeGraph(new Map([["job-1", "Engineer"]]));
    const resolve = cachedContentResolver(graph, 60_000);
    assert.equal((await resolve(job("job-1"), ctx))?.title, "Engineer at Acme");
    assert.equal((await resolve(job("job-1"), ctx))?.title, "Engineer at Acme");
    assert.deepEqual(calls, ["job-1"]);
  });

  it("never caches content that does not exist, so content created later is found", async () => {
    const jobs = new Map<string, string>();
    const { graph, calls } = fakeGraph(jobs);
    const resolve = cachedContentResolver(graph, 60_000);
    await assert.rejects(resolve(job("job-2"), ctx), (e: ConnectError) => e.code === Code.NotFound && /job "job-2" does not exist/.test(e.message));
    jobs.set("job-2", "Designer");
    assert.equal((await resolve(job("job-2"), ctx))?.title, "Designer at Acme");
    assert.deepEqual(calls, ["job-2", "job-2"]);
  });

  it("looks again once the title has expired, and every time with a TTL of 0", async () => {
    const { graph, calls } = fakeGraph(new Map([["job-3", "Analyst"]]));
    const short = cachedContentResolver(graph, 20);
    await short(job("job-3"), ctx);
    await new Promise((r) => setTimeout(r, 40));
    await short(job("job-3"), ctx);
    const off = cachedContentResolver(graph, 0);
    await off(job("job-3"), ctx);
    await off(job("job-3"), ctx);
    assert.equal(calls.length, 4);
  });

  it("keeps at most maxEntries titles, dropping the oldest", async () => {
    const { graph, calls } = fakeGraph(new Map([["a", "A"], ["b", "B"], ["c", "C"]]));
    const resolve = cachedContentResolver(graph, 60_000, 2);
    for (const id of ["a", "b", "c", "c", "b", "a"]) await resolve(job(id), ctx);
    assert.deepEqual(calls, ["a", "b", "c", "a"]);
  });
});
