import { HashedNgramEmbedder } from "@springboard/embeddings";
import { bool, createLogger, int, oneOf, serviceConfig, port, runUntilSignalled, startService, str, url } from "@springboard/runtime";
import type { VectorEngine } from "./engine.js";
import { DEFAULT_HNSW } from "./engine-query.js";
import { connectEngine, ENGINE_CHOICES } from "./engine-select.js";
import { createRetrievalService, filterFields, INDEXES } from "./server.js";

const config = serviceConfig("retrieval", {
  PORT: port(50055),
  REDIS_URL: url("redis://localhost:6379", ["redis", "rediss"]),
  RETRIEVAL_DIMENSION: int(384, { min: 8, max: 8192 }),
  RETRIEVAL_REBUILD: bool(false),
  RETRIEVAL_ENGINE: oneOf(ENGINE_CHOICES, "auto"),
  RETRIEVAL_HNSW_M: int(DEFAULT_HNSW.m, { min: 2, max: 512 }),
  RETRIEVAL_HNSW_EF_CONSTRUCTION: int(DEFAULT_HNSW.efConstruction, { min: 1, max: 4096 }),
  RETRIEVAL_HNSW_EF_RUNTIME: int(DEFAULT_HNSW.efRuntime, { min: 1, max: 4096 }),
  RETRIEVAL_FILTER_TAGS: str(""),
  RETRIEVAL_FILTER_NUMBERS: str(""),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("retrieval");
const embedder = new HashedNgramEmbedder(config.RETRIEVAL_DIMENSION);
let engine: VectorEngine;
try {
  const filters = filterFields(config.RETRIEVAL_FILTER_TAGS, config.RETRIEVAL_FILTER_NUMBERS);
  engine = await connectEngine({
    redisUrl: config.REDIS_URL,
    engine: config.RETRIEVAL_ENGINE,
    hnsw: { m: config.RETRIEVAL_HNSW_M, efConstruction: config.RETRIEVAL_HNSW_EF_CONSTRUCTION, efRuntime: config.RETRIEVAL_HNSW_EF_RUNTIME },
    logger,
  });
  for (const index of INDEXES) {
    await engine.ensureIndex(index, { dimension: embedder.dimension, embedder: embedder.name, rebuild: config.RETRIEVAL_REBUILD, filters: filters[index] });
  }
} catch (e) {
  logger.fatal({ err: e instanceof Error ? e.message : String(e) }, "retrieval cannot start");
  process.exit(1);
}

const service = await startService({
  name: "retrieval",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  // 1,000 documents of up to 32 KiB text plus their vectors fit in one message.
  readMaxBytes: 64 * 1024 * 1024,
  services: createRetrievalService(engine, embedder),
});
runUntilSignalled(service, () => engine.close());
