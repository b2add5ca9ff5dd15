import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { CompanyService, JobService, PeopleService, PostService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { address, bool, createLogger, int, oneOf, serviceConfig, port, runUntilSignalled, serviceClient, startService, url } from "@springboard/runtime";
import { Redis } from "ioredis";
import { initTelemetry, pipelineMetrics } from "@springboard/telemetry";
import { OutputGuard, RateLimiter, screen } from "@springboard/safety";
import { createGatewayService } from "./server.js";
import { ConversationStore } from "./store.js";

const config = serviceConfig("gateway", {
  PORT: port(50051),
  ROUTER_ADDR: address("localhost:50052"),
  AGENT_ADDR: address("localhost:50053"),
  MEMBER_GRAPH_ADDR: address("localhost:50057"),
  REDIS_URL: url("redis://localhost:6379", ["redis", "rediss"]),
  GATEWAY_TURN_TIMEOUT_MS: int(60_000, { min: 100 }),
  GATEWAY_HISTORY_TURNS: int(6, { min: 0, max: 50 }),
  GATEWAY_CONTENT_CACHE_TTL_S: int(60, { min: 0, max: 86_400 }),
  GATEWAY_SCREENING: bool(true),
  GATEWAY_OUTPUT_CHECKS: bool(true),
  // hold: each sentence is released once it passed the checks (the member is up to one sentence
  // behind the model); stream: every delta goes out at once and a failing span is revised later.
  GATEWAY_OUTPUT_GUARD_MODE: oneOf(["hold", "stream"] as const, "hold"),
  GATEWAY_RATE_LIMIT_PER_MINUTE: int(60, { min: 0 }),
  GATEWAY_CONVERSATION_TOKEN_BUDGET: int(200_000, { min: 0 }),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("gateway");
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
redis.on("error", (e: Error) => logger.warn({ err: e.message }, "redis connection error"));
const service = await startService({
  name: "gateway",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: createGatewayService({
    router: serviceClient(RouterService, config.ROUTER_ADDR),
    agent: serviceClient(AgentService, config.AGENT_ADDR),
    graph: {
      jobs: serviceClient(JobService, config.MEMBER_GRAPH_ADDR),
      posts: serviceClient(PostService, config.MEMBER_GRAPH_ADDR),
      companies: serviceClient(CompanyService, config.MEMBER_GRAPH_ADDR),
      people: serviceClient(PeopleService, config.MEMBER_GRAPH_ADDR),
    },
    contentCacheTtlMs: config.GATEWAY_CONTENT_CACHE_TTL_S * 1_000,
    store: new ConversationStore(redis),
    logger,
    turnTimeoutMs: config.GATEWAY_TURN_TIMEOUT_MS,
    historyTurns: config.GATEWAY_HISTORY_TURNS,
    metrics: pipelineMetrics(initTelemetry({ service: "gateway", asyncContext: false })),
    ...(config.GATEWAY_SCREENING ? { screen } : {}),
    ...(config.GATEWAY_OUTPUT_CHECKS ? { guard: () => new OutputGuard({ mode: config.GATEWAY_OUTPUT_GUARD_MODE }) } : {}),
    ...(config.GATEWAY_RATE_LIMIT_PER_MINUTE > 0 || config.GATEWAY_CONVERSATION_TOKEN_BUDGET > 0
      ? {
          limiter: new RateLimiter(redis, {
            requests: config.GATEWAY_RATE_LIMIT_PER_MINUTE || Number.MAX_SAFE_INTEGER,
            windowMs: 60_000,
            tokenBudget: config.GATEWAY_CONVERSATION_TOKEN_BUDGET || Number.MAX_SAFE_INTEGER,
          }),
        }
      : {}),
  }),
});
runUntilSignalled(service, async () => {
  await redis.quit();
});
