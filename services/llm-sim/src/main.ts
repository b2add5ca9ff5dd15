import { createLogger, int, serviceConfig, num, port, runUntilSignalled, str } from "@springboard/runtime";
import { startLlmSim } from "./server.js";

const config = serviceConfig("llm-sim", {
  PORT: port(50058),
  LLM_SIM_MODELS: str("springboard-sim"),
  LLM_SIM_EMBEDDING_MODEL: str("springboard-embed"),
  LLM_SIM_EMBEDDING_DIMENSIONS: int(384, { min: 8, max: 8192 }),
  LLM_SIM_MAX_CONTEXT_TOKENS: int(8192, { min: 1 }),
  LLM_SIM_MAX_RUNNING: int(64, { min: 1 }),
  LLM_SIM_PREFILL_BASE_MS: num(15, { min: 0 }),
  LLM_SIM_PREFILL_MS_PER_TOKEN: num(0.02, { min: 0 }),
  LLM_SIM_TBT_BASE_MS: num(8, { min: 0 }),
  LLM_SIM_TBT_SLOPE_MS: num(0.25, { min: 0 }),
  LLM_SIM_JITTER: num(0.1, { min: 0, max: 1 }),
  LLM_SIM_MALFORMED_RATE: num(0.1, { min: 0, max: 1 }),
  LLM_SIM_REASONING_TOKENS: int(0, { min: 0, max: 100_000 }),
  LLM_SIM_ANSWER_TOKENS: int(0, { min: 0, max: 100_000 }),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const models = config.LLM_SIM_MODELS.split(",").map((m) => m.trim()).filter(Boolean);
if (models.length === 0) throw new Error("LLM_SIM_MODELS is empty; name at least one model, for example springboard-sim");

const service = await startLlmSim(
  {
    models,
    embeddingModel: config.LLM_SIM_EMBEDDING_MODEL,
    embeddingDimensions: config.LLM_SIM_EMBEDDING_DIMENSIONS,
    maxContextTokens: config.LLM_SIM_MAX_CONTEXT_TOKENS,
    malformedRate: config.LLM_SIM_MALFORMED_RATE,
    reasoningTokens: config.LLM_SIM_REASONING_TOKENS,
    answerTokens: config.LLM_SIM_ANSWER_TOKENS,
    latency: {
      maxRunning: config.LLM_SIM_MAX_RUNNING,
      prefillBaseMs: config.LLM_SIM_PREFILL_BASE_MS,
      prefillMsPerToken: config.LLM_SIM_PREFILL_MS_PER_TOKEN,
      tbtBaseMs: config.LLM_SIM_TBT_BASE_MS,
      tbtSlopeMs: config.LLM_SIM_TBT_SLOPE_MS,
      jitter: config.LLM_SIM_JITTER,
    },
  },
  { port: config.PORT, logger: createLogger("llm-sim"), shutdownGraceMs: config.SHUTDOWN_GRACE_MS },
);
runUntilSignalled(service);
