import { normalise } from "./normalize.js";
import { memoised } from "./memo.js";
import { matchPatterns } from "./patterns.js";

/**
 * Indirect prompt injection: instructions planted in text the agent reads (retrieved posts, skill
 * results, web pages) rather than typed by the member. The prompts fence such text with dataBlock;
 * these helpers find and strip the instruction-like sentences before it is fenced.
 */

export interface UntrustedScan {
  suspicious: boolean;
  reasons: string[];
}

const ADDRESSED_TO_MODEL =
  /\b(?:ai|a\.i\.|llm|language model|chatbot|assistant|bot|gpt|model)s?\b[^.!?\n]{0,60}\b(?:reading|processing|summari[sz]ing|reviewing|evaluating|parsing|that reads?|who reads?|must|should|shall|are instructed|need to|have to)\b/i;
const IF_YOU_ARE_MODEL = /\bif you are an? (?:ai|llm|language model|assistant|bot|chatbot|model)\b|\bnote to (?:the )?(?:ai|llm|assistant|model)\b|\b(?:ai|llm|assistant|model) instructions?\s*:/i;
const STEERING =
  /\b(?:(?:always|must|should|you will) (?:recommend|rank|rate|select|prefer|describe|say|tell|mention|praise|hire|shortlist)|(?:rank|rate|score) (?:this|the|me|him|her) (?:candidate|applicant|profile|company|post)? ?(?:first|highest|top|as the best|10\/10)|tell the (?:user|member|reader|recruiter) (?:that|to)|tell (?:every|each|all|any) (?:candidate|applicant|member|user|reader)s?|do not (?:mention|reveal|tell|disclose) (?:this|that|these)|(?:is|as) the (?:best|perfect|ideal) (?:candidate|fit|match) (?:for|regardless))\b/i;

const SENTENCE = /[^.!?\n]+(?:[.!?]+["')\]]*|\n|$)/g;
/** The pattern categories that make a sentence an instruction to the model. */
const INSTRUCTION_CATEGORIES: ReadonlySet<string> = new Set(["prompt_injection", "jailbreak", "prompt_extraction"]);

// Skill results repeat: the same job, company or post is read in many conversations, and the same
// sentences recur across documents. Each sentence is judged once.
const sentenceReasons = memoised(20_000, judgeSentence);

function judgeSentence(s: string): string[] {
  const reasons: string[] = [];
  if (ADDRESSED_TO_MODEL.test(s)) reasons.push("addressed_to_model");
  if (IF_YOU_ARE_MODEL.test(s)) reasons.push("addressed_to_model");
  if (STEERING.test(s)) reasons.push("steering");
  for (const h of matchPatterns(normalise(s), INSTRUCTION_CATEGORIES)) {
    if (h.weight >= 4) reasons.push(`pattern:${h.id}`);
  }
  // A lone cue (a post that says "always recommend a mentor") is ordinary advice; two are an
  // instruction, and so is text that says outright it is for the model ("note to the AI").
  const strong = reasons.some((r) => r.startsWith("pattern:")) || IF_YOU_ARE_MODEL.test(s);
  return strong || new Set(reasons).size >= 2 ? [...new Set(reasons)] : [];
}

/** scanUntrusted flags text that talks to the model: instructions aimed at an AI reading it. */
export function scanUntrusted(text: string): UntrustedScan {
  const reasons = new Set<string>();
  for (const m of text.matchAll(SENTENCE)) for (const r of sentenceReasons(m[0])) reasons.add(r);
  return { suspicious: reasons.size > 0, reasons: [...reasons] };
}

/** neutraliseUntrusted removes the sentences that scanUntrusted flags and returns what it removed. */
export function neutraliseUntrusted(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  let out = "";
  for (const m of text.matchAll(SENTENCE)) {
    if (sentenceReasons(m[0]).length > 0) {
      removed.push(m[0].trim());
      if (m[0].endsWith("\n")) out += "\n";
    } else out += m[0];
  }
  return { text: out.replace(/[ \t]{2,}/g, " ").trim(), removed };
}
