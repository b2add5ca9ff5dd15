import { HashedNgramEmbedder } from "@springboard/embeddings";
import { bool, createLogger, int, serviceConfig, port, runUntilSignalled, startService, url } from "@springboard/runtime";
import { PlainVectorEngine } from "./engine-plain.js";
import { createRetrievalService, INDEXES } from "./server.js";

const config = serviceConfig("retrieval", {
  PORT: port(50055),
  REDIS_URL: url("redis://localhost:6379", ["redis", "rediss"]),
  RETRIEVAL_DIMENSION: int(384, { min: 8, max: 8192 }),
  RETRIEVAL_REBUILD: bool(false),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("retrieval");
const embedder = new HashedNgramEmbedder(config.RETRIEVAL_DIMENSION);
let engine: PlainVectorEngine;
try {
  engine = await PlainVectorEngine.connect({ redisUrl: config.REDIS_URL, logger });
  for (const index of INDEXES) {
    await engine.ensureIndex(index, { dimension: embedder.dimension, embedder: embedder.name, rebuild: config.RETRIEVAL_REBUILD });
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
