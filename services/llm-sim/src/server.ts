import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { GetStatsResponseSchema, SimulatorService } from "@springboard/proto/springboard/llmsim/v1/llmsim_pb.js";
import { bind, startService, type HttpRoute, type Logger, type RunningService, type ServiceBinding } from "@springboard/runtime";
import { Engine, type SimStats } from "./engine.js";
import { DEFAULT_LATENCY, type LatencyModel } from "./latency.js";
import { metricsRoute, openAiRoute } from "./openai-api.js";

/** LlmSimConfig is everything the simulator can be told; every field has a default. */
export interface LlmSimConfig {
  /** models are the chat model names listed by /v1/models; any name is accepted in a request. */
  models: string[];
  embeddingModel: string;
  embeddingDimensions: number;
  maxContextTokens: number;
  latency: LatencyModel;
  /** malformedRate is the share of planner answers written with a realistic YAML mistake. */
  malformedRate: number;
  /** reasoningTokens is the length of the hidden reasoning before an answer, when the prompt asks for it. */
  reasoningTokens: number;
  /** answerTokens, when above 0, sets the length of every generator answer (for load tests). */
  answerTokens: number;
  maxBodyBytes: number;
}

export type LlmSimOptions = Partial<Omit<LlmSimConfig, "latency">> & { latency?: Partial<LatencyModel> };

export const DEFAULT_CONFIG: LlmSimConfig = {
  models: ["springboard-sim"],
  embeddingModel: "springboard-embed",
  embeddingDimensions: 384,
  maxContextTokens: 8192,
  latency: DEFAULT_LATENCY,
  malformedRate: 0.1,
  reasoningTokens: 0,
  answerTokens: 0,
  maxBodyBytes: 32 * 1024 * 1024,
};

export interface LlmSim {
  services: ServiceBinding[];
  http: HttpRoute[];
  engine: Engine;
  config: LlmSimConfig;
  stats(): SimStats;
}

export function resolveConfig(options: LlmSimOptions = {}): LlmSimConfig {
  const config: LlmSimConfig = { ...DEFAULT_CONFIG, ...options, latency: { ...DEFAULT_LATENCY, ...options.latency } };
  if (config.models.length === 0) throw new Error("llm-sim needs at least one model name");
  return config;
}

/** createLlmSim builds the simulator's gRPC services and HTTP routes, to serve with startService. */
export function createLlmSim(options: LlmSimOptions = {}): LlmSim {
  const config = resolveConfig(options);
  const engine = new Engine(config.latency, config.models);
  const impl: ServiceImpl<typeof SimulatorService> = {
    getStats() {
      const s = engine.stats();
      return create(GetStatsResponseSchema, {
        running: s.running,
        waiting: s.waiting,
        completed: BigInt(s.completed),
        cancelled: BigInt(s.cancelled),
        generatedTokens: BigInt(s.generatedTokens),
      });
    },
  };
  return {
    services: [bind(SimulatorService, impl)],
    http: [openAiRoute(engine, config), metricsRoute(engine)],
    engine,
    config,
    stats: () => engine.stats(),
  };
}

export interface StartOptions {
  port?: number;
  host?: string;
  logger?: Logger;
  shutdownGraceMs?: number;
}

/** startLlmSim serves the simulator on one port: gRPC SimulatorService, the OpenAI API and /metrics. */
export async function startLlmSim(options: LlmSimOptions = {}, opts: StartOptions = {}): Promise<RunningService & { sim: LlmSim }> {
  const sim = createLlmSim(options);
  const service = await startService({
    name: "llm-sim",
    port: opts.port ?? 0,
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.shutdownGraceMs !== undefined ? { shutdownGraceMs: opts.shutdownGraceMs } : {}),
    services: sim.services,
    http: sim.http,
  });
  return Object.assign(service, { sim });
}
