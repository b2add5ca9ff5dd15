import assert from "node:assert/strict";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, type HandlerContext } from "@connectrpc/connect";
import { HashedNgramEmbedder, type Embedder } from "@springboard/embeddings";
import { UpsertRequestSchema, type UpsertRequest } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import type { VectorEngine } from "../src/engine.js";
import { createRetrievalService } from "../src/server.js";

/** A storage outage: every write fails a few milliseconds after it starts. */
const failingEngine = {
  kind: "in-process",
  indexes: () => ["knowledge"],
  upsert: () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error("connection lost")), 5)),
} as unknown as VectorEngine;

/** An embedder slower than the write, as a remote one is. */
class SlowEmbedder implements Embedder {
  readonly name = "slow";
  readonly dimension = 384;
  private readonly inner = new HashedNgramEmbedder(384);
  async embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    await new Promise((r) => setTimeout(r, 40));
    return this.inner.embedBatch(texts);
  }
}

describe("RetrievalService.Upsert with storage failing", () => {
  it("answers UNAVAILABLE, and the failed write does not go unhandled while the next message is embedded", async () => {
    const unhandled: unknown[] = [];
    const record = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", record);
    try {
      const impl = createRetrievalService(failingEngine, new SlowEmbedder())[0]!.impl as unknown as {
        upsert(requests: AsyncIterable<UpsertRequest>, ctx: HandlerContext): Promise<unknown>;
      };
      async function* messages() {
        for (let m = 0; m < 3; m++) yield create(UpsertRequestSchema, { index: "knowledge", documents: [{ id: `d${m}`, text: `text ${m}` }] });
      }
      const ctx = { signal: new AbortController().signal, values: createContextValues() } as unknown as HandlerContext;
      await assert.rejects(impl.upsert(messages(), ctx), (e: ConnectError) => e.code === Code.Unavailable && /connection lost/.test(e.message));
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", record);
    }
  });
});
