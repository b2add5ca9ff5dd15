import { randomUUID } from "node:crypto";
import { context, metrics, propagation, trace, type Meter, type Tracer } from "@opentelemetry/api";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, resourceFromAttributes, type Resource } from "@opentelemetry/resources";
import { AggregationType, MeterProvider, PeriodicExportingMetricReader, type MetricReader, type ViewOptions } from "@opentelemetry/sdk-metrics";
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";
import { otlpSettings, resourceAttributes, type Env } from "./env.js";
import { HISTOGRAM_BUCKETS } from "./names.js";
import { PROMETHEUS_CONTENT_TYPE, PrometheusText } from "./prometheus.js";
import { PropagatingTracer } from "./propagating-tracer.js";

/** INSTRUMENTATION_SCOPE names the meter and tracer of every Springboard instrument. */
export const INSTRUMENTATION_SCOPE = "springboard";

/** MetricsRequest is the part of an HTTP request the /metrics route reads. */
export interface MetricsRequest {
  readonly method?: string;
  readonly url?: string;
}

/** MetricsResponse is the part of an HTTP response (HTTP/1.1 or HTTP/2 compatibility API) the /metrics route writes. */
export interface MetricsResponse {
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

export interface TelemetryOptions {
  /** service is the service's name, for example "gateway"; OTEL_SERVICE_NAME overrides it. */
  service: string;
  /** version is the service's version (service.version). */
  version?: string;
  /** env holds the OTEL_* variables; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * spanExporter receives every finished span at once (through a simple span processor), in
   * addition to OTLP when an endpoint is set. Meant for tests: an InMemorySpanExporter.
   */
  spanExporter?: SpanExporter;
  /**
   * asyncContext (default true) registers the AsyncLocalStorage context manager, so handlers run
   * inside their server span and calls made from them find it. Without it, trace context flows
   * only through traceHeaders(ctx) or contextValues, and the process saves the promise hooks that
   * AsyncLocalStorage costs on Node 20 (about 3% of the CPU of a unary connect call).
   */
  asyncContext?: boolean;
}

export interface Telemetry {
  /** service is the resolved service.name. */
  readonly service: string;
  readonly resource: Resource;
  readonly meter: Meter;
  /** tracer records spans when they are exported, and otherwise only propagates trace context. */
  readonly tracer: Tracer;
  /** tracing is true when spans are recorded (an OTLP endpoint or a spanExporter is set). */
  readonly tracing: boolean;
  /** otlp lists the OTLP/HTTP URLs in use; empty when nothing is pushed. */
  readonly otlp: { readonly traces?: string; readonly metrics?: string };
  /** metricsRoute serves GET /metrics in the Prometheus text format; false for any other path. */
  readonly metricsRoute: (req: MetricsRequest, res: MetricsResponse) => boolean | Promise<boolean>;
  /** metricsText collects and renders what /metrics would serve. */
  metricsText(): Promise<string>;
  /** forceFlush pushes pending spans and metrics to the exporters. */
  forceFlush(): Promise<void>;
  /**
   * shutdown flushes and stops every exporter; later calls return the same promise. A new
   * initTelemetry may follow it (tests do).
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

let current: Telemetry | undefined;

/** currentTelemetry returns the process's telemetry, if initTelemetry was called. */
export function currentTelemetry(): Telemetry | undefined {
  return current;
}

const views: ViewOptions[] = Object.entries(HISTOGRAM_BUCKETS).map(([instrumentName, boundaries]) => ({
  instrumentName,
  aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [...boundaries] } },
}));

/**
 * initTelemetry sets up metrics (Prometheus pull, OTLP push when configured), traces (OTLP when
 * configured, context propagation always) and W3C trace-context propagation, once per process:
 * later calls return the same instance.
 */
export function initTelemetry(opts: TelemetryOptions): Telemetry {
  if (current) return current;
  const env: Env = opts.env ?? process.env;
  const otlp = otlpSettings(env);
  const attrs = resourceAttributes(env, opts.service, opts.version, randomUUID());
  const resource = defaultResource().merge(resourceFromAttributes(attrs));
  const service = String(attrs["service.name"]);

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const text = new PrometheusText(/^service\.name$/);
  const readers: MetricReader[] = [prometheus];
  if (otlp.metricsUrl) {
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: otlp.metricsUrl, headers: otlp.metricsHeaders }),
        exportIntervalMillis: otlp.exportIntervalMs,
        exportTimeoutMillis: Math.min(otlp.exportTimeoutMs, otlp.exportIntervalMs),
      }),
    );
  }
  const meterProvider = new MeterProvider({ resource, views, readers });
  metrics.setGlobalMeterProvider(meterProvider);

  const processors: SpanProcessor[] = [];
  if (otlp.tracesUrl) processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: otlp.tracesUrl, headers: otlp.tracesHeaders })));
  if (opts.spanExporter) processors.push(new SimpleSpanProcessor(opts.spanExporter));
  const tracing = processors.length > 0;
  // Without an exporter the SDK provider samples nothing; it is still registered for the
  // AsyncLocalStorage context manager and the propagator.
  const tracerProvider = new NodeTracerProvider(tracing ? { resource, spanProcessors: processors } : { resource, sampler: new AlwaysOffSampler() });
  tracerProvider.register({
    contextManager: opts.asyncContext === false ? null : undefined,
    propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });
  const tracer: Tracer = tracing ? tracerProvider.getTracer(INSTRUMENTATION_SCOPE, opts.version) : new PropagatingTracer();

  const metricsText = async () => {
    const { resourceMetrics } = await prometheus.collect();
    return text.render(resourceMetrics);
  };

  const metricsRoute = (req: MetricsRequest, res: MetricsResponse): boolean | Promise<boolean> => {
    const url = req.url ?? "";
    const q = url.indexOf("?");
    if ((q < 0 ? url : url.slice(0, q)) !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "content-type": "text/plain", allow: "GET, HEAD" });
      res.end("use GET /metrics\n");
      return true;
    }
    return metricsText().then(
      (body) => {
        res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE });
        res.end(req.method === "HEAD" ? "" : body);
        return true;
      },
      (e: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`# metrics collection failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return true;
      },
    );
  };

  let stopping: Promise<void> | undefined;
  const telemetry: Telemetry = {
    service,
    resource,
    meter: meterProvider.getMeter(INSTRUMENTATION_SCOPE, opts.version),
    tracer,
    tracing,
    otlp: { traces: otlp.tracesUrl, metrics: otlp.metricsUrl },
    metricsRoute,
    metricsText,
    forceFlush: async () => {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    shutdown: (timeoutMs = 5_000) => {
      stopping ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        });
        const stop = Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown({ timeoutMillis: timeoutMs })]);
        await Promise.race([stop, deadline]);
        clearTimeout(timer);
        if (current === telemetry) {
          current = undefined;
          trace.disable();
          context.disable();
          propagation.disable();
          metrics.disable();
        }
      })();
      return stopping;
    },
  };
  current = telemetry;
  return telemetry;
}

/** perTelemetry makes one set of instruments per telemetry instance, created on first use. */
export function perTelemetry<T>(create: (telemetry: Telemetry) => T): (telemetry: Telemetry) => T {
  const made = new WeakMap<Telemetry, T>();
  return (telemetry) => {
    let m = made.get(telemetry);
    if (m === undefined) {
      m = create(telemetry);
      made.set(telemetry, m);
    }
    return m;
  };
}
