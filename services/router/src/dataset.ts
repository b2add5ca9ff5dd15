import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { contextKind, isLabel, type ContextKind, type Label } from "./labels.js";

/** DATA_DIR holds the development set (train and validation splits), the held-out file and the guide. */
export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

export const FILES = {
  handwritten: "handwritten.jsonl",
  train: "train.jsonl",
  validation: "validation.jsonl",
  heldout: "heldout.jsonl",
} as const;

export interface Example {
  query: string;
  context: { kind: ContextKind; title: string };
  label: Label;
}

/** parseExample checks one JSONL row; it throws with what is wrong. */
export function parseExample(line: string): Example {
  const row = JSON.parse(line) as { query?: unknown; context?: { kind?: unknown; title?: unknown }; label?: unknown };
  if (typeof row.query !== "string" || row.query.trim() === "") throw new Error("query must be a non-empty string");
  if (typeof row.label !== "string" || !isLabel(row.label)) throw new Error(`label ${JSON.stringify(row.label)} is not a known label`);
  const title = typeof row.context?.title === "string" ? row.context.title : "";
  return { query: row.query, context: { kind: contextKind(row.context?.kind), title }, label: row.label };
}

export function readExamples(path: string): Example[] {
  const out: Example[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        out.push(parseExample(line));
      } catch (e) {
        throw new Error(`${path}:${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  return out;
}

export function readSplit(name: keyof typeof FILES, dir: string = DATA_DIR): Example[] {
  return readExamples(join(dir, FILES[name]));
}

export function toJsonl(examples: Example[]): string {
  return examples.map((e) => JSON.stringify({ query: e.query, context: e.context, label: e.label })).join("\n") + "\n";
}

/** prng is mulberry32: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
