import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readJsonl, SPLIT_FILES, toJsonl as rowsToJsonl, type SplitName } from "@springboard/textclf";
import { contextKind, isLabel, type ContextKind, type Label } from "./labels.js";

/** DATA_DIR holds the development set (train and validation splits), the held-out files and the guide. */
export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/**
 * HELDOUT_FILES are never trained on and never used to pick the temperature or the threshold: each
 * was written after the ones before it, by other hands or in another style, and kept apart.
 */
export const HELDOUT_FILES = [SPLIT_FILES.heldout, "heldout2.jsonl", "heldout3.jsonl", "heldout4.jsonl"] as const;

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
  return readJsonl(path, parseExample);
}

export function readSplit(name: SplitName, dir: string = DATA_DIR): Example[] {
  return readExamples(join(dir, SPLIT_FILES[name]));
}

export function toJsonl(examples: Example[]): string {
  return rowsToJsonl(examples.map((e) => ({ query: e.query, context: e.context, label: e.label })));
}
