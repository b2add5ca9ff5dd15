import type { Attributes, Histogram } from "@opentelemetry/api";
import {
  GEN_AI_CLIENT_OPERATION_DURATION,
  GEN_AI_CLIENT_TOKEN_USAGE,
  GEN_AI_SERVER_TIME_PER_OUTPUT_TOKEN,
  GEN_AI_SERVER_TIME_TO_FIRST_TOKEN,
} from "./names.js";
import { perTelemetry, type Telemetry } from "./telemetry.js";

/** HIDDEN_TOKENS_ATTRIBUTE marks output tokens the member never sees (reasoning, chain of thought). */
export const HIDDEN_TOKENS_ATTRIBUTE = "springboard.token.hidden";

/** GenAiAttributes are the GenAI semantic-convention attributes of one kind of LLM call. */
export interface GenAiAttributes extends Attributes {
  "gen_ai.operation.name": string;
  "gen_ai.provider.name": string;
  /** gen_ai.system is the deprecated name of gen_ai.provider.name, kept for older dashboards. */
  "gen_ai.system"?: string;
  "gen_ai.request.model"?: string;
  "gen_ai.response.model"?: string;
  "server.address"?: string;
  "server.port"?: number;
  "error.type"?: string;
}

/** GenAiCall describes an LLM call in plain words; attributes() turns it into GenAiAttributes. */
export interface GenAiCall {
  /** provider is gen_ai.provider.name: "openai" for any OpenAI-compatible server, or a well-known value. */
  provider: string;
  /** operation is gen_ai.operation.name; defaults to "chat". */
  operation?: string;
  requestModel?: string;
  responseModel?: string;
  serverAddress?: string;
  serverPort?: number;
}

/** TokenUsage counts one call's tokens; output excludes hidden reasoning tokens, counted in reasoning. */
export interface TokenUsage {
  input?: number;
  output?: number;
  reasoning?: number;
}

export interface GenAiMetrics {
  /**
   * attributes returns the attribute set of a call, the same object for the same call: build it
   * once per call (or per model) and pass it to every record.
   */
  attributes(call: GenAiCall): GenAiAttributes;
  /** recordTtft records gen_ai.server.time_to_first_token, in seconds, for a successful response. */
  recordTtft(seconds: number, attrs: GenAiAttributes): void;
  /** recordTpot records gen_ai.server.time_per_output_token, in seconds, for a successful response. */
  recordTpot(seconds: number, attrs: GenAiAttributes): void;
  /**
   * recordUsage records gen_ai.client.token.usage: input with gen_ai.token.type=input, output
   * with gen_ai.token.type=output, and reasoning, when above zero, as gen_ai.token.type=output
   * plus springboard.token.hidden=true (a separate series, so all output is billable output and
   * hidden tokens can still be told apart).
   */
  recordUsage(tokens: TokenUsage, attrs: GenAiAttributes): void;
  /** recordDuration records gen_ai.client.operation.duration, in seconds; errorType sets error.type. */
  recordDuration(seconds: number, attrs: GenAiAttributes, errorType?: string): void;
}

interface Derived {
  input: Attributes;
  output: Attributes;
  hidden: Attributes;
  errors: Map<string, Attributes>;
}

/** genAiMetrics returns the GenAI semantic-convention instruments of a telemetry instance. */
export const genAiMetrics: (telemetry: Telemetry) => GenAiMetrics = perTelemetry(createGenAiMetrics);

function createGenAiMetrics(telemetry: Telemetry): GenAiMetrics {
  const meter = telemetry.meter;
  const ttft: Histogram = meter.createHistogram(GEN_AI_SERVER_TIME_TO_FIRST_TOKEN, { unit: "s", description: "Time to generate first token for successful responses." });
  const tpot: Histogram = meter.createHistogram(GEN_AI_SERVER_TIME_PER_OUTPUT_TOKEN, { unit: "s", description: "Time per output token generated after the first token for successful responses." });
  const usage: Histogram = meter.createHistogram(GEN_AI_CLIENT_TOKEN_USAGE, { unit: "{token}", description: "Number of input and output tokens used." });
  const duration: Histogram = meter.createHistogram(GEN_AI_CLIENT_OPERATION_DURATION, { unit: "s", description: "GenAI operation duration." });

  const calls = new Map<string, GenAiAttributes>();
  const derived = new WeakMap<Attributes, Derived>();
  const derive = (attrs: GenAiAttributes): Derived => {
    let d = derived.get(attrs);
    if (d === undefined) {
      d = {
        input: { ...attrs, "gen_ai.token.type": "input" },
        output: { ...attrs, "gen_ai.token.type": "output" },
        hidden: { ...attrs, "gen_ai.token.type": "output", [HIDDEN_TOKENS_ATTRIBUTE]: true },
        errors: new Map(),
      };
      derived.set(attrs, d);
    }
    return d;
  };

  return {
    attributes(call) {
      const operation = call.operation ?? "chat";
      const key = `${operation}\u0000${call.provider}\u0000${call.requestModel ?? ""}\u0000${call.responseModel ?? ""}\u0000${call.serverAddress ?? ""}\u0000${call.serverPort ?? ""}`;
      let attrs = calls.get(key);
      if (attrs === undefined) {
        attrs = { "gen_ai.operation.name": operation, "gen_ai.provider.name": call.provider, "gen_ai.system": call.provider };
        if (call.requestModel) attrs["gen_ai.request.model"] = call.requestModel;
        if (call.responseModel) attrs["gen_ai.response.model"] = call.responseModel;
        if (call.serverAddress) {
          attrs["server.address"] = call.serverAddress;
          if (call.serverPort !== undefined) attrs["server.port"] = call.serverPort;
        }
        if (calls.size < 1024) calls.set(key, attrs);
      }
      return attrs;
    },
    recordTtft(seconds, attrs) {
      ttft.record(seconds, attrs);
    },
    recordTpot(seconds, attrs) {
      tpot.record(seconds, attrs);
    },
    recordUsage(tokens, attrs) {
      const d = derive(attrs);
      if (tokens.input !== undefined) usage.record(tokens.input, d.input);
      if (tokens.output !== undefined) usage.record(tokens.output, d.output);
      if (tokens.reasoning !== undefined && tokens.reasoning > 0) usage.record(tokens.reasoning, d.hidden);
    },
    recordDuration(seconds, attrs, errorType) {
      if (errorType === undefined) {
        duration.record(seconds, attrs);
        return;
      }
      const errors = derive(attrs).errors;
      let a = errors.get(errorType);
      if (a === undefined) {
        a = { ...attrs, "error.type": errorType };
        if (errors.size < 64) errors.set(errorType, a);
      }
      duration.record(seconds, a);
    },
  };
}
