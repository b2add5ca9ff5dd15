import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface AgentExample {
  kind: string;
  question: string;
  answer: string;
}

export interface AgentDefinition {
  name: string;
  description: string;
  instructions: string;
  skills: string[];
  starterQuestions: { kind: string; text: string }[];
  examples: AgentExample[];
}

/** EXAMPLE_KINDS are the content kinds an example may be tagged with; "none" is a question asked without context. */
const EXAMPLE_KINDS = ["job", "post", "company", "profile", "none"] as const;

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
