import { HashedFeatures, mix, type FeatureContext } from "@springboard/textclf";
import { ConceptMatcher } from "./concepts.js";
import type { ContextKind } from "./labels.js";

/** MAX_CHARS bounds the text the features read: the head and the tail of a long question. */
const MAX_CHARS = 1200;
const MAX_WORDS = 1024;

/**
 * normalize lower-cases, strips accents and apostrophes, and turns everything that is not a letter
 * or a digit into single spaces. Long texts keep their head and tail, where the ask usually is.
 */
export function normalize(text: string): string {
  let t = text.length > MAX_CHARS * 4 ? text.slice(0, MAX_CHARS * 2) + " " + text.slice(-MAX_CHARS * 2) : text;
  t = t
    .normalize("NFKD")
    .toLowerCase()
    .replace(/\p{M}+/gu, "")
    .replace(/['\u2019`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  if (t.length > MAX_CHARS) t = t.slice(0, MAX_CHARS / 2) + " " + t.slice(-MAX_CHARS / 2);
  return t;
}

const SEED_CONCEPT = 0x68e31da4;
const SEED_PAIR = 0x3c6ef372;
const SEED_ASK = 0x1b873593;
const matcher = new ConceptMatcher();

/** RouterContext is a question's context: its content kind, and the part of it that asks. */
export interface RouterContext extends FeatureContext {
  kindSeed: number;
  /** ask is the normalized part of the question that asks, when that is not the whole question (see askingPart). */
  ask?: string;
}

/**
 * RouterFeatures are the router model's features: word 1- to 3-grams and character 3- to 5-grams of a
 * normalized question, the content kind and kind × word (see HashedFeatures); then the concepts the
 * question names (see CONCEPTS), each alone and × kind, every pair of them, and the concepts of the
 * part that asks. Each concept group is scaled by 1/sqrt(its size), like the n-gram groups.
 */
export class RouterFeatures extends HashedFeatures {
  constructor(dim: number) {
    super({ dim, maxWords: MAX_WORDS, wordNgrams: [1, 3] });
  }

  override extract(text: string, context?: FeatureContext): number {
    let n = super.extract(text, context);
    const ctx = context as RouterContext | undefined;
    const index = this.index;
    const value = this.value;
    const mask = this.dim - 1;
    const k = text.length > 0 ? matcher.match(text.split(" ")) : 0;
    const found = matcher.found;
    const v = k > 0 ? 1 / Math.sqrt(k) : 0;
    const kindSeed = ctx?.kindSeed;
    for (let i = 0; i < k && n + 1 < index.length; i++) {
      const c = SEED_CONCEPT + found[i]!;
      index[n] = mix(c) & mask;
      value[n++] = v;
      if (kindSeed !== undefined) {
        index[n] = mix(c ^ kindSeed) & mask;
        value[n++] = v;
      }
    }
    const pv = k > 1 ? 1 / Math.sqrt((k * (k - 1)) / 2) : 0;
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k && n < index.length; b++) {
        const x = Math.min(found[a]!, found[b]!);
        const y = Math.max(found[a]!, found[b]!);
        index[n] = mix(SEED_PAIR + x * 1021 + y) & mask;
        value[n++] = pv;
      }
    }
    const a = ctx?.ask === undefined ? k : matcher.match(ctx.ask.split(" "));
    const av = a > 0 ? 1 / Math.sqrt(a) : 0;
    for (let i = 0; i < a && n < index.length; i++) {
      index[n] = mix(SEED_ASK + found[i]!) & mask;
      value[n++] = av;
    }
    this.count = n;
    return n;
  }
}

/** routerFeatures are the router model's features; see RouterFeatures. */
export function routerFeatures(dim: number): HashedFeatures {
  return new RouterFeatures(dim);
}

const SEED_KIND = 0x27d4eb2f;
const kindFeatures = (seed: number): RouterContext => ({ wordSeed: seed, tags: [SEED_KIND ^ seed], kindSeed: mix(seed) });
const KIND_CONTEXTS: Record<ContextKind, RouterContext> = {
  none: kindFeatures(0x165667b1),
  job: kindFeatures(0xd3a2646c),
  post: kindFeatures(0xfd7046c5),
  company: kindFeatures(0xb55a4f09),
  profile: kindFeatures(0x4ac1b7e3),
};

/**
 * questionContext is a question's context features: the content kind and kind × word, and the part
 * of the question that asks, whose concepts count once more when it is not the whole question: a
 * story in front of the ask, or a quoted title, does not decide the label.
 */
export function questionContext(kind: ContextKind, question: string): RouterContext {
  const base = KIND_CONTEXTS[kind];
  const ask = askingPart(question);
  return ask === undefined ? base : { ...base, ask };
}

const QUOTED = /"[^"]{8,}"|“[^”]{8,}”|«[^»]{8,}»|'[^']{12,}'/g;

/**
 * askingPart is the question without quoted spans, and of its sentences, when there are several, the
 * last that ends in a question mark, or else the last of three words or more; undefined when that is
 * the whole question.
 */
function askingPart(question: string): string | undefined {
  const unquoted = question.replace(QUOTED, " ");
  if (unquoted === question && !/[.!?\n]\s*\S/.test(question)) return undefined;
  const sentences = unquoted.split(/(?<=[.!?])\s+|\n+/).filter((x) => /[\p{L}\p{N}]/u.test(x));
  let chosen: string | undefined;
  if (sentences.length > 1) {
    for (const x of sentences) if (x.trimEnd().endsWith("?")) chosen = x;
    if (chosen === undefined) for (const x of sentences) if (x.trim().split(/\s+/).length >= 3) chosen = x;
  }
  chosen ??= unquoted === question ? undefined : unquoted;
  return chosen === undefined ? undefined : normalize(chosen);
}
