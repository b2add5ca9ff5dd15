import type { Embedder } from "./embedder.js";

const WORD = 1.0;
const PAIR = 0.6;
const TRIGRAM = 0.35;

const STOPWORDS = new Set(
  "a an and are as at be by for from has have how i in is it its me my of on or so that the this to was what when where which who why will with you your do does can should would could about into than then them they their there these those we our us".split(" "),
);

/** Feature is one hashed word, word pair or character trigram, with where and how it adds to a vector. */
interface Feature {
  bucket: number;
  sign: number;
  /** min is the weight of one occurrence: a feature seen once adds exactly min. */
  min: number;
  /** text and weight accumulate the feature's weight in the text being embedded (the embedder's count). */
  text: number;
  weight: number;
}

/** WordFeatures are a word's own feature, those of its character trigrams, and of the pairs it starts. */
interface WordFeatures {
  word: Feature;
  trigrams: Feature[];
  trigramWeight: number;
  pairs: Map<string, Feature>;
}

/** CACHE_LIMIT bounds each cache of computed features by default; a full cache is emptied and refilled. */
const CACHE_LIMIT = 200_000;

/**
 * HashedNgramEmbedder needs no model and no network: words, word pairs and character trigrams are
 * hashed into a fixed number of signed buckets (the hashing trick), weighted, and L2-normalised, so
 * that the cosine of two vectors measures how much vocabulary and spelling two texts share. The
 * features of the words and pairs it has met are kept, so that a text is mostly map lookups.
 */
export class HashedNgramEmbedder implements Embedder {
  readonly name: string;
  /** features interns every feature by its key ("w:word", "c:tri", "p:word word"), so equal features are one object. */
  private readonly features = new Map<string, Feature>();
  private readonly words = new Map<string, WordFeatures>();
  /** texts counts the texts embedded, to tell the weights of this text from those of earlier ones. */
  private texts = 0;
  /** generation counts the times the caches were emptied. */
  private generation = 0;

  constructor(
    readonly dimension = 384,
    private readonly cacheLimit = CACHE_LIMIT,
  ) {
    if (!Number.isInteger(dimension) || dimension < 8 || dimension > 8192) {
      throw new RangeError(`embedding dimension must be an integer from 8 to 8192, got ${dimension}`);
    }
    this.name = `hashed-ngram-v1-${dimension}`;
  }

  async embedBatch(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embed(t));
  }

  /** embed is embedBatch for one text, synchronously. */
  embed(text: string): Float32Array {
    const v = new Float32Array(this.dimension);
    const content = tokenize(text).filter((w) => !STOPWORDS.has(w));
    // Caches emptied mid-text would split a feature in two objects: count again with fresh ones.
    const met = this.count(content) ?? this.count(content) ?? this.countUncached(content);
    for (const f of met) {
      // Sublinear term frequency: a word said five times is not five times as relevant.
      v[f.bucket]! += f.sign * (1 + Math.log(f.weight / f.min)) * f.min;
    }
    return normalize(v);
  }

  /**
   * count counts the features of a text's words, each once with its summed weight, in the order
   * first met (which decides the order of the float32 additions); undefined when the caches were
   * emptied meanwhile.
   */
  private count(content: string[]): Feature[] | undefined {
    const generation = this.generation;
    const met: Feature[] = [];
    const text = ++this.texts;
    const add = (f: Feature, weight: number) => {
      if (f.text === text) {
        f.weight += weight;
      } else {
        f.text = text;
        f.weight = weight;
        met.push(f);
      }
    };
    const words = content.map((w) => this.wordFeatures(w));
    for (const f of words) {
      add(f.word, WORD);
      for (const t of f.trigrams) add(t, f.trigramWeight);
    }
    for (let i = 0; i + 1 < content.length; i++) add(this.pair(words[i]!, content[i]!, content[i + 1]!), PAIR);
    return generation === this.generation ? met : undefined;
  }

  /** countUncached is count for a text with more features than the caches hold. */
  private countUncached(content: string[]): Feature[] {
    const byKey = new Map<string, Feature>();
    const add = (key: string, weight: number) => {
      const f = byKey.get(key);
      if (f) {
        f.weight += weight;
        return;
      }
      const h = fnv1a(key);
      byKey.set(key, { bucket: h % this.dimension, sign: (h >>> 31) === 1 ? -1 : 1, min: minWeight(key), text: 0, weight });
    };
    for (const w of content) {
      add(`w:${w}`, WORD);
      const padded = `<${w}>`;
      const weight = TRIGRAM / Math.sqrt(Math.max(1, padded.length - 2));
      for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, weight);
    }
    for (let i = 0; i + 1 < content.length; i++) add(`p:${content[i]} ${content[i + 1]}`, PAIR);
    return [...byKey.values()];
  }

  private wordFeatures(w: string): WordFeatures {
    let f = this.words.get(w);
    if (f) return f;
    const padded = `<${w}>`;
    const trigrams: Feature[] = [];
    for (let i = 0; i + 3 <= padded.length; i++) trigrams.push(this.feature(`c:${padded.slice(i, i + 3)}`));
    f = { word: this.feature(`w:${w}`), trigrams, trigramWeight: TRIGRAM / Math.sqrt(Math.max(1, padded.length - 2)), pairs: new Map() };
    if (this.words.size >= this.cacheLimit) this.empty();
    this.words.set(w, f);
    return f;
  }

  private pair(first: WordFeatures, a: string, b: string): Feature {
    let f = first.pairs.get(b);
    if (!f) {
      f = this.feature(`p:${a} ${b}`);
      first.pairs.set(b, f);
    }
    return f;
  }

  private feature(key: string): Feature {
    let f = this.features.get(key);
    if (f) return f;
    const h = fnv1a(key);
    f = { bucket: h % this.dimension, sign: (h >>> 31) === 1 ? -1 : 1, min: minWeight(key), text: 0, weight: 0 };
    if (this.features.size >= this.cacheLimit) this.empty();
    this.features.set(key, f);
    return f;
  }

  /** empty drops both caches at once: word entries point at features, and equal features must stay one object. */
  private empty(): void {
    this.features.clear();
    this.words.clear();
    this.generation++;
  }
}

function minWeight(feature: string): number {
  return feature.startsWith("w:") ? WORD : feature.startsWith("p:") ? PAIR : TRIGRAM;
}

/** tokenize lower-cases and splits on anything that is not a letter or a digit, in any script. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** fnv1a is the 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function normalize(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  if (norm === 0) return v;
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/** cosine is the dot product of two L2-normalised vectors of equal length. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} and ${b.length}`);
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
