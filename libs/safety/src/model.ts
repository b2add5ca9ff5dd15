import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { checkModelFile, HashedFeatures, packInt8, readModelJson, SoftmaxModel, unpackInt8, type ModelKind } from "@springboard/textclf";
import { CATEGORIES, type Category } from "./categories.js";

export const MODEL_FORMAT = "springboard-safety/1";
const MODEL_KIND: ModelKind = { name: "safety model", format: MODEL_FORMAT, classesField: "categories", classes: CATEGORIES, trainCommand: "springboard screen train" };

/** DEFAULT_MODEL_PATH is the committed model. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL("../../model/safety-model.json", import.meta.url));

/** safetyFeatures are the model's features: word unigrams and bigrams and character 3- to 5-grams of the first 1000 characters of normalised words. */
export function safetyFeatures(dim: number): HashedFeatures {
  return new HashedFeatures({ dim, maxChars: 1000, maxWords: 512 });
}

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
export class SafetyModel extends SoftmaxModel {
  constructor(
    dim: number,
    weights: Float32Array,
    bias: Float32Array,
    public threshold = 0.5,
  ) {
    super(safetyFeatures(dim), weights, bias);
  }

  /** predict fills this.probs for normalised words and returns the block logit, log(P(block) / P(none)). */
  predict(words: string): number {
    this.score(words);
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
    const packed = packInt8(this.weights, CATEGORIES.length);
    return {
      format: MODEL_FORMAT,
      categories: CATEGORIES,
      dim: this.dim,
      seed,
      threshold: this.threshold,
      bias: Array.from(this.bias, (b) => Math.round(b * 1e6) / 1e6),
      ...packed,
      weightsSha256: createHash("sha256").update(packed.weights).digest("hex"),
      metrics,
    };
  }

  static fromFile(file: ModelFile): SafetyModel {
    checkModelFile(file, MODEL_KIND);
    return new SafetyModel(file.dim, unpackInt8(file, CATEGORIES.length), Float32Array.from(file.bias), file.threshold);
  }

  static load(path: string = DEFAULT_MODEL_PATH): SafetyModel {
    return SafetyModel.fromFile(readModelJson(path, MODEL_KIND) as ModelFile);
  }
}
