export { answer, readResults, type Answer, type AnswerSettings, type ChatMessage, type Task } from "./answers.js";
export { Engine, Run, type Job, type SimStats } from "./engine.js";
export { BatchScheduler, DEFAULT_LATENCY, jittered, Pacer, prefillMs, prng, seedOf, tbtMs, type LatencyModel } from "./latency.js";
export { Histogram, Metrics, ModelMetrics } from "./metrics.js";
export { metricsRoute, openAiRoute, type ApiSettings } from "./openai-api.js";
export { MALFORMATIONS, malform, plan, plannerAnswer, renderPlan, type Malformation, type Plan, type PlannedCall } from "./planner.js";
export { createLlmSim, DEFAULT_CONFIG, resolveConfig, startLlmSim, type LlmSim, type LlmSimConfig, type LlmSimOptions, type StartOptions } from "./server.js";
export { countTokens, splitTokens } from "./tokens.js";
