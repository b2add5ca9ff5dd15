import { createLogger, int, serviceConfig, port, runUntilSignalled, startService, str, url } from "@springboard/runtime";
import { genAiMetrics, initTelemetry } from "@springboard/telemetry";
import { createGenerationService } from "./server.js";

const config = serviceConfig("generation", {
  PORT: port(50056),
  LLM_BASE_URL: url("http://localhost:50058/v1", ["http", "https"]),
  LLM_API_KEY: str("sk-local"),
  GENERATION_MODEL: str("springboard-sim"),
  GENERATION_MODELS: str(""),
  GENERATION_FIRST_TOKEN_TIMEOUT_MS: int(20_000, { min: 1 }),
  GENERATION_STALL_TIMEOUT_MS: int(10_000, { min: 1 }),
  GENERATION_TOTAL_TIMEOUT_MS: int(120_000, { min: 1 }),
  GENERATION_RETRIES: int(2, { min: 0, max: 5 }),
  GENERATION_MAX_PROMPT_CHARS: int(200_000, { min: 1 }),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("generation");
const service = await startService({
  name: "generation",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: createGenerationService(
    {
      baseUrl: config.LLM_BASE_URL,
      apiKey: config.LLM_API_KEY,
      defaultModel: config.GENERATION_MODEL,
      models: parseModels(config.GENERATION_MODELS),
      firstTokenTimeoutMs: config.GENERATION_FIRST_TOKEN_TIMEOUT_MS,
      stallTimeoutMs: config.GENERATION_STALL_TIMEOUT_MS,
      totalTimeoutMs: config.GENERATION_TOTAL_TIMEOUT_MS,
      retries: config.GENERATION_RETRIES,
      maxPromptChars: config.GENERATION_MAX_PROMPT_CHARS,
    },
    logger,
    genAiMetrics(initTelemetry({ service: "generation", asyncContext: false })),
  ),
});
runUntilSignalled(service);

/** parseModels reads "planner=small-model,generator=big-model,job_fit:generator=tuned" into a map. */
function parseModels(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [key, model] = part.split("=");
    if (!key || !model) throw new Error(`GENERATION_MODELS: "${part}" is not role=model`);
    out[key.trim()] = model.trim();
  }
  return out;
}
