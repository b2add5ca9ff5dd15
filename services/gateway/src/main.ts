import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { CompanyService, JobService, PeopleService, PostService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { address, createLogger, int, serviceConfig, port, runUntilSignalled, serviceClient, startService, url } from "@springboard/runtime";
import { Redis } from "ioredis";
import { initTelemetry, pipelineMetrics } from "@springboard/telemetry";
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
    store: new ConversationStore(redis),
    logger,
    turnTimeoutMs: config.GATEWAY_TURN_TIMEOUT_MS,
    historyTurns: config.GATEWAY_HISTORY_TURNS,
    metrics: pipelineMetrics(initTelemetry({ service: "gateway", asyncContext: false })),
  }),
});
runUntilSignalled(service, async () => {
  await redis.quit();
});
