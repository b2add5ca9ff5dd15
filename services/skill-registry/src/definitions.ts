import { create, ScalarType, toJson, type DescMessage, type DescMethod, type DescService, type FileRegistry } from "@bufbuild/protobuf";
import {
  ArticleCardSchema,
  CompanyCardSchema,
  CourseCardSchema,
  JobCardSchema,
  MemberCardSchema,
} from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import {
  BindingSchema,
  EntityMappingSchema,
  GrpcBindingSchema,
  HttpBindingSchema,
  MappingSchema,
  SkillDefinitionSchema,
  SkillExampleSchema,
  type EntityMapping,
  type SkillDefinition,
} from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { protoRegistry } from "@springboard/proto";
import { parseDocument } from "yaml";
import { checkPath, findField, isTemplate, listKey, parsePath, templatePaths } from "./paths.js";
import { checkInputSchema, compileProblems, describeErrors, strictAjv, type InputSchema } from "./schema.js";

export const NAME_PATTERN = /^[a-z][a-z0-9_]{2,63}$/;
export const MAX_TIMEOUT_MS = 60_000;
export const MAX_CACHE_TTL_S = 86_400;

/** CARDS are the attachment cards an entity mapping may produce, by kind. */
export const CARDS: Record<string, DescMessage> = {
  member: MemberCardSchema,
  article: ArticleCardSchema,
  job: JobCardSchema,
  company: CompanyCardSchema,
  course: CourseCardSchema,
};

/** DefinitionError lists everything wrong with a skill definition, each problem saying what to fix. */
export class DefinitionError extends Error {
  constructor(
    readonly skill: string,
    readonly problems: string[],
  ) {
    super(`skill ${skill || "(unnamed)"} is invalid:\n  - ${problems.join("\n  - ")}`);
    this.name = "DefinitionError";
  }
}

export interface ValidationContext {
  /** endpoints are the backend names the registry is configured with; unset skips the check. */
  endpoints?: Iterable<string>;
  registry?: FileRegistry;
}

/** conditionalKey splits an output key "demand_trend?include_trends" into the key and its condition. */
export function conditionalKey(key: string): { key: string; when?: string } {
  const i = key.indexOf("?");
  return i < 0 ? { key } : { key: key.slice(0, i), when: key.slice(i + 1) };
}

/** parseSkillYaml reads the text of a skill YAML file into a definition, without validating it. */
export function parseSkillYaml(text: string, source = "skill YAML"): SkillDefinition {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DefinitionError("", doc.errors.map((e) => `${source} is not valid YAML: ${e.message.split("\n")[0]}`));
  }
  const { def, problems } = definitionFromObject(doc.toJS());
  if (problems.length > 0) throw new DefinitionError(def.name, problems);
  return def;
}

const TOP_LEVEL = [
  "name", "version", "description", "tags", "agents", "input_schema", "input_schema_json", "output_schema", "output_schema_json",
  "binding", "mapping", "timeout_ms", "cache_ttl_s", "examples",
];

/** definitionFromObject reads a parsed skill YAML file into a definition and lists shape problems. */
export function definitionFromObject(obj: unknown): { def: SkillDefinition; problems: string[] } {
  const problems: string[] = [];
  const def = create(SkillDefinitionSchema);
  if (!isRecord(obj)) return { def, problems: ["a skill file must be a YAML mapping with name, description, input_schema, binding, mapping and timeout_ms"] };
  unknownKeys(obj, TOP_LEVEL, "", problems);
  def.name = str(obj.name, "name", problems);
  def.description = str(obj.description, "description", problems);
  def.tags = strList(obj.tags, "tags", problems);
  def.agents = strList(obj.agents, "agents", problems);
  def.inputSchemaJson = schemaJson(obj.input_schema, obj.input_schema_json, "input_schema", problems);
  def.outputSchemaJson = schemaJson(obj.output_schema, obj.output_schema_json, "output_schema", problems);
  def.timeoutMs = uint(obj.timeout_ms, "timeout_ms", problems);
  def.cacheTtlS = uint(obj.cache_ttl_s, "cache_ttl_s", problems);

  if (isRecord(obj.binding)) {
    const b = obj.binding;
    unknownKeys(b, ["grpc", "http"], "binding.", problems);
    if (isRecord(b.grpc) && b.http === undefined) {
      unknownKeys(b.grpc, ["service", "method", "endpoint"], "binding.grpc.", problems);
      def.binding = create(BindingSchema, {
        target: {
          case: "grpc",
          value: create(GrpcBindingSchema, {
            service: str(b.grpc.service, "binding.grpc.service", problems),
            method: str(b.grpc.method, "binding.grpc.method", problems),
            endpoint: str(b.grpc.endpoint, "binding.grpc.endpoint", problems),
          }),
        },
      });
    } else if (isRecord(b.http) && b.grpc === undefined) {
      unknownKeys(b.http, ["method", "path_template", "endpoint"], "binding.http.", problems);
      def.binding = create(BindingSchema, {
        target: {
          case: "http",
          value: create(HttpBindingSchema, {
            method: str(b.http.method ?? "GET", "binding.http.method", problems).toUpperCase(),
            pathTemplate: str(b.http.path_template, "binding.http.path_template", problems),
            endpoint: str(b.http.endpoint, "binding.http.endpoint", problems),
          }),
        },
      });
    } else problems.push("binding must hold exactly one of grpc {service, method, endpoint} or http {method, path_template, endpoint}");
  } else if (obj.binding !== undefined) problems.push("binding must be a mapping with grpc or http");

  if (obj.mapping !== undefined) {
    if (!isRecord(obj.mapping)) problems.push("mapping must be a mapping with request, items, output and entities");
    else {
      const m = obj.mapping;
      unknownKeys(m, ["request", "items", "output", "entities"], "mapping.", problems);
      const entities: EntityMapping[] = [];
      if (m.entities !== undefined && !Array.isArray(m.entities)) problems.push("mapping.entities must be a list of {kind, items, fields}");
      for (const [i, e] of (Array.isArray(m.entities) ? m.entities : []).entries()) {
        if (!isRecord(e)) {
          problems.push(`mapping.entities[${i}] must be a mapping with kind, items and fields`);
          continue;
        }
        unknownKeys(e, ["kind", "items", "fields"], `mapping.entities[${i}].`, problems);
        entities.push(
          create(EntityMappingSchema, {
            kind: str(e.kind, `mapping.entities[${i}].kind`, problems),
            items: str(e.items ?? "", `mapping.entities[${i}].items`, problems),
            fields: strMap(e.fields, `mapping.entities[${i}].fields`, problems),
          }),
        );
      }
      def.mapping = create(MappingSchema, {
        request: strMap(m.request, "mapping.request", problems),
        items: str(m.items ?? "", "mapping.items", problems),
        output: strMap(m.output, "mapping.output", problems),
        entities,
      });
    }
  }

  if (obj.examples !== undefined && !Array.isArray(obj.examples)) problems.push("examples must be a list of {question, args}");
  for (const [i, ex] of (Array.isArray(obj.examples) ? obj.examples : []).entries()) {
    if (!isRecord(ex)) {
      problems.push(`examples[${i}] must be a mapping with question and args`);
      continue;
    }
    unknownKeys(ex, ["question", "args", "args_json"], `examples[${i}].`, problems);
    const argsJson = ex.args_json !== undefined ? str(ex.args_json, `examples[${i}].args_json`, problems) : JSON.stringify(ex.args ?? {});
    def.examples.push(create(SkillExampleSchema, { question: str(ex.question, `examples[${i}].question`, problems), argsJson }));
  }
  return { def, problems };
}

/**
 * normalizeDefinition returns a copy in canonical form: schemas and example arguments re-serialised
 * with sorted keys, so that the same skill written twice compares equal.
 */
export function normalizeDefinition(def: SkillDefinition): SkillDefinition {
  const copy = create(SkillDefinitionSchema, def);
  const canon = (json: string) => {
    try {
      return json.trim() === "" ? "" : stableStringify(JSON.parse(json));
    } catch {
      return json;
    }
  };
  copy.name = copy.name.trim();
  copy.description = copy.description.trim();
  copy.inputSchemaJson = canon(copy.inputSchemaJson);
  copy.outputSchemaJson = canon(copy.outputSchemaJson);
  for (const ex of copy.examples) ex.argsJson = canon(ex.argsJson);
  return copy;
}

/** canonicalBody is a definition's content without its version, as stable JSON. */
export function canonicalBody(def: SkillDefinition): string {
  return stableStringify(toJson(SkillDefinitionSchema, { ...normalizeDefinition(def), version: 0 }));
}

export function inputSchemaOf(def: SkillDefinition): InputSchema {
  return JSON.parse(def.inputSchemaJson) as InputSchema;
}

/** resolveMethod finds a gRPC-bound skill's service and method in the proto registry. */
export function resolveMethod(def: SkillDefinition, registry: FileRegistry = protoRegistry()): { service: DescService; method: DescMethod } | undefined {
  if (def.binding?.target.case !== "grpc") return undefined;
  const { service: svcName, method: methodName } = def.binding.target.value;
  const service = registry.getService(svcName);
  const method = service?.methods.find((m) => m.name === methodName);
  return service && method ? { service, method } : undefined;
}

/** checkDefinition validates a definition and returns it in canonical form, or throws a DefinitionError. */
export function checkDefinition(def: SkillDefinition, ctx: ValidationContext = {}): SkillDefinition {
  const normal = normalizeDefinition(def);
  const problems = validateDefinition(normal, ctx);
  if (problems.length > 0) throw new DefinitionError(normal.name, problems);
  return normal;
}

/** validateDefinition lists everything wrong with a definition; empty means it is valid. */
export function validateDefinition(def: SkillDefinition, ctx: ValidationContext = {}): string[] {
  const registry = ctx.registry ?? protoRegistry();
  const endpoints = ctx.endpoints === undefined ? undefined : [...ctx.endpoints];
  const problems: string[] = [];

  if (!NAME_PATTERN.test(def.name)) {
    problems.push(`name "${def.name}" must match ^[a-z][a-z0-9_]{2,63}$: 3 to 64 lowercase letters, digits or _, starting with a letter, like "job_details"`);
  }
  const description = def.description.trim();
  if (description.length < 20) {
    problems.push(`description is ${description.length} characters; write at least 20 saying what the skill does, when to use it and when not`);
  }
  for (const [field, list] of [["tags", def.tags], ["agents", def.agents]] as const) {
    for (const v of list) if (!/^[a-z][a-z0-9_-]*$/.test(v)) problems.push(`${field} entry "${v}" must be lowercase letters, digits, _ or -`);
  }
  if (def.timeoutMs < 1 || def.timeoutMs > MAX_TIMEOUT_MS) problems.push(`timeout_ms is ${def.timeoutMs}; set it from 1 to ${MAX_TIMEOUT_MS} milliseconds`);
  if (def.cacheTtlS > MAX_CACHE_TTL_S) problems.push(`cache_ttl_s is ${def.cacheTtlS}; set it from 0 (no cache) to ${MAX_CACHE_TTL_S} seconds`);

  let schema: InputSchema | undefined;
  if (def.inputSchemaJson.trim() === "") problems.push("input_schema is missing; describe the arguments as {type: object, properties: {...}}");
  else {
    const parsed = parseJson(def.inputSchemaJson, "input_schema", problems);
    if (parsed !== undefined) {
      const schemaProblems = checkInputSchema(parsed);
      problems.push(...schemaProblems);
      if (schemaProblems.length === 0) schema = parsed as InputSchema;
    }
  }
  let outputSchema: Record<string, unknown> | undefined;
  if (def.outputSchemaJson.trim() !== "") {
    const parsed = parseJson(def.outputSchemaJson, "output_schema", problems);
    if (parsed !== undefined) {
      const compiled = compileProblems(parsed, "output_schema");
      problems.push(...compiled);
      if (compiled.length === 0 && isRecord(parsed)) outputSchema = parsed;
    }
  }
  const argNames = schema ? Object.keys(schema.properties) : [];
  const used = new Set<string>();
  const checkArg = (name: string, where: string) => {
    used.add(name);
    if (schema && !(name in schema.properties)) {
      problems.push(`${where} uses "${name}", which is not in input_schema.properties (arguments: ${argNames.join(", ") || "none"})`);
    }
  };

  const mapping = def.mapping;
  const knownEndpoint = (endpoint: string, where: string) => {
    if (endpoint === "") problems.push(`${where} is empty; name a configured backend${endpoints ? ` (${endpoints.join(", ")})` : ""}`);
    else if (endpoints && !endpoints.includes(endpoint)) {
      problems.push(`${where} "${endpoint}" is not a configured backend; configured: ${endpoints.join(", ") || "none"}`);
    }
  };

  for (const [key, arg] of Object.entries(mapping?.request ?? {})) checkArg(arg, `mapping.request.${key}`);
  let responseMessage: DescMessage | undefined;
  const target = def.binding?.target;
  if (target?.case === "grpc") {
    const b = target.value;
    knownEndpoint(b.endpoint, "binding.grpc.endpoint");
    const service = registry.getService(b.service);
    if (!service) {
      const known = [...registry].filter((t) => t.kind === "service" && t.typeName.startsWith("springboard.")).map((t) => t.typeName);
      problems.push(`binding.grpc.service "${b.service}" is not a service in proto/${closest(b.service, known)}; use a fully qualified name such as springboard.membergraph.v1.JobService`);
    } else {
      const method = service.methods.find((m) => m.name === b.method);
      if (!method) {
        const names = service.methods.map((m) => m.name);
        problems.push(`binding.grpc.method "${b.method}" is not a method of ${service.typeName}${closest(b.method, names)}; methods: ${names.join(", ")}`);
      } else if (method.methodKind !== "unary") {
        problems.push(`binding.grpc.method ${service.typeName}/${method.name} is ${method.methodKind.replace(/_/g, "-")}; skills call unary methods only`);
      } else {
        responseMessage = method.output;
        for (const [fieldPath, arg] of Object.entries(mapping?.request ?? {})) {
          const why = requestTargetProblem(method.input, fieldPath, schema?.properties[arg]);
          if (why) problems.push(`mapping.request.${fieldPath}: ${why}`);
        }
      }
    }
  } else if (target?.case === "http") {
    const b = target.value;
    knownEndpoint(b.endpoint, "binding.http.endpoint");
    if (b.method !== "GET" && b.method !== "POST") problems.push(`binding.http.method is "${b.method}"; use GET or POST`);
    if (!b.pathTemplate.startsWith("/")) problems.push(`binding.http.path_template "${b.pathTemplate}" must start with /, for example /v1/websearch?q={query}`);
    for (const p of templatePaths(b.pathTemplate)) checkArg(p, "binding.http.path_template");
  } else {
    problems.push("binding is missing; set grpc {service, method, endpoint} or http {method, path_template, endpoint}");
  }

  const itemsOf = (items: string, where: string): DescMessage | undefined | null => {
    if (!responseMessage) return syntaxOnly(items, where);
    try {
      const t = checkPath(responseMessage, items);
      if (t.open) return undefined;
      if (!t.message) {
        problems.push(`${where} "${items}" must lead to a message or a list of messages in ${responseMessage.typeName}`);
        return null;
      }
      return t.message;
    } catch (e) {
      problems.push(`${where} "${items}": ${errorText(e)}`);
      return null;
    }
  };
  const syntaxOnly = (path: string, where: string): null | undefined => {
    try {
      parsePath(path);
      return undefined;
    } catch (e) {
      problems.push(`${where} "${path}" ${errorText(e)}`);
      return null;
    }
  };
  const checkValue = (within: DescMessage | undefined, spec: string, where: string) => {
    const paths = isTemplate(spec) ? templatePaths(spec) : [spec];
    if (isTemplate(spec) && paths.length === 0) problems.push(`${where} "${spec}" has a "{" but no {path} placeholder`);
    for (const p of paths) {
      if (!within) {
        syntaxOnly(p, where);
        continue;
      }
      try {
        checkPath(within, p);
      } catch (e) {
        problems.push(`${where}: path "${p}" ${within === responseMessage ? "" : `(relative to each item, a ${within.typeName}) `}is wrong: ${errorText(e)}`);
      }
    }
  };

  if (mapping) {
    let outputWithin: DescMessage | undefined | null = responseMessage;
    if (mapping.items !== "") outputWithin = itemsOf(mapping.items, "mapping.items");
    const described = describedKeys(outputSchema, mapping.items);
    for (const [rawKey, spec] of Object.entries(mapping.output)) {
      const { key, when } = conditionalKey(rawKey);
      if (described && !described.keys.has(key)) {
        problems.push(`mapping.output key "${key}" is not described in ${described.where}; add it there so the planner knows the result holds it`);
      }
      if (!/^[a-z][a-z0-9_]*$/.test(key)) problems.push(`mapping.output key "${key}" must be snake_case, like "company_name"`);
      if (when !== undefined) checkArg(when, `mapping.output.${rawKey}`);
      if (outputWithin !== null) checkValue(outputWithin, spec, `mapping.output.${rawKey}`);
    }
    for (const [i, e] of mapping.entities.entries()) {
      const where = `mapping.entities[${i}]`;
      const card = CARDS[e.kind];
      if (!card) {
        problems.push(`${where}.kind "${e.kind}" is not an attachment kind; use one of ${Object.keys(CARDS).join(", ")}`);
        continue;
      }
      const within = e.items === "" ? responseMessage : itemsOf(e.items, `${where}.items`);
      if (!("id" in e.fields)) problems.push(`${where}.fields must map id, the entity's id`);
      for (const [field, spec] of Object.entries(e.fields)) {
        if (!findField(card, field) && !card.fields.some((f) => f.name === field)) {
          problems.push(`${where}.fields.${field} is not a field of ${card.name}; fields: ${card.fields.map((f) => f.name).join(", ")}`);
        }
        if (within !== null) checkValue(within, spec, `${where}.fields.${field}`);
      }
    }
  } else problems.push("mapping is missing; map the request fields at least, for example request: {jobId: job_id}");

  if (schema && (responseMessage || target?.case === "http")) {
    for (const name of argNames) {
      if (!used.has(name)) problems.push(`argument ${name} is never used; map it in mapping.request${target?.case === "http" ? " or binding.http.path_template" : ""}, or remove it from input_schema`);
    }
  }
  if (schema) {
    const validate = strictAjv.compile(schema);
    for (const [i, ex] of def.examples.entries()) {
      if (ex.question.trim() === "") problems.push(`examples[${i}].question is empty; write a member question that calls for the skill`);
      const args = parseJson(ex.argsJson, `examples[${i}].args`, problems);
      if (args !== undefined && !validate(args)) {
        problems.push(`examples[${i}].args do not fit input_schema: ${describeErrors(validate.errors ?? [], schema).join("; ")}`);
      }
    }
    strictAjv.removeSchema(schema);
  }
  return problems;
}

function describedKeys(schema: Record<string, unknown> | undefined, items: string): { keys: Set<string>; where: string } | undefined {
  const props = (s: unknown) => (isRecord(s) && isRecord(s.properties) ? s.properties : undefined);
  let where = "output_schema.properties";
  let obj = props(schema);
  if (obj && items !== "") {
    let key: string;
    try {
      key = listKey(items);
    } catch {
      return undefined;
    }
    const list = obj[key];
    obj = isRecord(list) ? props(list.items) : undefined;
    where = `output_schema.properties.${key}.items.properties`;
  }
  return obj ? { keys: new Set(Object.keys(obj)), where } : undefined;
}

function requestTargetProblem(input: DescMessage, path: string, prop: InputSchema["properties"][string] | undefined): string | undefined {
  let msg: DescMessage = input;
  const parts = path.split(".");
  for (const [i, name] of parts.entries()) {
    const field = findField(msg, name);
    if (!field) {
      const byName = msg.fields.find((f) => f.name === name);
      const hint = byName ? `; write "${parts.slice(0, i).concat(byName.jsonName).join(".")}" (proto JSON name)` : `; fields: ${msg.fields.map((f) => f.jsonName).join(", ")}`;
      return `${msg.typeName} has no field "${name}"${hint}`;
    }
    const last = i === parts.length - 1;
    if (!last) {
      if (field.fieldKind !== "message") return `${field.jsonName} in ${msg.typeName} is not a message, so it has no field "${parts[i + 1]}"`;
      msg = field.message;
      continue;
    }
    if (field.fieldKind === "message" || field.fieldKind === "map" || (field.fieldKind === "list" && field.listKind === "message")) {
      return `${field.jsonName} in ${msg.typeName} is a ${field.fieldKind === "map" ? "map" : "message"}; map an argument to one of its scalar fields instead`;
    }
    if (!prop) return undefined;
    const repeated = field.fieldKind === "list";
    if (prop.type === "array" && !repeated) return `argument is an array but ${field.jsonName} in ${msg.typeName} holds one value`;
    const argType = prop.type === "array" ? prop.items?.type : prop.type;
    const scalar =
      field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum")
        ? "enum"
        : field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")
          ? scalarKind(field.scalar)
          : "";
    const fits: Record<string, string[]> = { string: ["string", "enum"], integer: ["integer", "number"], number: ["number"], boolean: ["boolean"] };
    if (argType && scalar && !fits[argType]?.includes(scalar)) return `argument type ${argType} does not fit ${field.jsonName} (${scalar}) in ${msg.typeName}`;
  }
  return undefined;
}

function scalarKind(t: ScalarType): string {
  switch (t) {
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return "number";
    case ScalarType.BOOL:
      return "boolean";
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return "string";
    default:
      return "integer";
  }
}

function parseJson(text: string, where: string, problems: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    problems.push(`${where} is not valid JSON: ${errorText(e)}`);
    return undefined;
  }
}

function closest(name: string, candidates: string[]): string {
  const short = (s: string) => s.split(".").pop()!.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = Math.min(distance(name.toLowerCase(), c.toLowerCase()), distance(short(name), short(c)));
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(short(name).length / 3)) ? ` (did you mean ${best}?)` : "";
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** stableStringify is JSON.stringify with object keys sorted, so equal values give equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: Record<string, unknown>, known: string[], prefix: string, problems: string[]): void {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) problems.push(`${prefix}${k} is not a skill field${closest(k, known)}; known here: ${known.join(", ")}`);
  }
}

function str(v: unknown, where: string, problems: string[]): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  problems.push(`${where} must be a string`);
  return "";
}

function uint(v: unknown, where: string, problems: string[]): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
  problems.push(`${where} must be a whole number, found ${JSON.stringify(v)}`);
  return 0;
}

function strList(v: unknown, where: string, problems: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  problems.push(`${where} must be a list of strings`);
  return [];
}

function strMap(v: unknown, where: string, problems: string[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) {
    problems.push(`${where} must be a mapping of names to paths`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === "string") out[k] = val;
    else problems.push(`${where}.${k} must be a string path, found ${JSON.stringify(val)}`);
  }
  return out;
}

function schemaJson(obj: unknown, json: unknown, where: string, problems: string[]): string {
  if (obj !== undefined && json !== undefined) problems.push(`set ${where} or ${where}_json, not both`);
  if (json !== undefined) return str(json, `${where}_json`, problems);
  if (obj === undefined || obj === null) return "";
  if (!isRecord(obj)) {
    problems.push(`${where} must be a JSON Schema object, like {type: object, properties: {...}}`);
    return "";
  }
  return stableStringify(obj);
}
