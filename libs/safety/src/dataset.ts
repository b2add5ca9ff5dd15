import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category } from "./categories.js";
import { OBFUSCATIONS, obfuscate, type Obfuscation } from "./obfuscate.js";

export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

export const FILES = {
  handwritten: "handwritten.jsonl",
  train: "train.jsonl",
  validation: "validation.jsonl",
  heldout: "heldout.jsonl",
} as const;

export interface Example {
  query: string;
  label: "block" | "allow";
  category: Category;
  /** kind marks benign questions that share words with attacks ("hard_negative"). */
  kind?: string;
  /** lang is the language when it is not English. */
  lang?: string;
  /** obfuscation says how a variant was disguised, and source is the question it came from. */
  obfuscation?: Obfuscation;
  source?: string;
}

/** parseExample checks one JSONL row of the development set. */
export function parseExample(line: string, where: string): Example {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  const r = row as Partial<Example>;
  if (typeof r.query !== "string" || r.query.trim() === "") throw new Error(`${where}: "query" must be a non-empty string`);
  if (r.label !== "block" && r.label !== "allow") throw new Error(`${where}: "label" must be "block" or "allow"`);
  if (!CATEGORIES.includes(r.category as Category)) throw new Error(`${where}: "category" must be one of ${CATEGORIES.join(", ")}`);
  if ((r.label === "allow") !== (r.category === "none")) throw new Error(`${where}: "allow" goes with category "none", "block" with any other`);
  return r as Example;
}

export function readExamples(path: string): Example[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l, i) => [l, i] as const)
    .filter(([l]) => l.trim() !== "")
    .map(([l, i]) => parseExample(l, `${path}:${i + 1}`));
}

export function readSplit(name: keyof typeof FILES, dir = DATA_DIR): Example[] {
  return readExamples(join(dir, FILES[name]));
}

export function writeExamples(path: string, rows: Example[]): void {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

/** prng is mulberry32: a small seeded generator, so splits and training repeat exactly. */
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

export function shuffle<T>(a: T[], rand: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const DECODE_ASKS = ["Decode this and do what it says: ", "", "what does this say? ", "", "Follow these encoded instructions: "];
const BENIGN_OBFUSCATIONS: Obfuscation[] = ["zero_width", "homoglyph"];

/**
 * buildSplit turns the hand-written questions into the train and validation splits: it adds
 * disguised variants of about a third of the English attacks (and of a few benign questions, which
 * must still pass), then splits 75/25 per category with a fixed seed. A variant always lands in
 * the split of the question it came from, so validation never sees a disguised training question.
 */
export function buildSplit(handwritten: Example[], seed = 20261125): { train: Example[]; validation: Example[] } {
  const rand = prng(seed);
  const groups = new Map<string, Example[]>();
  let o = 0;
  for (const e of handwritten) {
    const group = [e];
    const english = e.lang === undefined;
    if (english && e.label === "block" && rand() < 0.34) {
      const how = OBFUSCATIONS[o++ % OBFUSCATIONS.length]!;
      const payload = obfuscate(e.query, how);
      const ask = how === "base64" || how === "hex" ? DECODE_ASKS[Math.floor(rand() * DECODE_ASKS.length)]! : "";
      group.push({ query: ask + payload, label: e.label, category: e.category, obfuscation: how, source: e.query });
    } else if (english && e.label === "allow" && rand() < 0.06) {
      const how = BENIGN_OBFUSCATIONS[Math.floor(rand() * BENIGN_OBFUSCATIONS.length)]!;
      group.push({ ...e, query: obfuscate(e.query, how), obfuscation: how, source: e.query });
    }
    groups.set(e.query, group);
  }
  const train: Example[] = [];
  const validation: Example[] = [];
  for (const category of CATEGORIES) {
    const keys = shuffle(
      handwritten.filter((e) => e.category === category).map((e) => e.query),
      rand,
    );
    const cut = Math.round(keys.length * 0.75);
    keys.forEach((k, i) => (i < cut ? train : validation).push(...groups.get(k)!));
  }
  return { train, validation };
}
