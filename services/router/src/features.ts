import type { ContextKind } from "./labels.js";

/** MAX_CHARS bounds the text the features read: the head and the tail of a long question. */
const MAX_CHARS = 1200;
const MAX_WORDS = 1024;
export const MAX_FEATURES = 8192;

const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;
const SEED_KIND = 0x27d4eb2f;
const KIND_SEEDS: Record<ContextKind, number> = { none: 0x165667b1, job: 0xd3a2646c, post: 0xfd7046c5, company: 0xb55a4f09, profile: 0x4ac1b7e3 };

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

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

function step(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/**
 * FeatureExtractor turns a question and its content kind into hashed sparse features: word
 * unigrams and bigrams, character 3- to 5-grams, the content kind, and content kind × word. Each
 * group's values are scaled by 1/sqrt(its size), so a rambling question is not more confident than
 * a terse one. Buffers are allocated once and reused by every call.
 */
export class FeatureExtractor {
  readonly index = new Int32Array(MAX_FEATURES);
  readonly value = new Float32Array(MAX_FEATURES);
  count = 0;
  private readonly words = new Uint32Array(MAX_WORDS);

  constructor(readonly dim: number) {
    if ((dim & (dim - 1)) !== 0) throw new Error(`feature dimension ${dim} is not a power of two`);
  }

  /** extract fills index/value with the features of a normalized text and returns their number. */
  extract(norm: string, kind: ContextKind): number {
    const mask = this.dim - 1;
    let n = 0;
    const kindSeed = KIND_SEEDS[kind];

    let nw = 0;
    let h = SEED_WORD;
    let inWord = false;
    for (let i = 0; i <= norm.length; i++) {
      const c = i < norm.length ? norm.charCodeAt(i) : 32;
      if (c === 32) {
        if (inWord && nw < MAX_WORDS) this.words[nw++] = h >>> 0;
        h = SEED_WORD;
        inWord = false;
      } else {
        h = step(h, c);
        inWord = true;
      }
    }
    const wordScale = nw > 0 ? 1 / Math.sqrt(nw) : 0;
    for (let i = 0; i < nw; i++) {
      const w = this.words[i]!;
      this.index[n] = mix(w) & mask;
      this.value[n++] = wordScale;
      this.index[n] = mix(w ^ kindSeed) & mask;
      this.value[n++] = wordScale;
    }
    const bigramScale = nw > 1 ? 1 / Math.sqrt(nw - 1) : 0;
    for (let i = 1; i < nw; i++) {
      this.index[n] = mix(Math.imul(this.words[i - 1]!, 31) + this.words[i]! + SEED_BIGRAM) & mask;
      this.value[n++] = bigramScale;
    }

    const len = norm.length + 2;
    const grams = Math.max(0, len - 2) + Math.max(0, len - 3) + Math.max(0, len - 4);
    const charScale = grams > 0 ? 1 / Math.sqrt(grams) : 0;
    for (let i = 0; i + 3 <= len; i++) {
      let g = SEED_CHAR;
      for (let k = 0; k < 5 && i + k < len; k++) {
        const p = i + k - 1;
        g = step(g, p < 0 || p >= norm.length ? 32 : norm.charCodeAt(p));
        if (k >= 2) {
          this.index[n] = mix(g + k) & mask;
          this.value[n++] = charScale;
        }
      }
    }

    this.index[n] = mix(SEED_KIND ^ kindSeed) & mask;
    this.value[n++] = 1;
    this.count = n;
    return n;
  }
}
