import { GenerationService } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import {
  address,
  bool,
  createLogger,
  int,
  num,
  optional,
  port,
  runUntilSignalled,
  serviceClient,
  serviceConfig,
  startService,
  str,
} from "@springboard/runtime";
import { DEFAULT_MODEL_PATH, RouterModel } from "./model.js";
import { DEFAULT_LLM_TIMEOUT_MS } from "./route.js";
import { initTelemetry, pipelineMetrics } from "@springboard/telemetry";
import { createRouterService } from "./server.js";

const config = serviceConfig("router", {
  PORT: port(50052),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
  GENERATION_ADDR: address("localhost:50056"),
  ROUTER_MODEL_PATH: str(DEFAULT_MODEL_PATH),
  ROUTER_FALLBACK_THRESHOLD: optional(num(undefined, { min: 0, max: 1 })),
  ROUTER_LLM_FALLBACK: bool(true),
  ROUTER_LLM_TIMEOUT_MS: int(DEFAULT_LLM_TIMEOUT_MS, { min: 1, max: 60_000 }),
});
const logger = createLogger("router");
let model: RouterModel;
try {
  model = RouterModel.load(config.ROUTER_MODEL_PATH);
} catch (e) {
  process.stderr.write(`router: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
const threshold = config.ROUTER_FALLBACK_THRESHOLD ?? model.threshold;
logger.info({ model: config.ROUTER_MODEL_PATH, threshold, llm_fallback: config.ROUTER_LLM_FALLBACK }, "router model loaded");
const service = await startService({
  name: "router",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: createRouterService({
    model,
    threshold,
    logger,
    llmTimeoutMs: config.ROUTER_LLM_TIMEOUT_MS,
    metrics: pipelineMetrics(initTelemetry({ service: "router", asyncContext: false })),
    ...(config.ROUTER_LLM_FALLBACK ? { generation: serviceClient(GenerationService, config.GENERATION_ADDR) } : {}),
  }),
});
runUntilSignalled(service);
