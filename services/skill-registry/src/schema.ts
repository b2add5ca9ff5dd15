import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** PrimitiveType is a JSON Schema type an LLM can write reliably. */
export type PrimitiveType = "string" | "integer" | "number" | "boolean";

export interface PropertySchema {
  type: PrimitiveType | "array";
  items?: { type: PrimitiveType; enum?: unknown[] };
  description?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  [keyword: string]: unknown;
}

/** InputSchema is a skill's LLM-facing arguments: an object of primitive-typed properties. */
export interface InputSchema {
  type: "object";
  properties: Record<string, PropertySchema>;
  required?: string[];
  [keyword: string]: unknown;
}

const PRIMITIVES = new Set<string>(["string", "integer", "number", "boolean"]);

/** strictAjv checks schemas and examples as written, without changing them. */
export const strictAjv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });

/** coercingAjv validates arguments as a model wrote them, repairing types and filling defaults. */
export const coercingAjv = new Ajv({
  allErrors: true,
  verbose: true,
  strict: false,
  coerceTypes: "array",
  useDefaults: true,
  removeAdditional: "all",
});

/**
 * checkInputSchema returns the problems that keep a value from being an input schema, each saying
 * what to fix.
 */
export function checkInputSchema(schema: unknown, where = "input_schema"): string[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [`${where} must be a JSON Schema object`];
  const s = schema as Record<string, unknown>;
  const problems: string[] = [];
  if (s.type !== "object") problems.push(`${where}.type must be "object", found ${JSON.stringify(s.type ?? null)}`);
  const props = s.properties;
  if (typeof props !== "object" || props === null || Array.isArray(props)) {
    problems.push(`${where}.properties must map argument names to schemas`);
    return problems;
  }
  for (const [name, p] of Object.entries(props as Record<string, unknown>)) {
    const at = `${where}.properties.${name}`;
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`${at}: argument names are snake_case (a-z, 0-9, _), like "job_id"`);
    if (typeof p !== "object" || p === null) {
      problems.push(`${at} must be a schema object`);
      continue;
    }
    const prop = p as Record<string, unknown>;
    if (prop.type === "array") {
      const items = prop.items as Record<string, unknown> | undefined;
      if (!items || typeof items !== "object" || !PRIMITIVES.has(String(items.type))) {
        problems.push(`${at}.items.type must be string, integer, number or boolean: arrays may hold primitives only`);
      }
    } else if (!PRIMITIVES.has(String(prop.type))) {
      problems.push(
        `${at}.type is ${JSON.stringify(prop.type ?? null)}; use string, integer, number, boolean or an array of those (nested objects are hard for an LLM to write)`,
      );
    }
  }
  if (s.required !== undefined) {
    if (!Array.isArray(s.required)) problems.push(`${where}.required must be a list of argument names`);
    else {
      for (const r of s.required) {
        if (!(String(r) in (props as object))) problems.push(`${where}.required names "${String(r)}", which is not in ${where}.properties`);
      }
    }
  }
  if (problems.length === 0) problems.push(...compileProblems(schema, where));
  return problems;
}

/** compileProblems compiles a schema with strict checks and reports why it does not compile. */
export function compileProblems(schema: unknown, where: string): string[] {
  try {
    strictAjv.compile(schema as object);
    return [];
  } catch (e) {
    return [`${where} does not compile as JSON Schema: ${e instanceof Error ? e.message : String(e)}`];
  } finally {
    strictAjv.removeSchema(schema as object);
  }
}

export function compileCoercing(schema: InputSchema): ValidateFunction {
  return coercingAjv.compile(schema);
}

/** releaseCoercing lets ajv forget a schema compiled with compileCoercing. */
export function releaseCoercing(schema: InputSchema): void {
  coercingAjv.removeSchema(schema);
}

/** describeErrors turns ajv errors into sentences that name the argument and say what is wrong. */
export function describeErrors(errors: readonly ErrorObject[], schema: InputSchema): string[] {
  const out: string[] = [];
  for (const e of errors) {
    if (e.keyword === "required") {
      const name = String((e.params as { missingProperty: string }).missingProperty);
      const desc = schema.properties[name]?.description;
      out.push(`missing required argument ${name}${desc ? ` (${desc})` : ""}`);
      continue;
    }
    const parts = e.instancePath.split("/").filter(Boolean);
    const name = parts.length > 0 ? parts.join(".") : "arguments";
    let why = e.message ?? "is invalid";
    if (e.keyword === "enum") why += `: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    out.push(`argument ${name} ${why}, got ${JSON.stringify(e.data)}`);
  }
  return [...new Set(out)];
}
