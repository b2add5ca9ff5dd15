/**
 * A text embedder that needs no model and no network: words, word pairs and character trigrams are
 * hashed into a fixed number of signed buckets (the hashing trick), weighted, and L2-normalised, so
 * that the cosine of two vectors measures how much vocabulary and spelling two texts share.
 */

export interface Embedder {
  /** name identifies the embedder and its settings; an index built with another name must be rebuilt. */
  readonly name: string;
  readonly dimension: number;
  embed(text: string): Float32Array;
}

const WORD = 1.0;
const PAIR = 0.6;
const TRIGRAM = 0.35;

const STOPWORDS = new Set(
  "a an and are as at be by for from has have how i in is it its me my of on or so that the this to was what when where which who why will with you your do does can should would could about into than then them they their there these those we our us".split(" "),
);

export class HashedNgramEmbedder implements Embedder {
  readonly name: string;

  constructor(readonly dimension = 384) {
    if (!Number.isInteger(dimension) || dimension < 8 || dimension > 8192) {
      throw new RangeError(`embedding dimension must be an integer from 8 to 8192, got ${dimension}`);
    }
    this.name = `hashed-ngram-v1-${dimension}`;
  }

  embed(text: string): Float32Array {
    const v = new Float32Array(this.dimension);
    const words = tokenize(text);
    const content = words.filter((w) => !STOPWORDS.has(w));
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
    for (const w of content) {
      add(`w:${w}`, WORD);
      const padded = `<${w}>`;
      const grams = Math.max(1, padded.length - 2);
      for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, TRIGRAM / Math.sqrt(grams));
    }
    for (let i = 0; i + 1 < content.length; i++) add(`p:${content[i]} ${content[i + 1]}`, PAIR);
    for (const [feature, weight] of counts) {
      const h = fnv1a(feature);
      const bucket = h % this.dimension;
      const sign = (h >>> 31) === 1 ? -1 : 1;
      // Sublinear term frequency: a word said five times is not five times as relevant.
      v[bucket]! += sign * (1 + Math.log(weight / minWeight(feature))) * minWeight(feature);
    }
    return normalize(v);
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
