import type { ValidateFunction } from "ajv";
import { describeErrors, type InputSchema, type PropertySchema } from "./schema.js";

/** PreparedArgs are arguments repaired and validated against a skill's input schema. */
export interface PreparedArgs {
  args: Record<string, unknown>;
  /** repairs lists each change, for example "alias:jobId->job_id" or "coerce:limit string->integer". */
  repairs: string[];
}

export class ArgumentError extends Error {}

const NULLISH = new Set(["", "null", "none", "nil", "undefined", "n/a"]);

/**
 * prepareArgs parses args_json as a planner wrote it, repairs what models commonly get wrong (key
 * aliases, types, comma lists, enum case, out-of-range numbers, null-ish values), fills defaults, and
 * validates the result. It throws an ArgumentError that names each bad argument.
 */
export function prepareArgs(argsJson: string, schema: InputSchema, validate: ValidateFunction): PreparedArgs {
  const raw = parseArgsJson(argsJson);
  const repairs: string[] = [];
  const props = schema.properties;
  const args: Record<string, unknown> = {};

  const keys = Object.keys(raw);
  for (const key of keys.filter((k) => k in props)) args[key] = raw[key];
  for (const key of keys.filter((k) => !(k in props))) {
    const target = aliasFor(key, Object.keys(props));
    if (target === undefined) repairs.push(`drop:${key} unknown argument`);
    else if (target in args) repairs.push(`drop:${key} duplicates ${target}`);
    else {
      args[target] = raw[key];
      repairs.push(`alias:${key}->${target}`);
    }
  }

  const before: Record<string, string> = {};
  for (const [name, value] of Object.entries(args)) {
    const prop = props[name]!;
    let v = value;
    if (v === null || (typeof v === "string" && NULLISH.has(v.trim().toLowerCase()))) {
      delete args[name];
      repairs.push(`drop:${name} ${v === null ? "null" : JSON.stringify(v)}`);
      continue;
    }
    if (prop.type === "array" && typeof v === "string" && v.includes(",")) {
      v = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
      repairs.push(`coerce:${name} comma list->array`);
    }
    v = fixEnumCase(name, prop, v, repairs);
    v = clamp(name, prop, v, repairs);
    args[name] = v;
    before[name] = kindOf(v);
  }

  if (!validate(args)) throw new ArgumentError(describeErrors(validate.errors ?? [], schema).join("; "));
  for (const [name, was] of Object.entries(before)) {
    const now = kindOf(args[name]);
    if (now !== was && !(was === "integer" && now === "number")) repairs.push(`coerce:${name} ${was}->${now}`);
  }
  return { args, repairs };
}

export function parseArgsJson(argsJson: string): Record<string, unknown> {
  if (argsJson.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(argsJson);
  } catch (e) {
    throw new ArgumentError(`args_json is not valid JSON (${e instanceof Error ? e.message : String(e)}); send a JSON object such as {"job_id": "job-00042"}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ArgumentError(`args_json must be a JSON object of named arguments, got ${Array.isArray(parsed) ? "an array" : typeof parsed === "object" ? "null" : `a ${typeof parsed}`}`);
  }
  return parsed as Record<string, unknown>;
}

/** normalizeKey folds case, separators and camelCase: jobId, JobID, job-id and job_id all become "jobid". */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function aliasFor(key: string, names: string[]): string | undefined {
  const n = normalizeKey(key);
  if (n === "") return undefined;
  const exact = names.filter((p) => normalizeKey(p) === n);
  if (exact.length === 1) return exact[0];
  const plural = names.filter((p) => {
    const q = normalizeKey(p);
    return q === `${n}s` || `${q}s` === n;
  });
  return plural.length === 1 ? plural[0] : undefined;
}

function fixEnumCase(name: string, prop: PropertySchema, v: unknown, repairs: string[]): unknown {
  const fix = (value: unknown, allowed: unknown[] | undefined): unknown => {
    if (!allowed || typeof value !== "string" || allowed.includes(value)) return value;
    const match = allowed.find((a) => typeof a === "string" && a.toLowerCase() === value.trim().toLowerCase());
    if (match === undefined) return value;
    repairs.push(`enum:${name} ${value}->${String(match)}`);
    return match;
  };
  if (prop.type === "array" && Array.isArray(v)) return v.map((item) => fix(item, prop.items?.enum));
  return fix(v, prop.enum);
}

function clamp(name: string, prop: PropertySchema, v: unknown, repairs: string[]): unknown {
  if (prop.type !== "integer" && prop.type !== "number") return v;
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isFinite(n)) return v;
  const bounded = Math.min(prop.maximum ?? Infinity, Math.max(prop.minimum ?? -Infinity, n));
  if (bounded === n) return v;
  repairs.push(`clamp:${name} ${n}->${bounded}`);
  return typeof v === "string" ? String(bounded) : bounded;
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}
