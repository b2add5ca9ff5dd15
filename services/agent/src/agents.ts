import { readdirSync, readFileSync, statSync } from "node:fs";
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

/** loadAgents reads every agents/<name>/agent.yaml under dir, failing with the file and field at fault. */
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
    const examples = (raw.examples ?? []) as AgentExample[];
    need("examples", Array.isArray(examples) && examples.every((e) => typeof e.question === "string" && typeof e.answer === "string"));
    out.set(entry, {
      name: entry,
      description: raw.description as string,
      instructions: (raw.instructions as string).trim(),
      skills: raw.skills as string[],
      starterQuestions: starters,
      examples: examples.map((e) => ({ kind: e.kind ?? "none", question: e.question.trim(), answer: e.answer.trim() })),
    });
  }
  return out;
}
