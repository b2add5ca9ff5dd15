/**
 * Metric names, units and histogram bucket boundaries. GenAI values follow the OpenTelemetry GenAI
 * semantic conventions (gen-ai-metrics.md); RPC values follow the RPC conventions that define
 * `rpc.server.duration` and `rpc.client.duration` in milliseconds.
 */

export const GEN_AI_SERVER_TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
export const GEN_AI_SERVER_TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
export const GEN_AI_CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage";
export const GEN_AI_CLIENT_OPERATION_DURATION = "gen_ai.client.operation.duration";

export const RPC_SERVER_DURATION = "rpc.server.duration";
export const RPC_CLIENT_DURATION = "rpc.client.duration";
export const ACTIVE_STREAMS = "springboard.active_streams";

export const MEMBER_TIME_TO_FIRST_TOKEN = "springboard.member.time_to_first_token";
export const STAGE_DURATION = "springboard.stage.duration";
export const QUEUE_DEPTH = "springboard.queue.depth";
export const PLAN_REPAIRS = "springboard.plan.repairs";
export const PLAN_UNRECOVERABLE = "springboard.plan.unrecoverable";
export const ROUTER_DECISIONS = "springboard.router.decisions";
export const SKILL_CALLS = "springboard.skill.calls";
export const SKILL_PREFETCHES = "springboard.skill.prefetches";

/** TTFT_BUCKETS_S are the spec's boundaries for gen_ai.server.time_to_first_token, in seconds. */
export const TTFT_BUCKETS_S: readonly number[] = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
/** TPOT_BUCKETS_S are the spec's boundaries for gen_ai.server.time_per_output_token, in seconds. */
export const TPOT_BUCKETS_S: readonly number[] = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
/** TOKEN_USAGE_BUCKETS are the spec's boundaries for gen_ai.client.token.usage, in tokens. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
/** OPERATION_DURATION_BUCKETS_S are the spec's boundaries for gen_ai.client.operation.duration, in seconds. */
export const OPERATION_DURATION_BUCKETS_S: readonly number[] = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** RPC_DURATION_BUCKETS_MS are the RPC conventions' boundaries for rpc.*.duration, in milliseconds. */
export const RPC_DURATION_BUCKETS_MS: readonly number[] = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
/**
 * STAGE_BUCKETS_S cover pipeline stages from a sub-millisecond classifier route to a long
 * generation, in seconds.
 */
export const STAGE_BUCKETS_S: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** HISTOGRAM_BUCKETS maps every histogram this library creates to its explicit bucket boundaries. */
export const HISTOGRAM_BUCKETS: Readonly<Record<string, readonly number[]>> = {
  [GEN_AI_SERVER_TIME_TO_FIRST_TOKEN]: TTFT_BUCKETS_S,
  [GEN_AI_SERVER_TIME_PER_OUTPUT_TOKEN]: TPOT_BUCKETS_S,
  [GEN_AI_CLIENT_TOKEN_USAGE]: TOKEN_USAGE_BUCKETS,
  [GEN_AI_CLIENT_OPERATION_DURATION]: OPERATION_DURATION_BUCKETS_S,
  [RPC_SERVER_DURATION]: RPC_DURATION_BUCKETS_MS,
  [RPC_CLIENT_DURATION]: RPC_DURATION_BUCKETS_MS,
  [MEMBER_TIME_TO_FIRST_TOKEN]: TTFT_BUCKETS_S,
  [STAGE_DURATION]: STAGE_BUCKETS_S,
};
