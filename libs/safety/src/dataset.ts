import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { prng, readJsonl, SPLIT_FILES, stratifiedSplit, type SplitName } from "@springboard/textclf";
import { CATEGORIES, type Category } from "./categories.js";
import { OBFUSCATIONS, obfuscate, type Obfuscation } from "./obfuscate.js";

export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

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
export function parseExample(line: string): Example {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error("not valid JSON");
  }
  const r = row as Partial<Example>;
  if (typeof r.query !== "string" || r.query.trim() === "") throw new Error(`"query" must be a non-empty string`);
  if (r.label !== "block" && r.label !== "allow") throw new Error(`"label" must be "block" or "allow"`);
  if (!CATEGORIES.includes(r.category as Category)) throw new Error(`"category" must be one of ${CATEGORIES.join(", ")}`);
  if ((r.label === "allow") !== (r.category === "none")) throw new Error(`"allow" goes with category "none", "block" with any other`);
  return r as Example;
}

export function readExamples(path: string): Example[] {
  return readJsonl(path, parseExample);
}

export function readSplit(name: SplitName, dir = DATA_DIR): Example[] {
  return readExamples(join(dir, SPLIT_FILES[name]));
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
  const [train, validation] = stratifiedSplit(handwritten, (e) => e.category, CATEGORIES, 0.75, rand);
  return { train: train.flatMap((e) => groups.get(e.query)!), validation: validation.flatMap((e) => groups.get(e.query)!) };
}
