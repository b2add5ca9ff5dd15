import type { Attributes } from "@opentelemetry/api";

export type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** parseKeyValues reads the `k1=v1,k2=v2` form of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS. */
export function parseKeyValues(text: string | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) throw new Error(`${what}: "${part.trim()}" is not key=value; use ${what}="key1=value1,key2=value2"`);
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw new Error(`${what}: the value of "${key}" is not valid percent-encoding`);
    }
    out[key] = decoded;
  }
  return out;
}

export interface OtlpSettings {
  tracesUrl?: string;
  metricsUrl?: string;
  tracesHeaders: Record<string, string>;
  metricsHeaders: Record<string, string>;
  exportIntervalMs: number;
  exportTimeoutMs: number;
}

function signalUrl(env: Env, signal: "TRACES" | "METRICS", path: string): string | undefined {
  const exporter = value(env, `OTEL_${signal}_EXPORTER`);
  if (exporter !== undefined && exporter.split(",").every((e) => e.trim() === "none")) return undefined;
  const specific = value(env, `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`);
  if (specific) return checkUrl(specific, `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`);
  const base = value(env, "OTEL_EXPORTER_OTLP_ENDPOINT");
  if (!base) return undefined;
  return `${checkUrl(base, "OTEL_EXPORTER_OTLP_ENDPOINT").replace(/\/+$/, "")}/${path}`;
}

function checkUrl(url: string, name: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
  } catch {
    throw new Error(`${name}="${url}" is not an http(s) URL; set it like http://otel-collector:4318`);
  }
  return url;
}

function positiveInt(env: Env, name: string, fallback: number): number {
  const v = value(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}="${v}" must be a positive whole number of milliseconds`);
  return n;
}

/** otlpSettings reads the standard OTEL_EXPORTER_OTLP_* variables; a signal without a URL is not exported. */
export function otlpSettings(env: Env): OtlpSettings {
  const disabled = value(env, "OTEL_SDK_DISABLED") === "true";
  const common = parseKeyValues(value(env, "OTEL_EXPORTER_OTLP_HEADERS"), "OTEL_EXPORTER_OTLP_HEADERS");
  return {
    tracesUrl: disabled ? undefined : signalUrl(env, "TRACES", "v1/traces"),
    metricsUrl: disabled ? undefined : signalUrl(env, "METRICS", "v1/metrics"),
    tracesHeaders: { ...common, ...parseKeyValues(value(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS"), "OTEL_EXPORTER_OTLP_TRACES_HEADERS") },
    metricsHeaders: { ...common, ...parseKeyValues(value(env, "OTEL_EXPORTER_OTLP_METRICS_HEADERS"), "OTEL_EXPORTER_OTLP_METRICS_HEADERS") },
    exportIntervalMs: positiveInt(env, "OTEL_METRIC_EXPORT_INTERVAL", 60_000),
    exportTimeoutMs: positiveInt(env, "OTEL_METRIC_EXPORT_TIMEOUT", 30_000),
  };
}

/**
 * resourceAttributes merges, lowest precedence first: the service name and version given in code,
 * OTEL_RESOURCE_ATTRIBUTES, then OTEL_SERVICE_NAME, so operators can rename a deployment.
 */
export function resourceAttributes(env: Env, service: string, version: string | undefined, instanceId: string): Attributes {
  const fromEnv = parseKeyValues(value(env, "OTEL_RESOURCE_ATTRIBUTES"), "OTEL_RESOURCE_ATTRIBUTES");
  const attrs: Attributes = { "service.name": service, "service.instance.id": instanceId };
  if (version) attrs["service.version"] = version;
  Object.assign(attrs, fromEnv);
  const serviceName = value(env, "OTEL_SERVICE_NAME");
  if (serviceName) attrs["service.name"] = serviceName;
  return attrs;
}
