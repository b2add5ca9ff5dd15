import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { ExpiringCache } from "@springboard/runtime";

/**
 * Paths address values in a response's proto JSON: `job.title`, `member.experience[0].title`, and
 * `member.experience[].title` for the title of every item. A template is a string with `{path}`
 * placeholders, for example `https://www.springboard.example/jobs/{id}`.
 */

export type PathStep = { kind: "field"; name: string } | { kind: "index"; index: number } | { kind: "each" };

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d*\])*)$/;
const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Parsed paths, by text: a skill's mapping reads the same few paths on every call. */
const parsed = new ExpiringCache<string, readonly PathStep[]>(Infinity, 10_000);

/** parsePath splits a path into its steps, or throws saying what is wrong with it. */
export function parsePath(path: string): readonly PathStep[] {
  let steps = parsed.get(path);
  if (steps === undefined) {
    steps = Object.freeze(parseSteps(path));
    parsed.set(path, steps);
  }
  return steps;
}

function parseSteps(path: string): PathStep[] {
  const trimmed = path.trim();
  if (trimmed === "") throw new Error("is empty");
  const steps: PathStep[] = [];
  for (const segment of trimmed.split(".")) {
    const m = SEGMENT.exec(segment);
    if (!m) throw new Error(`has a malformed segment "${segment}"; write name, name[0] or name[]`);
    steps.push({ kind: "field", name: m[1]! });
    for (const idx of m[2]!.match(/\[\d*\]/g) ?? []) {
      steps.push(idx === "[]" ? { kind: "each" } : { kind: "index", index: Number(idx.slice(1, -1)) });
    }
  }
  return steps;
}

/** listKey is the result key of a list mapped item by item: the items path's last field, snake_case. */
export function listKey(itemsPath: string): string {
  const fields = parsePath(itemsPath).filter((s): s is { kind: "field"; name: string } => s.kind === "field");
  return fields[fields.length - 1]!.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

export function isTemplate(value: string): boolean {
  return value.includes("{");
}

/** templatePaths returns the paths inside a template's placeholders. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim());
}

/** evaluate reads a path from a JSON value; undefined when any step is missing. */
export function evaluate(value: unknown, steps: readonly PathStep[]): unknown {
  let cur: unknown = value;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (cur === undefined || cur === null) return undefined;
    if (step.kind === "field") {
      if (typeof cur !== "object" || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[step.name];
    } else if (step.kind === "index") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step.index];
    } else {
      if (!Array.isArray(cur)) return undefined;
      const rest = steps.slice(i + 1);
      return cur.flatMap((item) => {
        const v = evaluate(item, rest);
        return v === undefined || v === null ? [] : [v];
      });
    }
  }
  return cur;
}

/** render fills a template's placeholders; undefined when every placeholder is empty. */
export function render(template: string, value: unknown, encode: (s: string) => string = (s) => s): string | undefined {
  let filled = 0;
  const out = template.replace(PLACEHOLDER, (_, path: string) => {
    const v = evaluate(value, parsePath(path));
    const s = v === undefined || v === null ? "" : Array.isArray(v) ? v.join(", ") : String(v);
    if (s !== "") filled++;
    return encode(s);
  });
  return filled === 0 ? undefined : out;
}

/** resolveValue reads a mapping value, a path or a template, against a JSON value. */
export function resolveValue(spec: string, value: unknown): unknown {
  return isTemplate(spec) ? render(spec, value) : evaluate(value, parsePath(spec));
}

/** PathType is what a path leads to in a message's shape. */
export interface PathType {
  /** message is the message type reached, when it is a message (or a list of them). */
  message?: DescMessage;
  /** list says the value is a list (a repeated field, or flattened with []). */
  list: boolean;
  /** open says the shape below is not known (maps, Struct, Value). */
  open: boolean;
}

const OPEN_MESSAGES = new Set(["google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Any"]);

/**
 * checkPath walks a path through a message's proto JSON shape and says what it leads to, or throws
 * an error that says what to write instead.
 */
export function checkPath(root: DescMessage, path: string): PathType {
  const steps = parsePath(path);
  let msg: DescMessage | undefined = root;
  let repeated = false;
  let flattened = false;
  let open = false;
  let scalar = "";
  let at = "";
  for (const step of steps) {
    if (open) break;
    if (step.kind === "field") {
      const where = at === "" ? root.typeName : `${at} (${msg?.typeName ?? scalar})`;
      if (repeated) throw new Error(`${at} is a list; write ${at}[0].${step.name} for the first item or ${at}[].${step.name} for every item`);
      if (!msg) throw new Error(`${at} is a ${scalar} and has no field "${step.name}"`);
      const field = findField(msg, step.name);
      if (!field) throw new Error(`${where} has no field "${step.name}"${suggestField(msg, step.name)}`);
      at = at === "" ? step.name : `${at}.${step.name}`;
      ({ msg, repeated, open, scalar } = fieldShape(field));
    } else {
      if (!repeated) throw new Error(`${at || root.typeName} is not a list, so it cannot be indexed`);
      repeated = false;
      if (step.kind === "each") flattened = true;
      at = `${at}[${step.kind === "index" ? step.index : ""}]`;
    }
  }
  return { message: msg, list: repeated || flattened, open };
}

function fieldShape(field: DescField): { msg: DescMessage | undefined; repeated: boolean; open: boolean; scalar: string } {
  switch (field.fieldKind) {
    case "message":
      return { msg: field.message, repeated: false, open: OPEN_MESSAGES.has(field.message.typeName), scalar: "" };
    case "list":
      return {
        msg: field.listKind === "message" ? field.message : undefined,
        repeated: true,
        open: field.listKind === "message" && OPEN_MESSAGES.has(field.message.typeName),
        scalar: field.listKind,
      };
    case "map":
      return { msg: undefined, repeated: false, open: true, scalar: "map" };
    default:
      return { msg: undefined, repeated: false, open: false, scalar: field.fieldKind === "enum" ? "enum" : "scalar" };
  }
}

/** findField finds a field by its proto JSON name. */
export function findField(msg: DescMessage, jsonName: string): DescField | undefined {
  return msg.fields.find((f) => f.jsonName === jsonName);
}

function suggestField(msg: DescMessage, name: string): string {
  const byProtoName = msg.fields.find((f) => f.name === name || f.name.replace(/_/g, "") === name.toLowerCase().replace(/_/g, ""));
  const names = msg.fields.map((f) => f.jsonName).join(", ");
  if (byProtoName) return `; paths use proto JSON names: write "${byProtoName.jsonName}" (fields: ${names})`;
  return `; fields: ${names}`;
}
