import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category } from "./categories.js";
import { FeatureExtractor } from "./features.js";

export const MODEL_FORMAT = "springboard-safety/1";

/** DEFAULT_MODEL_PATH is the committed model. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL("../../model/safety-model.json", import.meta.url));

/** ModelFile is the model as committed: the used feature rows and their int8-quantised weights in base64. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  categories: Category[];
  dim: number;
  seed: number;
  /** threshold is the block score at or above which a question is blocked; chosen on the validation split. */
  threshold: number;
  bias: number[];
  /** scale turns a stored int8 weight back into a float: w = q * scale. */
  scale: number;
  /** rows are the indices of the feature rows with weights, as little-endian uint32 in base64. */
  rows: string;
  /** weights are rows × categories int8 in base64. */
  weights: string;
  weightsSha256: string;
  metrics: Record<string, unknown>;
}

/**
 * SafetyModel is softmax regression over hashed features, one class per category plus "none".
 * One instance serves every call; its buffers are reused.
 */
export class SafetyModel {
  private readonly features: FeatureExtractor;
  private readonly logits = new Float64Array(CATEGORIES.length);
  readonly probs = new Float64Array(CATEGORIES.length);

  constructor(
    readonly dim: number,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    public threshold = 0.5,
  ) {
    this.features = new FeatureExtractor(dim);
  }

  /** predict fills this.probs for normalised words and returns the block logit, log(P(block) / P(none)). */
  predict(words: string): number {
    const f = this.features;
    const n = f.extract(words);
    const L = CATEGORIES.length;
    const out = this.logits;
    for (let j = 0; j < L; j++) out[j] = this.bias[j]!;
    const w = this.weights;
    for (let i = 0; i < n; i++) {
      const base = f.index[i]! * L;
      const v = f.value[i]!;
      for (let j = 0; j < L; j++) out[j] += w[base + j]! * v;
    }
    softmax(out, this.probs);
    const none = Math.max(this.probs[0]!, 1e-9);
    const block = Math.max(1 - this.probs[0]!, 1e-9);
    return Math.log(block / none);
  }

  /** bestBlockCategory is the most probable block category of the last predict call. */
  bestBlockCategory(): Category {
    let best = 1;
    for (let j = 2; j < CATEGORIES.length; j++) if (this.probs[j]! > this.probs[best]!) best = j;
    return CATEGORIES[best]!;
  }

  toFile(seed: number, metrics: Record<string, unknown>): ModelFile {
    const L = CATEGORIES.length;
    let max = 0;
    for (const x of this.weights) max = Math.max(max, Math.abs(x));
    const scale = max > 0 ? max / 127 : 1;
    const used: number[] = [];
    for (let r = 0; r < this.dim; r++) {
      for (let j = 0; j < L; j++) {
        if (Math.round(this.weights[r * L + j]! / scale) !== 0) {
          used.push(r);
          break;
        }
      }
    }
    const packed = new Int8Array(used.length * L);
    used.forEach((r, i) => {
      for (let j = 0; j < L; j++) packed[i * L + j] = Math.round(this.weights[r * L + j]! / scale);
    });
    const weights = Buffer.from(packed.buffer).toString("base64");
    return {
      format: MODEL_FORMAT,
      categories: CATEGORIES,
      dim: this.dim,
      seed,
      threshold: this.threshold,
      bias: Array.from(this.bias, (b) => Math.round(b * 1e6) / 1e6),
      scale,
      rows: Buffer.from(Uint32Array.from(used).buffer).toString("base64"),
      weights,
      weightsSha256: createHash("sha256").update(weights).digest("hex"),
      metrics,
    };
  }

  static fromFile(file: ModelFile): SafetyModel {
    if (file.format !== MODEL_FORMAT) throw new Error(`model format "${String(file.format)}" is not ${MODEL_FORMAT}; retrain with "springboard screen train"`);
    if (file.categories.join() !== CATEGORIES.join()) throw new Error(`model categories ${file.categories.join(",")} differ from ${CATEGORIES.join(",")}; retrain the model`);
    const L = CATEGORIES.length;
    const rows = new Uint32Array(toArrayBuffer(Buffer.from(file.rows, "base64")));
    const packed = new Int8Array(toArrayBuffer(Buffer.from(file.weights, "base64")));
    if (packed.length !== rows.length * L) throw new Error("model weights do not match its rows; the file is damaged, retrain the model");
    const weights = new Float32Array(file.dim * L);
    for (let r = 0; r < rows.length; r++) for (let j = 0; j < L; j++) weights[rows[r]! * L + j] = packed[r * L + j]! * file.scale;
    return new SafetyModel(file.dim, weights, Float32Array.from(file.bias), file.threshold);
  }

  static load(path: string = DEFAULT_MODEL_PATH): SafetyModel {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new Error(`cannot read the safety model at ${path} (${e instanceof Error ? e.message : String(e)}); train one with "springboard screen train"`);
    }
    return SafetyModel.fromFile(JSON.parse(text) as ModelFile);
  }
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}

/** softmax writes softmax(logits) into out and returns the arg max. */
export function softmax(logits: ArrayLike<number>, out: Float64Array): number {
  let best = 0;
  for (let j = 1; j < out.length; j++) if (logits[j]! > logits[best]!) best = j;
  const max = logits[best]!;
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    const e = Math.exp(logits[j]! - max);
    out[j] = e;
    sum += e;
  }
  for (let j = 0; j < out.length; j++) out[j] = out[j]! / sum;
  return best;
}
