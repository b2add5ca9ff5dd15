import { create } from "@bufbuild/protobuf";
import { AttachmentSchema, type Attachment } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import type { Mapping } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { compactYaml } from "@springboard/llm-yaml";
import { CARDS, conditionalKey } from "./definitions.js";
import { evaluate, listKey, parsePath, resolveValue, type PathStep } from "./paths.js";

/**
 * mapRequest builds an API request (proto JSON, or an HTTP body) from arguments: each mapping key
 * is a dotted field path, each value an argument name. Unset arguments are left out.
 */
export function mapRequest(request: Record<string, string>, args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, arg] of Object.entries(request)) {
    const value = args[arg];
    if (value === undefined) continue;
    const parts = path.split(".");
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]!] = value;
  }
  return out;
}

/** MappedResult is a compact LLM-facing result and the entities it mentions. */
export interface MappedResult {
  result: unknown;
  entities: Attachment[];
}

/**
 * mapResponse turns an API response (proto JSON) into the LLM-facing result: output keys from paths
 * or templates, per item when mapping.items names a list; empty values are left out.
 */
export function mapResponse(mapping: Mapping | undefined, response: unknown, args: Record<string, unknown>): MappedResult {
  if (!mapping) return { result: compact(response) ?? {}, entities: [] };
  const outputKeys = Object.entries(mapping.output).filter(([raw]) => {
    const { when } = conditionalKey(raw);
    return when === undefined || isTruthy(args[when]);
  });
  const mapOne = (item: unknown) => {
    if (outputKeys.length === 0) return compact(item) ?? {};
    const obj: Record<string, unknown> = {};
    for (const [raw, spec] of outputKeys) {
      const v = compact(resolveValue(spec, item));
      if (v !== undefined) obj[conditionalKey(raw).key] = v;
    }
    return obj;
  };
  let result: unknown;
  if (mapping.items === "") result = mapOne(response);
  else {
    result = { [listKey(mapping.items)]: itemsAt(response, parsePath(mapping.items)).map(mapOne) };
  }

  const entities: Attachment[] = [];
  const seen = new Set<string>();
  for (const em of mapping.entities) {
    const card = CARDS[em.kind];
    if (!card) continue;
    const items = em.items === "" ? [response] : itemsAt(response, parsePath(em.items));
    for (const item of items) {
      const fields: Record<string, string> = {};
      for (const [field, spec] of Object.entries(em.fields)) {
        const v = resolveValue(spec, item);
        if (v === undefined || v === null || typeof v === "object") continue;
        fields[field] = String(v);
      }
      if (!fields.id) continue;
      const key = `${em.kind}:${fields.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entities.push(create(AttachmentSchema, { entity: { case: em.kind, value: create(card, fields) } as never }));
    }
  }
  return { result, entities };
}

function itemsAt(response: unknown, steps: readonly PathStep[]): unknown[] {
  const v = evaluate(response, steps);
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function isTruthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== "";
}

/** compact drops empty strings, empty lists, nulls and empty objects, recursively. */
export function compact(v: unknown): unknown {
  if (v === null || v === undefined || v === "") return undefined;
  if (Array.isArray(v)) {
    const items = v.map(compact).filter((x) => x !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [k, compact(x)] as const)
      .filter(([, x]) => x !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return v;
}

/** estimateTokens is the usual rough estimate of four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface RenderedResult {
  yaml: string;
  json: string;
  truncated: boolean;
}

/**
 * renderResult renders a result as YAML and JSON within a token budget: list items are dropped
 * from the end of the longest list first, then the longest strings are shortened.
 */
export function renderResult(result: unknown, maxTokens: number): RenderedResult {
  const toYaml = (v: unknown) => (v === undefined ? "{}\n" : compactYaml(v));
  let yaml = toYaml(result);
  if (estimateTokens(yaml) <= maxTokens) return { yaml, json: JSON.stringify(result ?? {}), truncated: false };
  const value = structuredClone(result);
  for (let guard = 0; guard < 10_000 && estimateTokens(yaml) > maxTokens; guard++) {
    const list = longestList(value);
    if (list && list.length > 1) list.pop();
    else if (!shortenLongestString(value)) break;
    yaml = toYaml(value);
  }
  return { yaml, json: JSON.stringify(value ?? {}), truncated: true };
}

function longestList(v: unknown): unknown[] | undefined {
  let best: unknown[] | undefined;
  const visit = (x: unknown) => {
    if (Array.isArray(x)) {
      if (!best || x.length > best.length) best = x;
      x.forEach(visit);
    } else if (typeof x === "object" && x !== null) Object.values(x).forEach(visit);
  };
  visit(v);
  return best;
}

function shortenLongestString(v: unknown): boolean {
  let best: { holder: Record<string, unknown> | unknown[]; key: string | number; length: number } | undefined;
  const visit = (x: unknown) => {
    if (typeof x !== "object" || x === null) return;
    for (const [k, val] of Object.entries(x)) {
      if (typeof val === "string" && val.length > 16 && (!best || val.length > best.length)) {
        best = { holder: x as Record<string, unknown>, key: Array.isArray(x) ? Number(k) : k, length: val.length };
      } else visit(val);
    }
  };
  visit(v);
  if (!best) return false;
  const s = (best.holder as Record<string | number, string>)[best.key]!;
  (best.holder as Record<string | number, string>)[best.key] = `${s.slice(0, Math.max(16, Math.floor(s.length / 2)) - 1).trimEnd()}…`;
  return true;
}
