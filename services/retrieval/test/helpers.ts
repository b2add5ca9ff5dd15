import assert from "node:assert/strict";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import { startRedis, type LocalRedis } from "@springboard/cluster";
import { Redis } from "ioredis";
import type { UpsertRequestSchema } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { HashedNgramEmbedder, type Embedder } from "@springboard/embeddings";
import { createLogger, startService, type RunningService } from "@springboard/runtime";
import { PlainVectorEngine, type PlainEngineOptions } from "../src/engine-plain.js";
import { createRetrievalService, INDEXES } from "../src/server.js";

export const quiet = createLogger("retrieval-test", "silent");

/** SuiteRedis is a redis-server for one describe block, and a client to inspect it. */
export interface SuiteRedis {
  readonly url: string;
  readonly admin: Redis;
}

/**
 * suiteRedis starts a redis-server before the enclosing describe block's tests and stops it after
 * them; with flushEach, every test starts on an empty Redis.
 */
export function suiteRedis(flushEach = true): SuiteRedis {
  let redis: LocalRedis | undefined;
  let admin: Redis | undefined;
  before(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  });
  after(async () => {
    admin?.disconnect();
    await redis?.stop();
  });
  if (flushEach) beforeEach(() => admin!.flushall());
  return {
    get url() {
      return redis!.url;
    },
    get admin() {
      return admin!;
    },
  };
}

/** failure is the status a call ends with; it fails the test when the call succeeds. */
export async function failure(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    return ConnectError.from(e);
  }
  assert.fail("expected the call to fail");
}

/** randomVector is a deterministic pseudo-random vector in [-1, 1). */
export function randomVector(dimension: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const v = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    v[i] = ((s >>> 0) / 2 ** 32) * 2 - 1;
  }
  return v;
}

export function cosine64(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export function bruteForce(docs: Map<string, ArrayLike<number>>, q: ArrayLike<number>, k: number, keep: (id: string) => boolean = () => true) {
  return [...docs]
    .filter(([id]) => keep(id))
    .map(([id, v]) => ({ id, score: cosine64(v, q) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

export interface Stack {
  engine: PlainVectorEngine;
  service: RunningService;
  close(): Promise<void>;
}

export async function openEngine(redisUrl: string, dimension = 384, rebuild = false, opts: Partial<PlainEngineOptions> = {}): Promise<PlainVectorEngine> {
  const embedder = new HashedNgramEmbedder(dimension);
  const engine = await PlainVectorEngine.connect({ redisUrl, logger: quiet, connectTimeoutMs: 2_000, ...opts });
  for (const index of INDEXES) await engine.ensureIndex(index, { dimension, embedder: embedder.name, rebuild });
  return engine;
}

export async function startStack(redisUrl: string, dimension = 384, embedder: Embedder = new HashedNgramEmbedder(dimension)): Promise<Stack> {
  const engine = await openEngine(redisUrl, dimension);
  const service = await startService({
    name: "retrieval",
    port: 0,
    host: "127.0.0.1",
    logger: quiet,
    readMaxBytes: 64 * 1024 * 1024,
    services: createRetrievalService(engine, embedder),
  });
  return {
    engine,
    service,
    async close() {
      await service.close(1_000);
      await engine.close();
    },
  };
}

export async function* stream(...items: MessageInitShape<typeof UpsertRequestSchema>[]): AsyncIterable<MessageInitShape<typeof UpsertRequestSchema>> {
  for (const item of items) yield item;
}
