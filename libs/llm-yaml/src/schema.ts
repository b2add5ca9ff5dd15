export type JSONType = 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'object' | 'array';

// JSONSchema is the subset of JSON Schema the coercer understands.
export interface JSONSchema {
  type?: JSONType | JSONType[];
  properties?: Record<string, JSONSchema>;
  required?: string[];
  items?: JSONSchema;
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | JSONSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  oneOf?: JSONSchema[];
  anyOf?: JSONSchema[];
  default?: unknown;
  description?: string;
  [extra: string]: unknown;
}

// SkillSpec is the part of a skill the planner sees: its name and LLM-facing input schema.
export interface SkillSpec {
  name: string;
  description?: string;
  inputSchema: JSONSchema;
}

const str = (description?: string): JSONSchema => ({ type: 'string', ...(description ? { description } : {}) });

// SAMPLE_SKILLS are the eight skills of the sample professional-network dataset.
export const SAMPLE_SKILLS: SkillSpec[] = [
  { name: 'member_profile', inputSchema: obj({ member_id: str() }, ['member_id']) },
  { name: 'job_details', inputSchema: obj({ job_id: str() }, ['job_id']) },
  { name: 'company_profile', inputSchema: obj({ company: str() }, ['company']) },
  {
    name: 'people_search',
    inputSchema: obj(
      { keywords: str(), company: str(), limit: { type: 'integer', minimum: 1, maximum: 20 } },
      ['keywords'],
    ),
  },
  {
    name: 'course_search',
    inputSchema: obj(
      { skills: { type: 'array', items: { type: 'string' } }, limit: { type: 'integer', minimum: 1, maximum: 20 } },
      ['skills'],
    ),
  },
  { name: 'post_details', inputSchema: obj({ post_id: str() }, ['post_id']) },
  {
    name: 'web_search',
    inputSchema: obj({ query: str(), freshness: { type: 'string', enum: ['day', 'week', 'month', 'any'] } }, ['query']),
  },
  {
    name: 'skill_insights',
    inputSchema: obj({ skill: str(), include_trends: { type: 'boolean' } }, ['skill']),
  },
];

function obj(properties: Record<string, JSONSchema>, required: string[]): JSONSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

// planSchema is the JSON Schema of a whole plan: an optional thought and calls discriminated by skill name.
export function planSchema(skills: readonly SkillSpec[]): JSONSchema {
  const branches: JSONSchema[] = skills.map((s) => {
    const args: JSONSchema = { type: 'object', ...s.inputSchema };
    const argsRequired = (args.required ?? []).length > 0;
    return {
      type: 'object',
      properties: { skill: { const: s.name }, args },
      required: argsRequired ? ['skill', 'args'] : ['skill'],
      additionalProperties: false,
    };
  });
  return {
    type: 'object',
    properties: {
      thought: { type: 'string' },
      calls: { type: 'array', items: { oneOf: branches } },
    },
    required: ['calls'],
    additionalProperties: false,
  };
}

export function typesOf(schema: JSONSchema): JSONType[] | undefined {
  if (schema.type === undefined) return undefined;
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

const normalized = new Map<string, string>();

export function normalizeKey(key: string): string {
  let n = normalized.get(key);
  if (n === undefined) {
    n = key.toLowerCase().replace(/[\s_\-.]+/g, '');
    if (normalized.size > 20000) normalized.clear();
    normalized.set(key, n);
  }
  return n;
}

// validate reports whether a plain JS value already satisfies the schema, with no coercion at all.
export function validate(value: unknown, schema: JSONSchema): boolean {
  if (schema.const !== undefined && !deepEqual(value, schema.const)) return false;
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, value))) return false;
  const types = typesOf(schema);
  if (types && !types.some((t) => isType(value, t))) return false;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    if (schema.maximum !== undefined && value > schema.maximum) return false;
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return false;
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return false;
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    if (!value.every((v) => validate(v, items))) return false;
  }
  if (isPlainObject(value)) {
    const props = schema.properties ?? {};
    for (const r of schema.required ?? []) if (!(r in value)) return false;
    for (const [k, v] of Object.entries(value)) {
      const p = props[k];
      if (p) {
        if (!validate(v, p)) return false;
      } else if (schema.additionalProperties === false) {
        return false;
      } else if (typeof schema.additionalProperties === 'object' && !validate(v, schema.additionalProperties)) {
        return false;
      }
    }
  }
  if (schema.oneOf && schema.oneOf.filter((s) => validate(value, s)).length !== 1) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => validate(value, s))) return false;
  return true;
}

export function isType(value: unknown, t: JSONType): boolean {
  switch (t) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return Number.isNaN(a) && Number.isNaN(b);
}

// objectBranches lists the object-shaped alternatives of a schema (itself, or its oneOf/anyOf).
const branchCache = new WeakMap<JSONSchema, JSONSchema[]>();

export function objectBranches(schema: JSONSchema | undefined): JSONSchema[] {
  if (!schema) return [];
  let b = branchCache.get(schema);
  if (!b) {
    const alts = schema.oneOf ?? schema.anyOf;
    b = alts ? alts.flatMap((s) => objectBranches(s)) : schema.properties || schema.type === 'object' ? [schema] : [];
    branchCache.set(schema, b);
  }
  return b;
}

// discriminators lists the const-valued properties of a branch (e.g. skill: const company_profile).
const discCache = new WeakMap<JSONSchema, [string, unknown][]>();

export function discriminators(schema: JSONSchema): [string, unknown][] {
  const hit = discCache.get(schema);
  if (hit) return hit;
  const out: [string, unknown][] = [];
  discCache.set(schema, out);
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (p.const !== undefined) out.push([k, p.const]);
    else if (p.enum && p.enum.length === 1) out.push([k, p.enum[0]]);
  }
  return out;
}
