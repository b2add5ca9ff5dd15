/**
 * Configuration from environment variables, validated once at start-up. Every problem is reported
 * at once, with the variable's name, what was found and what is expected.
 */

export interface Setting<T> {
  readonly describe: string;
  parse(raw: string | undefined): T;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

type Parsed<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

export function loadConfig<S extends Record<string, Setting<unknown>>>(
  spec: S,
  env: Record<string, string | undefined> = process.env,
): Parsed<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, setting] of Object.entries(spec)) {
    const raw = env[name];
    try {
      out[name] = setting.parse(raw === "" ? undefined : raw);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      problems.push(`${name}=${raw === undefined ? "(unset)" : JSON.stringify(raw)}: ${why}; expected ${setting.describe}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Parsed<S>;
}

function setting<T>(describe: string, parse: (raw: string) => T, fallback?: T): Setting<T> {
  return {
    describe,
    parse(raw) {
      if (raw === undefined) {
        if (fallback === undefined) throw new Error("required");
        return fallback;
      }
      return parse(raw.trim());
    },
  };
}

export function int(fallback?: number, range: { min?: number; max?: number } = {}): Setting<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
  return setting(`an integer from ${min} to ${max}`, (raw) => {
    if (!/^-?\d+$/.test(raw)) throw new Error("not an integer");
    const n = Number(raw);
    if (n < min || n > max) throw new Error("out of range");
    return n;
  }, fallback);
}

export function num(fallback?: number, range: { min?: number; max?: number } = {}): Setting<number> {
  const { min = -Infinity, max = Infinity } = range;
  return setting(`a number from ${min} to ${max}`, (raw) => {
    const n = Number(raw);
    if (raw === "" || !Number.isFinite(n)) throw new Error("not a number");
    if (n < min || n > max) throw new Error("out of range");
    return n;
  }, fallback);
}

export function port(fallback?: number): Setting<number> {
  const s = int(fallback, { min: 0, max: 65535 });
  return { describe: "a TCP port from 0 to 65535 (0 picks a free one)", parse: s.parse };
}

/** address is a host:port to dial, for example "localhost:50052". */
export function address(fallback?: string): Setting<string> {
  return setting("host:port", (raw) => {
    const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
    if (!m || Number(m[2]) > 65535) throw new Error("not host:port");
    return raw;
  }, fallback);
}

export function url(fallback?: string, protocols?: string[]): Setting<string> {
  const what = protocols ? `a URL with scheme ${protocols.join(" or ")}` : "a URL";
  return setting(what, (raw) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error("not a URL");
    }
    if (protocols && !protocols.includes(u.protocol.replace(/:$/, ""))) throw new Error(`scheme ${u.protocol} not allowed`);
    return raw;
  }, fallback);
}

export function str(fallback?: string): Setting<string> {
  return setting("a string", (raw) => raw, fallback);
}

/** optional is a setting that may be unset, in which case it is undefined. */
export function optional<T>(inner: Setting<T>): Setting<T | undefined> {
  return {
    describe: `${inner.describe}, or unset`,
    parse: (raw) => (raw === undefined ? undefined : inner.parse(raw)),
  };
}

export function oneOf<const T extends string>(values: readonly T[], fallback?: T): Setting<T> {
  return setting(`one of ${values.join(", ")}`, (raw) => {
    if (!(values as readonly string[]).includes(raw)) throw new Error("not allowed");
    return raw as T;
  }, fallback);
}

export function bool(fallback?: boolean): Setting<boolean> {
  return setting("true or false", (raw) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new Error("not a boolean");
  }, fallback);
}

/**
 * serviceConfig loads a service's configuration, or prints what is wrong and exits with status 2:
 * a misconfigured service fails at start-up with a message, not later with a stack trace.
 */
export function serviceConfig<S extends Record<string, Setting<unknown>>>(service: string, spec: S): Parsed<S> {
  try {
    return loadConfig(spec);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${service}: ${e.message}\n`);
    process.exit(2);
  }
}
