import { readFileSync, writeFileSync } from "node:fs";
import { shuffle } from "./random.js";

/** SPLIT_FILES are the files of a development set: what was written by hand, the two splits built from it, and a held-out file never trained on. */
export const SPLIT_FILES = {
  handwritten: "handwritten.jsonl",
  train: "train.jsonl",
  validation: "validation.jsonl",
  heldout: "heldout.jsonl",
} as const;

export type SplitName = keyof typeof SPLIT_FILES;

/** readJsonl parses every non-blank line of a JSONL file; an error names the file and line. */
export function readJsonl<T>(path: string, parse: (line: string) => T): T[] {
  const out: T[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        out.push(parse(line));
      } catch (e) {
        throw new Error(`${path}:${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  return out;
}

export function toJsonl(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

export function writeJsonl(path: string, rows: readonly unknown[]): void {
  writeFileSync(path, toJsonl(rows));
}

/**
 * stratifiedSplit shuffles each class's items with rand, in the order of classes, and puts the
 * first round(share × size) of each class in the first part and the rest in the second.
 */
export function stratifiedSplit<T, C>(items: readonly T[], classOf: (item: T) => C, classes: readonly C[], share: number, rand: () => number): [T[], T[]] {
  const first: T[] = [];
  const second: T[] = [];
  for (const c of classes) {
    const group = shuffle(
      items.filter((item) => classOf(item) === c),
      rand,
    );
    const cut = Math.round(group.length * share);
    first.push(...group.slice(0, cut));
    second.push(...group.slice(cut));
  }
  return [first, second];
}
