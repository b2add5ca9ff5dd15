import { memoised } from "./memo.js";

/**
 * Normalisation undoes the usual disguises of an attack before any detector reads it: compatibility
 * forms (NFKC), invisible characters, look-alike letters from other scripts, leetspeak, letters
 * spaced apart, and payloads encoded as base64, hex, rot13, percent-encoding or reversed text.
 */

export type Signal = "zero_width" | "homoglyph" | "leetspeak" | "spacing" | "typo" | "base64" | "hex" | "rot13" | "percent" | "reversed";

export interface Decoded {
  encoding: "base64" | "hex" | "rot13" | "percent" | "reversed";
  text: string;
}

export interface Normalised {
  /** raw is NFKC, without invisible characters and look-alikes, lower-cased, punctuation kept. */
  raw: string;
  /** cased is raw before lower-casing, for detectors that need capitals (names). */
  cased: string;
  /** words is raw without accents, leetspeak and spacing, as single-space separated words. */
  words: string;
  /** squashed is words with the spaces removed, read only when letters were spaced apart. */
  squashed: string;
  signals: Signal[];
  decoded: Decoded[];
}

const MAX_CHARS = 4000;
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x", ѕ: "s", і: "i", ї: "i", ј: "j", ԁ: "d", ԛ: "q", ԝ: "w", һ: "h", ӏ: "l",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X", Ѕ: "S", І: "I", Ј: "J",
  // Greek
  α: "a", β: "b", ε: "e", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", ω: "w",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
  // Latin look-alikes outside ASCII that NFKC keeps
  ɑ: "a", ɡ: "g", ı: "i", ȷ: "j", ʏ: "y", ᴀ: "a", ʙ: "b", ᴄ: "c", ᴅ: "d", ᴇ: "e", ɢ: "g", ʜ: "h", ɪ: "i", ᴊ: "j", ᴋ: "k", ʟ: "l", ᴍ: "m", ɴ: "n", ᴏ: "o", ᴘ: "p", ʀ: "r", ꜱ: "s", ᴛ: "t", ᴜ: "u", ᴠ: "v", ᴡ: "w", ᴢ: "z",
};
const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join("")}]`, "u");

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g", "@": "a", $: "s", "!": "i", "|": "l", "+": "t" };
const LEET_CHAR = /[01345789@$!|+]/;
const ALNUM_LEET_TOKEN = /^[a-z01345789@$!|+]+$/;

/** mapHomoglyphs rewrites words that mix look-alike letters into Latin ones. A word in a real Cyrillic or Greek sentence is left alone. */
function mapHomoglyphs(text: string): { text: string; changed: boolean } {
  if (!HOMOGLYPH_RE.test(text)) return { text, changed: false };
  let changed = false;
  const out = text.replace(/[\p{L}\p{M}]+/gu, (word) => {
    if (!HOMOGLYPH_RE.test(word)) return word;
    let latin = 0;
    let mappable = 0;
    let other = 0;
    for (const ch of word) {
      if (/[A-Za-z]/.test(ch)) latin++;
      else if (HOMOGLYPHS[ch] !== undefined) mappable++;
      else other++;
    }
    // A word entirely of look-alikes is mapped only when the text around it is Latin.
    if (other > 0 || (latin === 0 && !mostlyLatin(text))) return word;
    changed = true;
    let w = "";
    for (const ch of word) w += HOMOGLYPHS[ch] ?? ch;
    return w;
  });
  return { text: out, changed };
}

function mostlyLatin(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    if (/[A-Za-z]/.test(ch)) latin++;
    else if (/\p{L}/u.test(ch) && HOMOGLYPHS[ch] === undefined) other++;
  }
  return latin >= other;
}

function undoLeet(token: string): string | undefined {
  if (!ALNUM_LEET_TOKEN.test(token) || !/[a-z]/.test(token) || !LEET_CHAR.test(token)) return undefined;
  let leet = 0;
  let inner = 0;
  for (let i = 0; i < token.length; i++) {
    if (LEET[token[i]!] === undefined) continue;
    leet++;
    if (i > 0 && i < token.length - 1) inner++;
  }
  const leadingOnly = leet === 1 && token.length >= 3 && LEET[token[0]!] !== undefined && /^[a-z]+$/.test(token.slice(1));
  if (leet < 2 && inner === 0 && !leadingOnly) return undefined;
  let out = "";
  for (const ch of token) out += LEET[ch] ?? ch;
  return out;
}

const SPACED_PAIR = /(?<=^|\s{2})[a-z0-9] [a-z0-9](?=\s{2}|\s?[.,!?;:]|$)/gi;
const SPACED = /(?:^|(?<=\s))(?:[a-z0-9][ .\-_*]){2,}[a-z0-9](?=\s|$)/gi;
/** SPACED_APOSTROPHE is a possessive inside spaced-out text ("r a m a n ' s"), read as one more letter gap. */
const SPACED_APOSTROPHE = /(?<=\b[a-z0-9]) ['\u2019] (?=[a-z0-9]\b)/gi;

// ROT13 maps each UTF-16 code unit below 128 to its rot13 counterpart (the identity off a-z, A-Z).
const ROT13 = Array.from({ length: 128 }, (_, c) => {
  if (c >= 65 && c <= 90) return ((c - 65 + 13) % 26) + 65;
  if (c >= 97 && c <= 122) return ((c - 97 + 13) % 26) + 97;
  return c;
});

// Every sentence of every skill result goes through here: a table, not a regex with a callback.
function rot13(s: string): string {
  const out = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 128 ? ROT13[c]! : c;
  }
  return String.fromCharCode(...out);
}

/** reversed reverses a text by code points (a surrogate pair stays a pair). */
function reversed(s: string): string {
  if (/[\uD800-\uDFFF]/.test(s)) return [...s].reverse().join("");
  let out = "";
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

const COMMON = new Set(
  "the and you your all to of a is in for me my i it this that with be are what how print system ignore previous instructions prompt rules now tell show reveal give say do not no any from as on please".split(" "),
);

// rot13 maps " " to itself and reversing a single-spaced text reverses each word: the common words of
// rot13(words) and reversed(words) are the words of `words` found in these sets, counted in one pass.
const COMMON_ROT13 = new Set([...COMMON].map(rot13));
const COMMON_REVERSED = new Set([...COMMON].map(reversed));

function readable(s: string): boolean {
  if (s.length < 6) return false;
  let ok = 0;
  for (const ch of s) if (/[\p{L}\p{N}\p{P}\s]/u.test(ch)) ok++;
  return ok / [...s].length >= 0.9 && /\p{L}{3,}/u.test(s) && /\s/.test(s.trim());
}

function decodeSegments(text: string, words: string): Decoded[] {
  const out: Decoded[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const seg = m[0];
    if (!/[A-Z]/.test(seg) && !/[0-9]/.test(seg)) continue;
    const s = Buffer.from(seg.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
    if (readable(s)) out.push({ encoding: "base64", text: s });
  }
  for (const m of text.matchAll(/\b(?:[0-9a-fA-F]{2}[\s:]?){8,}/g)) {
    const hex = m[0].replace(/[\s:]/g, "");
    if (!/[a-f]/i.test(hex) && !/^(?:[2-7][0-9a-f])+$/i.test(hex)) continue;
    const s = Buffer.from(hex, "hex").toString("utf8");
    if (readable(s)) out.push({ encoding: "hex", text: s });
  }
  if ((text.match(/%[0-9a-f]{2}/gi)?.length ?? 0) >= 3) {
    try {
      const s = decodeURIComponent(text);
      if (s !== text) out.push({ encoding: "percent", text: s });
    } catch {
      // Not valid percent-encoding.
    }
  }
  if (words.length >= 8) {
    let base = 0;
    let asRot13 = 0;
    let asReversed = 0;
    for (const w of words.split(" ")) {
      if (COMMON.has(w)) base++;
      if (COMMON_ROT13.has(w)) asRot13++;
      if (COMMON_REVERSED.has(w)) asReversed++;
    }
    if (asRot13 >= Math.max(2, base + 2)) out.push({ encoding: "rot13", text: rot13(text) });
    if (asReversed >= Math.max(2, base + 2)) out.push({ encoding: "reversed", text: reversed(text) });
  }
  return out;
}

/** toWords lower-cases, strips accents and apostrophes, and keeps letters and digits as single-space separated words. */
export function toWords(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/['\u2019`´]/g, "")
    .replace(/[^\p{L}\p{N}@$!|+]+/gu, " ")
    .trim();
}

/** normalise prepares a text for the detectors; see Normalised. */
// The words attacks are built from. A misspelling of one of them ("ingore prevoius instrucitons")
// is read as the word itself; inflections ("ignored", "systems") are left alone.
const ATTACK_WORDS = ["ignore", "previous", "instructions", "instruction", "disregard", "prompt", "system", "developer", "jailbreak", "pretend", "override", "restrictions", "guidelines", "forget", "reveal"];

// Member questions, skill outputs and answers repeat the same words: each word is checked once.
const correctTypo = memoised(50_000, nearestAttackWord);

function fixTypo(tok: string): string {
  return tok.length < 5 ? tok : correctTypo(tok);
}

function nearestAttackWord(tok: string): string {
  if (!/^[a-z]+$/.test(tok)) return tok;
  for (const word of ATTACK_WORDS) {
    if (tok === word || tok.startsWith(word) || word.startsWith(tok)) return tok;
    const budget = word.length >= 8 ? 2 : 1;
    if (Math.abs(tok.length - word.length) <= budget && editDistance(tok, word, budget) <= budget) return word;
  }
  return tok;
}

// Three rolling rows, reused: b is always one of ATTACK_WORDS, so 32 columns are enough.
const ROWS = [new Int32Array(32), new Int32Array(32), new Int32Array(32)] as const;

/** editDistance is the optimal-string-alignment distance (a swap of neighbours counts once), capped at max + 1. */
function editDistance(a: string, b: string, max: number): number {
  const n = b.length;
  let prev2 = ROWS[0];
  let prev = ROWS[1];
  let cur = ROWS[2];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n]!;
}

export function normalise(input: string, decode = true): Normalised {
  const signals: Signal[] = [];
  let t = input.length > MAX_CHARS ? input.slice(0, MAX_CHARS / 2) + "\n" + input.slice(-MAX_CHARS / 2) : input;
  t = t.normalize("NFKC");
  const visible = t.replace(INVISIBLE, "");
  if (visible.length !== t.length) signals.push("zero_width");
  const h = mapHomoglyphs(visible);
  if (h.changed) signals.push("homoglyph");
  const cased = h.text;
  const raw = cased.toLowerCase();

  let words = toWords(raw);
  let leet = false;
  words = words
    .split(" ")
    .map((tok) => {
      const u = undoLeet(tok);
      if (u === undefined) return tok.replace(/[@$!|+]+/g, tok.length > 1 ? "" : tok);
      leet = true;
      return u;
    })
    .join(" ");
  if (leet) signals.push("leetspeak");
  let spaced = false;
  // Two-letter words ("n o", "m e") between the wide gaps of spaced-out text are too short for SPACED.
  const collapse = (s: string) =>
    s
      .replace(/\s{2,}/g, "   ")
      .replace(SPACED_APOSTROPHE, " ")
      .replace(SPACED, (m) => {
        spaced = true;
        return m.replace(/[ .\-_*]/g, "");
      })
      .replace(SPACED_PAIR, (m) => (spaced ? m.replace(" ", "") : m));
  const collapsed = collapse(raw);
  // The cased text is collapsed too, so names hidden by spacing are still seen as names.
  let casedOut = cased;
  if (spaced) {
    signals.push("spacing");
    casedOut = collapse(cased).replace(/\s+/g, " ");
    words = toWords(collapsed)
      .split(" ")
      .map((tok) => undoLeet(tok) ?? tok)
      .join(" ");
  }
  let typo = false;
  words = words
    .split(" ")
    .map((tok) => {
      const fixed = fixTypo(tok);
      if (fixed !== tok) typo = true;
      return fixed;
    })
    .join(" ");
  if (typo) signals.push("typo");
  const squashed = spaced ? words.replace(/ /g, "") : "";

  const decoded = decode ? decodeSegments(cased, words) : [];
  for (const d of decoded) if (!signals.includes(d.encoding)) signals.push(d.encoding);
  return { raw, cased: casedOut, words: words.replace(/\s+/g, " ").trim(), squashed, signals, decoded };
}
