import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface AgentExample {
  kind: string;
  question: string;
  answer: string;
}

/**
 * PrefetchCall is a skill call the agent makes as soon as a turn starts, while the plan is being
 * written, because its planner makes it nearly every time: the call the plan then asks for is
 * answered from it. Argument values may hold {content.id}, {content.title} and {member_id}.
 */
export interface PrefetchCall {
  skill: string;
  args: Record<string, string>;
  /** when limits the call to questions asked next to this kind of content. */
  when?: string;
}

export interface AgentDefinition {
  name: string;
  description: string;
  instructions: string;
  skills: string[];
  starterQuestions: { kind: string; text: string }[];
  examples: AgentExample[];
  prefetch: PrefetchCall[];
}

/** CONTENT_KINDS are the kinds of content a question can be asked next to. */
const CONTENT_KINDS = ["job", "post", "company", "profile"] as const;
/** EXAMPLE_KINDS are the content kinds an example may be tagged with; "none" is a question asked without context. */
const EXAMPLE_KINDS = [...CONTENT_KINDS, "none"] as const;

/**
 * loadAgents reads every agents/<name>/agent.yaml under dir, with the response examples of its
 * `examples` field followed by those of agents/<name>/examples.yaml (a list), failing with the file
 * and field at fault.
 */
export function loadAgents(dir: string): Map<string, AgentDefinition> {
  const out = new Map<string, AgentDefinition>();
  for (const entry of readdirSync(dir).sort()) {
    const file = join(dir, entry, "agent.yaml");
    if (!statSync(join(dir, entry)).isDirectory()) continue;
    const raw = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const need = (field: string, ok: boolean) => {
      if (!ok) throw new Error(`${file}: field "${field}" is missing or has the wrong type`);
    };
    need("name", typeof raw.name === "string" && raw.name === entry);
    need("description", typeof raw.description === "string");
    need("instructions", typeof raw.instructions === "string");
    need("skills", Array.isArray(raw.skills) && raw.skills.every((s) => typeof s === "string"));
    const starters = (raw.starter_questions ?? []) as { kind: string; text: string }[];
    const examplesFile = join(dir, entry, "examples.yaml");
    const examples = [
      ...checkExamples(file, raw.examples ?? []),
      ...(existsSync(examplesFile) ? checkExamples(examplesFile, parse(readFileSync(examplesFile, "utf8")) ?? []) : []),
    ];
    out.set(entry, {
      name: entry,
      description: raw.description as string,
      instructions: (raw.instructions as string).trim(),
      skills: raw.skills as string[],
      starterQuestions: starters,
      examples: examples.map((e) => ({ kind: e.kind, question: e.question.trim(), answer: e.answer.trim() })),
      prefetch: checkPrefetch(file, raw.prefetch ?? [], raw.skills as string[]),
    });
  }
  return out;
}

function checkExamples(file: string, list: unknown): AgentExample[] {
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of examples ({kind, question, answer})`);
  return list.map((item, i) => {
    const e = (item ?? {}) as Partial<AgentExample>;
    const bad = (field: string) => new Error(`${file}: example ${i + 1}: field "${field}" is missing or has the wrong type`);
    if (typeof e.question !== "string" || !e.question.trim()) throw bad("question");
    if (typeof e.answer !== "string" || !e.answer.trim()) throw bad("answer");
    const kind = e.kind ?? "none";
    if (!(EXAMPLE_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`${file}: example ${i + 1}: kind "${kind}" is not one of ${EXAMPLE_KINDS.join(", ")}`);
    }
    return { kind, question: e.question, answer: e.answer };
  });
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDERS = new Set(["content.id", "content.title", "member_id"]);

function checkPrefetch(file: string, list: unknown, skills: string[]): PrefetchCall[] {
  if (!Array.isArray(list)) throw new Error(`${file}: "prefetch" must be a list of {skill, args, when?}`);
  return list.map((item, i) => {
    const c = (item ?? {}) as { skill?: unknown; args?: unknown; when?: unknown };
    const at = `${file}: prefetch ${i + 1}`;
    if (typeof c.skill !== "string" || !skills.includes(c.skill)) throw new Error(`${at}: skill ${JSON.stringify(c.skill)} is not one of the agent's skills (${skills.join(", ")})`);
    if (c.when !== undefined && !(CONTENT_KINDS as readonly unknown[]).includes(c.when)) {
      throw new Error(`${at}: when ${JSON.stringify(c.when)} is not one of ${CONTENT_KINDS.join(", ")}`);
    }
    const args = c.args ?? {};
    if (typeof args !== "object" || Array.isArray(args) || Object.values(args).some((v) => typeof v !== "string")) throw new Error(`${at}: args must map names to strings`);
    for (const v of Object.values(args as Record<string, string>)) {
      for (const m of v.matchAll(PLACEHOLDER)) {
        if (!PLACEHOLDERS.has(m[1]!)) throw new Error(`${at}: {${m[1]}} is not one of ${[...PLACEHOLDERS].map((p) => `{${p}}`).join(", ")}`);
      }
    }
    return { skill: c.skill, args: args as Record<string, string>, ...(c.when !== undefined ? { when: c.when as string } : {}) };
  });
}

/**
 * prefetchArgs fills a prefetch call's arguments for one turn; undefined when the turn's content
 * is not of its kind or a value it needs is empty.
 */
export function prefetchArgs(call: PrefetchCall, turn: { kind: string; contentId: string; title: string; memberId: string }): Record<string, string> | undefined {
  if (call.when !== undefined && call.when !== turn.kind) return undefined;
  const values: Record<string, string> = { "content.id": turn.contentId, "content.title": turn.title, member_id: turn.memberId };
  const out: Record<string, string> = {};
  for (const [name, template] of Object.entries(call.args)) {
    let missing = false;
    const v = template.replace(PLACEHOLDER, (_, key: string) => values[key] || ((missing = true), ""));
    if (missing || v === "") return undefined;
    out[name] = v;
  }
  return out;
}
