import { fileURLToPath } from "node:url";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { address, createLogger, int, serviceConfig, port, runUntilSignalled, serviceClient, startService, str, url } from "@springboard/runtime";
import { Redis } from "ioredis";
import { createSkillRegistry } from "./server.js";

const config = serviceConfig("skill-registry", {
  PORT: port(50054),
  REDIS_URL: url("redis://localhost:6379", ["redis", "rediss"]),
  MEMBER_GRAPH_ADDR: address("localhost:50057"),
  RETRIEVAL_ADDR: address("localhost:50055"),
  SKILLS_DIR: str(fileURLToPath(new URL("../../skills", import.meta.url))),
  SKILL_MAX_RESULT_TOKENS: int(600, { min: 50, max: 8_000 }),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("skill-registry");
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: true });
let lastRedisError = "";
redis.on("error", (e: Error) => {
  if (e.message !== lastRedisError) logger.warn({ err: e.message }, "redis connection error");
  lastRedisError = e.message;
});
redis.on("ready", () => (lastRedisError = ""));
try {
  await redis.connect();
} catch (e) {
  logger.fatal({ err: e instanceof Error ? e.message : String(e) }, `cannot reach Redis at ${config.REDIS_URL}; start it or set REDIS_URL`);
  process.exit(1);
}

const registry = await createSkillRegistry({
  redis,
  endpoints: { "member-graph": config.MEMBER_GRAPH_ADDR },
  retrieval: serviceClient(RetrievalService, config.RETRIEVAL_ADDR),
  defaultMaxResultTokens: config.SKILL_MAX_RESULT_TOKENS,
  logger,
});
await registry.loadBuiltins(config.SKILLS_DIR);

const service = await startService({
  name: "skill-registry",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: registry.services,
});
runUntilSignalled(service, async () => {
  await registry.close();
  redis.disconnect();
});
