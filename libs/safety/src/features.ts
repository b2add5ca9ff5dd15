/**
 * Hashed sparse features of a normalised question: word unigrams and bigrams and character 3- to
 * 5-grams, each group scaled by 1/sqrt(its size). Buffers are allocated once and reused.
 */

const MAX_WORDS = 512;
const MAX_CHARS = 1000;
export const MAX_FEATURES = 8192;

const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;

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

export class FeatureExtractor {
  readonly index = new Int32Array(MAX_FEATURES);
  readonly value = new Float32Array(MAX_FEATURES);
  count = 0;
  private readonly words = new Uint32Array(MAX_WORDS);

  constructor(readonly dim: number) {
    if ((dim & (dim - 1)) !== 0) throw new Error(`feature dimension ${dim} is not a power of two`);
  }

  /** extract fills index/value with the features of single-space separated words and returns their number. */
  extract(text: string): number {
    const norm = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
    const mask = this.dim - 1;
    let n = 0;
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
      this.index[n] = mix(this.words[i]!) & mask;
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
    for (let i = 0; i + 3 <= len && n < MAX_FEATURES - 3; i++) {
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
    this.count = n;
    return n;
  }
}
