export {
  currentTelemetry,
  initTelemetry,
  INSTRUMENTATION_SCOPE,
  type MetricsRequest,
  type MetricsResponse,
  type Telemetry,
  type TelemetryOptions,
} from "./telemetry.js";
export { clientInterceptor, serverInterceptor, traceContext, traceContextKey, traceHeaders, withTraceContext } from "./rpc.js";
export { genAiMetrics, HIDDEN_TOKENS_ATTRIBUTE, type GenAiAttributes, type GenAiCall, type GenAiMetrics, type TokenUsage } from "./genai.js";
export { pipelineMetrics, type PipelineMetrics, type Stage } from "./pipeline.js";
export { prometheusName, PROMETHEUS_CONTENT_TYPE } from "./prometheus.js";
export * from "./names.js";
