import { HashedNgramEmbedder, OpenAiEmbedder, EmbeddingDimensionError, type Embedder } from "@springboard/embeddings";
import { bool, createLogger, int, oneOf, optional, serviceConfig, port, runUntilSignalled, startService, str, url, type Logger } from "@springboard/runtime";
import type { VectorEngine } from "./engine.js";
import { DEFAULT_HNSW } from "./engine-query.js";
import { connectEngine, ENGINE_CHOICES } from "./engine-select.js";
import { DEFAULT_ANN } from "./hnsw.js";
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
  RETRIEVAL_IN_PROCESS_HNSW: bool(true),
  RETRIEVAL_EXACT_BELOW: int(DEFAULT_ANN.exactBelow, { min: 0 }),
  RETRIEVAL_HNSW_THREAD: oneOf(["worker", "main"] as const, "worker"),
  RETRIEVAL_SNAPSHOT_DIR: optional(str()),
  RETRIEVAL_SNAPSHOT_INTERVAL_S: int(300, { min: 0 }),
  RETRIEVAL_FILTER_TAGS: str(""),
  RETRIEVAL_FILTER_NUMBERS: str(""),
  RETRIEVAL_EMBEDDER: oneOf(["hashed-ngram", "openai"] as const, "hashed-ngram"),
  RETRIEVAL_QUERY_CACHE_SIZE: int(1_000, { min: 0 }),
  RETRIEVAL_HIT_CACHE_SIZE: int(5_000, { min: 0 }),
  EMBEDDINGS_BASE_URL: optional(url(undefined, ["http", "https"])),
  EMBEDDINGS_API_KEY: str("sk-local"),
  EMBEDDINGS_MODEL: str("springboard-embed"),
  EMBEDDINGS_SEND_DIMENSIONS: bool(false),
  EMBEDDINGS_BATCH_SIZE: int(256, { min: 1, max: 2048 }),
  EMBEDDINGS_TIMEOUT_MS: int(10_000, { min: 100 }),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("retrieval");
let embedder: Embedder;
let engine: VectorEngine;
try {
  embedder = makeEmbedder();
  await checkEmbedder(embedder, logger);
  const filters = filterFields(config.RETRIEVAL_FILTER_TAGS, config.RETRIEVAL_FILTER_NUMBERS);
  engine = await connectEngine({
    redisUrl: config.REDIS_URL,
    engine: config.RETRIEVAL_ENGINE,
    hnsw: { m: config.RETRIEVAL_HNSW_M, efConstruction: config.RETRIEVAL_HNSW_EF_CONSTRUCTION, efRuntime: config.RETRIEVAL_HNSW_EF_RUNTIME },
    plain: {
      inProcessHnsw: config.RETRIEVAL_IN_PROCESS_HNSW,
      exactBelow: config.RETRIEVAL_EXACT_BELOW,
      hnswThread: config.RETRIEVAL_HNSW_THREAD,
      snapshotDir: snapshotDir(),
      snapshotIntervalMs: config.RETRIEVAL_SNAPSHOT_INTERVAL_S * 1_000,
      hitCacheSize: config.RETRIEVAL_HIT_CACHE_SIZE,
    },
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
  services: createRetrievalService(engine, embedder, { queryCacheSize: config.RETRIEVAL_QUERY_CACHE_SIZE }),
});
runUntilSignalled(service, () => engine.close());

/**
 * snapshotDir is RETRIEVAL_SNAPSHOT_DIR, a writable directory that outlives the process (a volume in
 * Kubernetes), about 3.5 KB per 384-d document; unset or "none" keeps no snapshots, and a restart
 * then reloads from Redis and rebuilds the HNSW index in the background.
 */
function snapshotDir(): string | undefined {
  const dir = config.RETRIEVAL_SNAPSHOT_DIR;
  return dir && dir !== "none" ? dir : undefined;
}

/** makeEmbedder is the built-in hashed n-gram embedder, or a client of the OpenAI-compatible endpoint at EMBEDDINGS_BASE_URL. */
function makeEmbedder(): Embedder {
  if (config.RETRIEVAL_EMBEDDER === "hashed-ngram") return new HashedNgramEmbedder(config.RETRIEVAL_DIMENSION);
  if (!config.EMBEDDINGS_BASE_URL) {
    throw new Error("RETRIEVAL_EMBEDDER=openai needs EMBEDDINGS_BASE_URL, the endpoint's base URL (llm-sim serves one at http://localhost:50058/v1)");
  }
  return new OpenAiEmbedder({
    baseUrl: config.EMBEDDINGS_BASE_URL,
    apiKey: config.EMBEDDINGS_API_KEY,
    model: config.EMBEDDINGS_MODEL,
    dimension: config.RETRIEVAL_DIMENSION,
    sendDimensions: config.EMBEDDINGS_SEND_DIMENSIONS,
    maxBatch: config.EMBEDDINGS_BATCH_SIZE,
    timeoutMs: config.EMBEDDINGS_TIMEOUT_MS,
  });
}

/**
 * checkEmbedder embeds one text at start: an endpoint answering another dimension stops the
 * service with what to change; one that cannot be reached yet only warns, as it may come up later.
 */
async function checkEmbedder(e: Embedder, log: Logger): Promise<void> {
  if (e instanceof HashedNgramEmbedder) return;
  try {
    await e.embedBatch(["dimension check"]);
    log.info({ embedder: e.name }, "embeddings endpoint answers with the configured dimension");
  } catch (err) {
    if (err instanceof EmbeddingDimensionError) throw err;
    log.warn({ embedder: e.name, err: err instanceof Error ? err.message : String(err) }, "embeddings endpoint not reachable yet; text upserts and text searches fail until it is");
  }
}
