/** MAX_FEATURES is the default number of features one text may have. */
export const MAX_FEATURES = 8192;

const SEED_WORD = 0x9e3779b1;
const SEED_BIGRAM = 0x85ebca77;
const SEED_CHAR = 0xc2b2ae3d;

export interface FeatureOptions {
  /** dim is the number of hashed feature rows, a power of two. */
  dim: number;
  /** maxChars cuts longer texts before any feature is taken; unbounded by default. */
  maxChars?: number;
  /** maxWords caps the words read; the rest of a longer text only adds character n-grams. */
  maxWords?: number;
  /** wordNgrams is the inclusive range of word n-gram lengths; [1, 2] by default. */
  wordNgrams?: readonly [number, number];
  /** charNgrams is the inclusive range of character n-gram lengths, the text padded by a space each side; [3, 5] by default. */
  charNgrams?: readonly [number, number];
  /** capacity bounds the features of one text; character n-grams stop when it is reached. */
  capacity?: number;
}

/** FeatureContext adds features that do not come from the text itself, such as what it was asked about. */
export interface FeatureContext {
  /** wordSeed, when set, adds every word again hashed with this seed: word × context features at the unigram scale. */
  wordSeed?: number;
  /** tags are features of value 1 appended after the text's own, one per hash seed. */
  tags?: readonly number[];
}

export interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}

const NO_CONTEXT: FeatureContext = {};

/** mix is the finaliser every feature hash goes through (lowbias32): nearby inputs land far apart. */
export function mix(h: number): number {
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
 * HashedFeatures turns text whose words are separated by single spaces into hashed sparse
 * features: word n-grams, character n-grams and the context's features. Each n-gram group's values
 * are scaled by 1/sqrt(its size), so a long text is not more confident than a short one. Buffers
 * are allocated once and reused by every call; index and value hold the last text's features.
 */
export class HashedFeatures {
  readonly dim: number;
  readonly index: Int32Array;
  readonly value: Float32Array;
  count = 0;
  private readonly words: Uint32Array;
  private readonly maxChars: number;
  private readonly wordMin: number;
  private readonly wordMax: number;
  private readonly charMin: number;
  private readonly charMax: number;

  constructor(options: FeatureOptions) {
    const { dim, maxChars = Infinity, maxWords = 1024, wordNgrams = [1, 2], charNgrams = [3, 5], capacity = MAX_FEATURES } = options;
    if (!Number.isInteger(dim) || dim <= 0 || (dim & (dim - 1)) !== 0) throw new Error(`feature dimension ${dim} is not a power of two`);
    for (const [name, [lo, hi]] of [["word", wordNgrams], ["character", charNgrams]] as const) {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) throw new Error(`${name} n-gram range [${lo}, ${hi}] must be whole numbers from 1 up`);
    }
    if (maxWords * (wordNgrams[1] - wordNgrams[0] + 2) + (charNgrams[1] - charNgrams[0] + 1) > capacity) {
      throw new Error(`a capacity of ${capacity} features cannot hold the n-grams of ${maxWords} words; raise capacity or lower maxWords`);
    }
    this.dim = dim;
    this.index = new Int32Array(capacity);
    this.value = new Float32Array(capacity);
    this.words = new Uint32Array(maxWords);
    this.maxChars = maxChars;
    [this.wordMin, this.wordMax] = wordNgrams;
    [this.charMin, this.charMax] = charNgrams;
  }

  /** extract fills index and value with the features of a text and returns their number. */
  extract(text: string, context: FeatureContext = NO_CONTEXT): number {
    const norm = text.length > this.maxChars ? text.slice(0, this.maxChars) : text;
    const mask = this.dim - 1;
    const index = this.index;
    const value = this.value;
    const words = this.words;
    let n = 0;

    let nw = 0;
    let h = SEED_WORD;
    let inWord = false;
    for (let i = 0; i <= norm.length; i++) {
      const c = i < norm.length ? norm.charCodeAt(i) : 32;
      if (c === 32) {
        if (inWord && nw < words.length) words[nw++] = h >>> 0;
        h = SEED_WORD;
        inWord = false;
      } else {
        h = step(h, c);
        inWord = true;
      }
    }

    const unigrams = this.wordMin === 1;
    const wordSeed = context.wordSeed;
    if (unigrams || wordSeed !== undefined) {
      const scale = nw > 0 ? 1 / Math.sqrt(nw) : 0;
      for (let i = 0; i < nw; i++) {
        const w = words[i]!;
        if (unigrams) {
          index[n] = mix(w) & mask;
          value[n++] = scale;
        }
        if (wordSeed !== undefined) {
          index[n] = mix(w ^ wordSeed) & mask;
          value[n++] = scale;
        }
      }
    }
    for (let len = Math.max(2, this.wordMin); len <= this.wordMax; len++) {
      const seed = len === 2 ? SEED_BIGRAM : mix(SEED_BIGRAM + len);
      const scale = nw > len - 1 ? 1 / Math.sqrt(nw - len + 1) : 0;
      for (let i = len - 1; i < nw; i++) {
        let g = words[i - len + 1]!;
        for (let k = len - 2; k >= 0; k--) g = Math.imul(g, 31) + words[i - k]!;
        index[n] = mix(g + seed) & mask;
        value[n++] = scale;
      }
    }

    const tags = context.tags ?? [];
    const lo = this.charMin;
    const hi = this.charMax;
    const room = index.length - tags.length - (hi - lo + 1);
    const len = norm.length + 2;
    let grams = 0;
    for (let k = lo; k <= hi; k++) grams += Math.max(0, len - k + 1);
    const charScale = grams > 0 ? 1 / Math.sqrt(grams) : 0;
    for (let i = 0; i + lo <= len && n <= room; i++) {
      let g = SEED_CHAR;
      for (let k = 0; k < hi && i + k < len; k++) {
        const p = i + k - 1;
        g = step(g, p < 0 || p >= norm.length ? 32 : norm.charCodeAt(p));
        if (k >= lo - 1) {
          index[n] = mix(g + k) & mask;
          value[n++] = charScale;
        }
      }
    }

    for (const tag of tags) {
      index[n] = mix(tag) & mask;
      value[n++] = 1;
    }
    this.count = n;
    return n;
  }

  /** vector extracts a text's features into arrays of their own, for keeping. */
  vector(text: string, context?: FeatureContext): SparseVector {
    const n = this.extract(text, context);
    return { index: this.index.slice(0, n), value: this.value.slice(0, n) };
  }
}
