import { REASONING_CLOSE, REASONING_OPEN, SECTION, TASK } from "@springboard/prompts";
import { percentile } from "./evaluate.js";

/**
 * OutputGuard checks the outgoing text of one text part, sentence by sentence, as it streams.
 *
 * Offsets are Unicode code points of the part as the member has it: the released text with every
 * earlier revision applied, which is what a client that applies revisions in order holds.
 *
 * Two modes, one contract for the caller (send `release` as a text delta, `revise` as a Revision,
 * `watermark` as a Watermark):
 * - "hold" (the default) holds the sentence being written, and releases it the moment its end
 *   arrives and it passes the check: the member is at most one sentence behind the model, and
 *   never sees text that fails. A failing span is fixed before release; the `revise` that follows
 *   points at the fixed span (for "replace", applying it changes nothing) and carries the reason
 *   and the notice. A withheld sentence is never released; its `revise` is an empty span where it
 *   would have been.
 * - "stream" releases every delta at once and revises spans of the sentence once it ends: nothing
 *   is delayed, but a failing span is visible until the end of its sentence.
 * Every released character is committed (watermarked) once its sentence passed the check.
 */

export type GuardAction =
  | { type: "release"; text: string }
  | { type: "revise"; start: number; end: number; action: "replace" | "withhold"; replacement: string; reason: GuardReason; notice: string }
  | { type: "watermark"; committedChars: number };

export type GuardReason = "contact_details" | "personal_data" | "toxicity" | "discrimination" | "prompt_leak" | "tone";

export interface ToneRule {
  pattern: RegExp;
  replacement: string;
}

export interface OutputGuardOptions {
  mode?: "hold" | "stream";
  /** allow lists contact details that may pass: the asking member's own email or phone, a company's public contact address. */
  allow?: string[];
  /** allowDomains lets every address at these domains pass, for example the company's own public contact page. */
  allowDomains?: string[];
  /** allowRoleAddresses lets role addresses (careers@, jobs@, press@, support@ ...) pass; default true. */
  allowRoleAddresses?: boolean;
  /** canaries are strings planted in the system prompt; an answer containing one leaks the prompt. */
  canaries?: string[];
  /** promptMarkers are the headings and tags of the prompts; by default those of @springboard/prompts. */
  promptMarkers?: string[];
  /** toneRules replace harsh phrasings; by default DEFAULT_TONE_RULES, for job-fit answers. */
  toneRules?: ToneRule[];
  /** maxSentenceChars bounds how much text is held without a sentence end, in code points. */
  maxSentenceChars?: number;
}

export const DEFAULT_PROMPT_MARKERS: string[] = [
  ...Object.values(TASK),
  ...Object.values(SECTION),
  "## Task:",
  "<data",
  "</data>",
  REASONING_OPEN,
  REASONING_CLOSE,
  "Text inside <data> blocks",
  "You are Springboard, the assistant of a professional network",
];

export const DEFAULT_TONE_RULES: ToneRule[] = [
  { pattern: /\b(?:an? )?(?:terrible|horrible|awful|bad|poor|hopeless) (?:fit|match)\b/gi, replacement: "not yet a close match" },
  { pattern: /\b(?:not qualified at all|completely unqualified|totally unqualified|not remotely qualified)\b/gi, replacement: "missing several of the listed qualifications" },
  { pattern: /\bhopeless\b/gi, replacement: "challenging" },
  { pattern: /\b(?:no chance|zero chance)\b/gi, replacement: "a long shot for now" },
  { pattern: /\ba waste of (?:your|their|the recruiter's) time\b/gi, replacement: "a stretch for now" },
  { pattern: /\bshould not even (?:bother|apply)\b/gi, replacement: "may want to build a few more of the listed skills first" },
];

const NOTICES: Record<GuardReason, string> = {
  contact_details: "Contact details of another member were removed.",
  personal_data: "Personal information was removed.",
  toxicity: "Part of this answer was removed because it was not respectful.",
  discrimination: "Part of this answer was removed because it judged people by a protected trait.",
  prompt_leak: "Part of this answer was removed.",
  tone: "Some wording was adjusted.",
};

const REPLACEMENTS: Partial<Record<GuardReason, string>> = {
  contact_details: "[contact details removed]",
  personal_data: "[personal details removed]",
};

const ROLE_LOCAL = /^(?:careers?|jobs|hr|info|press|media|support|help|contact|hello|recruiting|recruitment|talent|hiring|privacy|legal|sales|office|team|admin|noreply|no-reply)$/i;

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|\s?[[(]at[\])]\s?)[A-Za-z0-9-]+(?:(?:\.|\s?[[(]dot[\])]\s?)[A-Za-z0-9-]+)*(?:\.|\s?[[(]dot[\])]\s?)[A-Za-z]{2,}/g;
const PHONES = [
  /\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}/g,
  /\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b/g,
  /\b\d{3}[.-]\d{3}[.-]\d{4}\b/g,
  /\b0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}\b/g,
];
const IDS = [
  /\b\d{3}-\d{2}-\d{4}\b/g,
  /\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/g,
  /\b\d{4}\s\d{4}\s\d{4}\b/g,
];
const CARD = /\b(?:\d{4}[ -]?){3}\d{4}\b/g;
const STREET =
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\.?\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Sq|Parkway|Pkwy)\b\.?(?:,?\s*(?:Apt|Apartment|Suite|Unit|#)\.?\s*\w+)?|\b[A-Z][a-zäöü]+(?:straße|strasse|weg|gasse|platz)\s+\d{1,4}[a-z]?\b/g;
const TOXIC =
  /\b(?:idiot(?:ic|s)?|stupid|moron(?:ic|s)?|imbecile|dumb|loser|pathetic|worthless|incompetent fool|shut up|i hate you|retard(?:ed)?|scum|garbage person|trash person|disgusting person|clown)\b/i;
const DISCRIMINATORY = [
  /\b(?:women|woman|men|older (?:people|workers|candidates|applicants)|old people|young people|immigrants|foreigners|muslims|jews|christians|hindus|black people|white people|asian people|gay people|disabled people|mothers|moms)\b[^.!?]{0,40}\b(?:are|is|aren't|isn't|tend to be|can't|cannot) (?:not |less |too |generally |naturally )?(?:suited|capable|able|smart|reliable|emotional|lazy|slow|worse|inferior|bad at|unfit|good at|cut out)/i,
  /\b(?:too old|too young) (?:for|to)\b/i,
  /\bbecause (?:she|he|they) (?:is|are|'s|'re) (?:pregnant|a woman|a mother|old|older|disabled|muslim|jewish|gay|an immigrant|foreign|black)\b/i,
];

interface Finding {
  /** start and end are UTF-16 offsets in the sentence. */
  start: number;
  end: number;
  action: "replace" | "withhold";
  replacement: string;
  reason: GuardReason;
}

export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** Sentence ends: terminal punctuation (and closing quotes or brackets) before whitespace, or a newline. */
const BOUNDARY = /[.!?…。！？]+["'”’)\]]*(?=\s)|\n/g;

export class OutputGuard {
  private readonly mode: "hold" | "stream";
  private readonly allow: Set<string>;
  private readonly allowDomains: string[];
  private readonly allowRoles: boolean;
  private readonly leaks: string[];
  private readonly toneRules: ToneRule[];
  private readonly maxSentence: number;
  /** pending is the model's text after the last checked sentence. */
  private pending = "";
  /** memberChars is the length, in code points, of the text the member has (checked and, in stream mode, unchecked). */
  private memberChars = 0;
  /** committed is the member-visible length, in code points, up to the end of the last checked sentence. */
  private committed = 0;
  private lastWatermark = 0;
  private visible = "";
  private ended = false;

  constructor(opts: OutputGuardOptions = {}) {
    this.mode = opts.mode ?? "hold";
    this.allow = new Set((opts.allow ?? []).map(canonical));
    this.allowDomains = (opts.allowDomains ?? []).map((d) => d.toLowerCase().replace(/^@/, ""));
    this.allowRoles = opts.allowRoleAddresses ?? true;
    this.leaks = [...(opts.canaries ?? []), ...(opts.promptMarkers ?? DEFAULT_PROMPT_MARKERS)].filter((s) => s.length > 0);
    this.toneRules = opts.toneRules ?? DEFAULT_TONE_RULES;
    this.maxSentence = opts.maxSentenceChars ?? 400;
  }

  /** push feeds one text delta and returns what to send now. */
  push(delta: string): GuardAction[] {
    if (this.ended) throw new Error("OutputGuard.push after end(); use one guard per text part");
    const out: GuardAction[] = [];
    if (this.mode === "stream" && delta.length > 0) {
      out.push({ type: "release", text: delta });
      this.visible += delta;
      this.memberChars += codePoints(delta);
    }
    this.pending += delta;
    let cut = this.lastBoundary();
    if (cut === 0 && codePoints(this.pending) > this.maxSentence) {
      // A run-on without a sentence end: check up to the last space, so a word is never split.
      const space = this.pending.lastIndexOf(" ");
      cut = space > 0 ? space + 1 : this.pending.length;
    }
    if (cut > 0) {
      const text = this.pending.slice(0, cut);
      this.pending = this.pending.slice(cut);
      this.check(text, out);
    }
    return out;
  }

  /** end checks what is left of the part and returns the last actions. */
  end(): GuardAction[] {
    if (this.ended) return [];
    this.ended = true;
    const out: GuardAction[] = [];
    if (this.pending.length > 0) {
      const text = this.pending;
      this.pending = "";
      this.check(text, out);
    }
    if (this.committed !== this.lastWatermark || this.committed === 0) {
      this.lastWatermark = this.committed;
      out.push({ type: "watermark", committedChars: this.committed });
    }
    return out;
  }

  /** visibleText is the part as the member ends up with it, for history and replays. */
  visibleText(): string {
    return this.visible;
  }

  private lastBoundary(): number {
    let cut = 0;
    BOUNDARY.lastIndex = 0;
    for (let m = BOUNDARY.exec(this.pending); m !== null; m = BOUNDARY.exec(this.pending)) cut = m.index + m[0].length;
    return cut;
  }

  private check(sentence: string, out: GuardAction[]): void {
    const findings = this.findings(sentence);
    const start = this.committed;
    if (this.mode === "hold") {
      const withhold = findings.find((f) => f.action === "withhold");
      if (withhold) {
        out.push({ type: "revise", start, end: start, action: "withhold", replacement: "", reason: withhold.reason, notice: NOTICES[withhold.reason] });
      } else {
        let text = "";
        let at = 0;
        const revisions: GuardAction[] = [];
        for (const f of findings) {
          text += sentence.slice(at, f.start);
          const s = start + codePoints(text);
          text += f.replacement;
          revisions.push({ type: "revise", start: s, end: s + codePoints(f.replacement), action: "replace", replacement: f.replacement, reason: f.reason, notice: NOTICES[f.reason] });
          at = f.end;
        }
        text += sentence.slice(at);
        if (text.length > 0) out.push({ type: "release", text });
        out.push(...revisions);
        this.visible += text;
        this.committed += codePoints(text);
        this.memberChars = this.committed;
      }
    } else {
      const withhold = findings.find((f) => f.action === "withhold");
      const len = codePoints(sentence);
      if (withhold) {
        out.push({ type: "revise", start, end: start + len, action: "withhold", replacement: "", reason: withhold.reason, notice: NOTICES[withhold.reason] });
        this.applyVisible(start, start + len, "");
        this.memberChars -= len;
      } else {
        let shift = 0;
        for (const f of findings) {
          const s = start + codePoints(sentence.slice(0, f.start)) + shift;
          const e = s + codePoints(sentence.slice(f.start, f.end));
          out.push({ type: "revise", start: s, end: e, action: "replace", replacement: f.replacement, reason: f.reason, notice: NOTICES[f.reason] });
          this.applyVisible(s, e, f.replacement);
          const d = codePoints(f.replacement) - (e - s);
          shift += d;
          this.memberChars += d;
        }
        this.committed = start + len + shift;
      }
    }
    if (this.committed !== this.lastWatermark) {
      this.lastWatermark = this.committed;
      out.push({ type: "watermark", committedChars: this.committed });
    }
  }

  private applyVisible(start: number, end: number, replacement: string): void {
    const cps = Array.from(this.visible);
    this.visible = cps.slice(0, start).join("") + replacement + cps.slice(end).join("");
  }

  private findings(s: string): Finding[] {
    for (const leak of this.leaks) if (s.includes(leak)) return [{ start: 0, end: s.length, action: "withhold", replacement: "", reason: "prompt_leak" }];
    if (TOXIC.test(s)) return [{ start: 0, end: s.length, action: "withhold", replacement: "", reason: "toxicity" }];
    for (const re of DISCRIMINATORY) if (re.test(s)) return [{ start: 0, end: s.length, action: "withhold", replacement: "", reason: "discrimination" }];
    const found: Finding[] = [];
    const add = (re: RegExp, reason: GuardReason, keep?: (m: string) => boolean) => {
      re.lastIndex = 0;
      for (const m of s.matchAll(re)) {
        if (keep && !keep(m[0])) continue;
        found.push({ start: m.index, end: m.index + m[0].length, action: "replace", replacement: REPLACEMENTS[reason]!, reason });
      }
    };
    add(EMAIL, "contact_details", (m) => !this.allowedEmail(m));
    for (const re of PHONES) add(re, "contact_details", (m) => !this.allow.has(canonical(m)) && digits(m) >= 9 && digits(m) <= 15);
    for (const re of IDS) add(re, "personal_data", (m) => !this.allow.has(canonical(m)));
    add(CARD, "personal_data", (m) => luhn(m));
    add(STREET, "personal_data", (m) => !this.allow.has(canonical(m)));
    for (const rule of this.toneRules) {
      const re = rule.pattern.global ? rule.pattern : new RegExp(rule.pattern.source, rule.pattern.flags + "g");
      re.lastIndex = 0;
      for (const m of s.matchAll(re)) {
        const replacement = /^[A-Z]/.test(m[0]) ? rule.replacement[0]!.toUpperCase() + rule.replacement.slice(1) : rule.replacement;
        found.push({ start: m.index, end: m.index + m[0].length, action: "replace", replacement, reason: "tone" });
      }
    }
    // Overlapping spans: keep the earliest, then the longest.
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept: Finding[] = [];
    for (const f of found) if (kept.length === 0 || f.start >= kept[kept.length - 1]!.end) kept.push(f);
    return kept;
  }

  private allowedEmail(m: string): boolean {
    const email = canonical(m);
    if (this.allow.has(email)) return true;
    const at = email.lastIndexOf("@");
    if (at < 0) return false;
    const domain = email.slice(at + 1);
    if (this.allowDomains.some((d) => domain === d || domain.endsWith("." + d))) return true;
    return this.allowRoles && ROLE_LOCAL.test(email.slice(0, at));
  }
}

/** canonical makes contact details comparable: emails lower-cased with [at]/[dot] undone, phone numbers as digits. */
function canonical(s: string): string {
  const t = s
    .trim()
    .toLowerCase()
    .replace(/\s?[[(]at[\])]\s?/g, "@")
    .replace(/\s?[[(]dot[\])]\s?/g, ".");
  if (t.includes("@")) return t;
  return /^[\d\s()+.-]+$/.test(t) ? t.replace(/\D/g, "") : t.replace(/\s+/g, " ");
}

function digits(s: string): number {
  return s.replace(/\D/g, "").length;
}

function luhn(s: string): boolean {
  const d = s.replace(/\D/g, "");
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let x = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) {
      x *= 2;
      if (x > 9) x -= 9;
    }
    sum += x;
  }
  return sum % 10 === 0;
}

export interface GuardBenchmark {
  sentences: number;
  p50Us: number;
  p99Us: number;
  meanUs: number;
}

const BENCH_SENTENCES = [
  "You match most of the listed requirements for this role, including five years of TypeScript and strong API design. ",
  "The job asks for Kubernetes experience, which your profile does not show yet; a short course would close that gap. ",
  "Your work at Acme Robotics on streaming systems is directly relevant, and the hiring team values it [[a1]]. ",
  "You could reach the recruiter at jane.doe@example.com or +1 415 555 0132 after applying. ",
  "Overall you are a strong candidate, and tailoring your summary to the team's mission would help. ",
  "Interviews there usually have four rounds: a recruiter screen, a coding exercise, system design and a values talk.\n",
];

/**
 * benchmarkGuard measures the check time a guard adds per sentence: the answer is pushed in
 * token-sized deltas and the time of all pushes of a sentence is summed.
 */
export function benchmarkGuard(opts: { answers?: number; mode?: "hold" | "stream" } = {}): GuardBenchmark {
  const answers = opts.answers ?? 300;
  const deltas = BENCH_SENTENCES.map((s) => s.match(/.{1,5}/gs) ?? []);
  const times: number[] = [];
  for (let round = 0; round < answers + 50; round++) {
    const guard = new OutputGuard({ mode: opts.mode ?? "hold", canaries: ["CANARY-7f3a"] });
    for (const sentence of deltas) {
      const t0 = performance.now();
      for (const d of sentence) guard.push(d);
      const t1 = performance.now();
      if (round >= 50) times.push((t1 - t0) * 1000);
    }
    guard.end();
  }
  times.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { sentences: times.length, p50Us: r(percentile(times, 50)), p99Us: r(percentile(times, 99)), meanUs: r(times.reduce((a, b) => a + b, 0) / times.length) };
}
