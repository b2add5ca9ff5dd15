import { BLOCK_CATEGORIES, MESSAGES, type BlockCategory, type Category } from "./categories.js";
import { DEFAULT_MODEL_PATH, SafetyModel } from "./model.js";
import { normalise, type Normalised, type Signal } from "./normalize.js";
import { matchPatterns, type PatternHit } from "./patterns.js";

export interface ScreenOptions {
  /** model overrides the committed model, for example a freshly trained one. */
  model?: SafetyModel;
  /** threshold overrides the model's block threshold, between 0 and 1. */
  threshold?: number;
}

export interface ScreenResult {
  verdict: "block" | "allow";
  category: Category;
  /** score is the block score from 0 to 1; the question is blocked at or above the threshold. */
  score: number;
  /** message is fit to show the member when the question is blocked. */
  message?: string;
  /** reasons name what contributed to the score: patterns, the model, obfuscations, decoded payloads. */
  reasons: string[];
}

/** SIGNAL_WEIGHTS add to the block logit when a question hides its text; plain questions do not. */
const SIGNAL_WEIGHTS: Record<Signal, number> = {
  zero_width: 1,
  homoglyph: 1.5,
  leetspeak: 0.5,
  spacing: 0.5,
  // Misspellings are common in honest questions: a corrected attack word counts through the
  // patterns and the model, not as a sign of hiding.
  typo: 0,
  base64: 1,
  hex: 1,
  rot13: 1,
  percent: 0.5,
  reversed: 1,
};
const MAX_DEPTH = 2;
/** MODEL_WEIGHT scales the model's logit: trained on a few hundred questions, it is over-confident on its own. */
const MODEL_WEIGHT = 0.5;

let defaultModel: SafetyModel | undefined;

/** committedModel loads the committed model once. */
export function committedModel(): SafetyModel {
  defaultModel ??= SafetyModel.load(DEFAULT_MODEL_PATH);
  return defaultModel;
}

interface Scored {
  logit: number;
  category: Category;
  reasons: string[];
}

function scoreNormalised(n: Normalised, model: SafetyModel, depth: number): Scored {
  const modelLogit = model.predict(n.words);
  const modelCategory = model.bestBlockCategory();
  const hits = matchPatterns(n);
  let logit = MODEL_WEIGHT * modelLogit;
  const reasons: string[] = [];
  for (const h of hits) {
    logit += h.weight;
    reasons.push(`pattern:${h.id}`);
  }
  for (const s of n.signals) {
    logit += SIGNAL_WEIGHTS[s];
    reasons.push(`obfuscation:${s}`);
  }
  reasons.push(`model:${modelCategory}:${sigmoid(modelLogit).toFixed(3)}`);
  let best: Scored = { logit, category: categoryOf(hits, modelCategory), reasons };
  if (depth < MAX_DEPTH) {
    for (const d of n.decoded) {
      const inner = scoreNormalised(normalise(d.text, true), model, depth + 1);
      const candidate = inner.logit + SIGNAL_WEIGHTS[d.encoding];
      if (candidate > best.logit) {
        best = { logit: candidate, category: inner.category, reasons: [...reasons, `decoded:${d.encoding}`, ...inner.reasons.map((r) => `${d.encoding}>${r}`)] };
      }
    }
  }
  return best;
}

function categoryOf(hits: PatternHit[], fallback: Category): Category {
  const sums = new Map<BlockCategory, number>();
  for (const h of hits) if (h.category !== "benign" && h.weight > 0) sums.set(h.category, (sums.get(h.category) ?? 0) + h.weight);
  let best: BlockCategory | undefined;
  for (const c of BLOCK_CATEGORIES) if ((sums.get(c) ?? 0) > (best ? sums.get(best)! : 0)) best = c;
  return best ?? fallback;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * screen decides whether a member's question may go on to routing. It normalises the question
 * (see normalise), adds the weights of the matching patterns and obfuscation signals to the trained
 * model's block logit, screens every decoded payload the same way, and blocks when the best score
 * reaches the threshold chosen on the validation split.
 */
export function screen(question: string, opts: ScreenOptions = {}): ScreenResult {
  const model = opts.model ?? committedModel();
  const threshold = opts.threshold ?? model.threshold;
  const s = scoreNormalised(normalise(question), model, 0);
  const score = sigmoid(s.logit);
  if (score < threshold || s.category === "none") {
    return { verdict: "allow", category: "none", score: round(score), reasons: s.reasons };
  }
  return { verdict: "block", category: s.category, score: round(score), message: MESSAGES[s.category as BlockCategory], reasons: s.reasons };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
