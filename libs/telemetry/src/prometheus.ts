import { PrometheusSerializer } from "@opentelemetry/exporter-prometheus";
import type { MetricData, ResourceMetrics } from "@opentelemetry/sdk-metrics";

// The Prometheus exporter of this SDK version sanitizes names ("." to "_") and adds "_total" to
// monotonic sums, but does not add unit suffixes. The OpenTelemetry-to-Prometheus compatibility
// rules (followed by the Collector's Prometheus exporter and Prometheus' own OTLP receiver) do, so
// the suffix is added here: a metric has the same name whether it is scraped or pushed over OTLP.
const UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  min: "minutes",
  h: "hours",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
};

const renamed = new Map<string, string>();

/** prometheusName is the base name a metric is exposed under, before _bucket/_sum/_count/_total. */
export function prometheusName(name: string, unit: string): string {
  const key = `${name}\u0000${unit}`;
  let out = renamed.get(key);
  if (out === undefined) {
    out = name.replace(/[^a-zA-Z0-9_]/g, "_").replace(/_{2,}/g, "_");
    const suffix = UNIT_SUFFIXES[unit];
    if (suffix !== undefined && !out.endsWith(`_${suffix}`)) out = `${out}_${suffix}`;
    renamed.set(key, out);
  }
  return out;
}

function withSuffix(metric: MetricData): MetricData {
  const name = prometheusName(metric.descriptor.name, metric.descriptor.unit);
  return name === metric.descriptor.name ? metric : { ...metric, descriptor: { ...metric.descriptor, name } };
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** PrometheusText renders collected metrics in the Prometheus text exposition format. */
export class PrometheusText {
  private readonly serializer: PrometheusSerializer;

  constructor(constantLabels: RegExp | undefined) {
    this.serializer = new PrometheusSerializer("", false, constantLabels);
  }

  render(resourceMetrics: ResourceMetrics): string {
    const scopeMetrics = resourceMetrics.scopeMetrics.map((s) => ({ ...s, metrics: s.metrics.map(withSuffix) }));
    return this.serializer.serialize({ ...resourceMetrics, scopeMetrics });
  }
}
