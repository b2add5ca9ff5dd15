import { fileURLToPath } from "node:url";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { GenerationService } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import {
  address,
  bool,
  createLogger,
  ExpiringCache,
  int,
  oneOf,
  serviceConfig,
  port,
  runUntilSignalled,
  serviceClient,
  ServingStatus,
  startService,
  str,
} from "@springboard/runtime";
import { loadAgents } from "./agents.js";
import { initTelemetry, pipelineMetrics } from "@springboard/telemetry";
import { PlanStats, planMetrics } from "./plan-stats.js";
import { createAgentService, examplesToUpserts } from "./server.js";
import { SkillCalls } from "./skills.js";

const config = serviceConfig("agent", {
  PORT: port(50053),
  GENERATION_ADDR: address("localhost:50056"),
  SKILL_REGISTRY_ADDR: address("localhost:50054"),
  RETRIEVAL_ADDR: address("localhost:50055"),
  MEMBER_GRAPH_ADDR: address("localhost:50057"),
  AGENTS_DIR: str(fileURLToPath(new URL("../../agents", import.meta.url))),
  AGENT_SKILL_TIMEOUT_MS: int(3_000, { min: 1 }),
  AGENT_MAX_CONCURRENT_SKILLS: int(4, { min: 1, max: 32 }),
  AGENT_SKILL_CALLS: oneOf(["local", "registry"], "local"),
  SKILL_MAX_RESULT_TOKENS: int(600, { min: 50, max: 8_000 }),
  AGENT_EXAMPLES: int(2, { min: 0, max: 10 }),
  AGENT_EXAMPLES_CACHE_TTL_S: int(60, { min: 0, max: 86_400 }),
  AGENT_DISPATCH: oneOf(["streaming", "after-plan"], "streaming"),
  AGENT_PREFETCH: bool(true),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("agent");
const agents = loadAgents(config.AGENTS_DIR);
const retrieval = serviceClient(RetrievalService, config.RETRIEVAL_ADDR);
const skills = serviceClient(SkillRegistryService, config.SKILL_REGISTRY_ADDR);
const service = await startService({
  name: "agent",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: createAgentService({
    agents,
    generation: serviceClient(GenerationService, config.GENERATION_ADDR),
    skills,
    // Skills bound to member-graph run here, through the registry's own invoker: no hop through the
    // registry on the way to the backend.
    skillCalls: new SkillCalls(skills, {
      endpoints: config.AGENT_SKILL_CALLS === "local" ? { "member-graph": config.MEMBER_GRAPH_ADDR } : {},
      timeoutMs: config.AGENT_SKILL_TIMEOUT_MS,
      maxResultTokens: config.SKILL_MAX_RESULT_TOKENS,
    }),
    retrieval,
    logger,
    skillTimeoutMs: config.AGENT_SKILL_TIMEOUT_MS,
    maxConcurrentSkills: config.AGENT_MAX_CONCURRENT_SKILLS,
    examples: config.AGENT_EXAMPLES,
    examplesCache: new ExpiringCache(config.AGENT_EXAMPLES_CACHE_TTL_S * 1_000, 10_000),
    planStats: new PlanStats(3, planMetrics(pipelineMetrics(initTelemetry({ service: "agent", asyncContext: false })))),
    dispatchAfterPlan: config.AGENT_DISPATCH === "after-plan",
    prefetch: config.AGENT_PREFETCH,
  }),
});
runUntilSignalled(service);

// The agent owns its response examples: load them into retrieval once it answers. Until then the
// agent is not ready, so no turn runs without its examples.
service.health.set(AgentService.typeName, ServingStatus.NOT_SERVING);
service.health.set("", ServingStatus.NOT_SERVING);
for (let attempt = 1; ; attempt++) {
  try {
    const res = await retrieval.upsert(examplesToUpserts(agents), { timeoutMs: 10_000 });
    logger.info({ examples: res.upserted, agents: agents.size }, "response examples loaded");
    break;
  } catch (e) {
    if (attempt % 10 === 1) logger.warn({ err: String(e), attempt }, "retrieval not ready; retrying example load");
    await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * attempt)));
  }
}
service.health.set(AgentService.typeName, ServingStatus.SERVING);
service.health.set("", ServingStatus.SERVING);
