import { readFileSync } from "node:fs";
import type { FeatureContext, HashedFeatures } from "./features.js";

/** softmax writes softmax(logits / temperature) into out and returns the arg max. */
export function softmax(logits: ArrayLike<number>, out: Float64Array, temperature = 1): number {
  let best = 0;
  for (let j = 1; j < out.length; j++) if (logits[j]! > logits[best]!) best = j;
  const max = logits[best]!;
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    const e = Math.exp((logits[j]! - max) / temperature);
    out[j] = e;
    sum += e;
  }
  for (let j = 0; j < out.length; j++) out[j] = out[j]! / sum;
  return best;
}

/**
 * SoftmaxModel is multinomial logistic regression over hashed features: weights has one row of
 * class weights per feature row. One instance serves every call; its buffers are reused, and
 * logits and probs hold the last text's scores.
 */
export class SoftmaxModel {
  readonly classes: number;
  readonly logits: Float64Array;
  readonly probs: Float64Array;

  constructor(
    readonly features: HashedFeatures,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    /** temperature divides the logits before the softmax. */
    public temperature = 1,
  ) {
    this.classes = bias.length;
    if (weights.length !== features.dim * this.classes) throw new Error(`${weights.length} weights do not make ${features.dim} rows of ${this.classes} classes`);
    this.logits = new Float64Array(this.classes);
    this.probs = new Float64Array(this.classes);
  }

  get dim(): number {
    return this.features.dim;
  }

  /** score fills logits and probs for a text and returns the index of the most probable class. */
  score(text: string, context?: FeatureContext, temperature = this.temperature): number {
    const f = this.features;
    const n = f.extract(text, context);
    const L = this.classes;
    const out = this.logits;
    for (let j = 0; j < L; j++) out[j] = this.bias[j]!;
    const w = this.weights;
    for (let i = 0; i < n; i++) {
      const base = f.index[i]! * L;
      const v = f.value[i]!;
      for (let j = 0; j < L; j++) out[j] += w[base + j]! * v;
    }
    return softmax(out, this.probs, temperature);
  }
}

/** PackedWeights are the feature rows with weights, as little-endian uint32 in base64, and their weights, rows × classes in base64. */
export interface PackedWeights {
  rows: string;
  weights: string;
}

/** QuantisedWeights store int8 weights; a weight is q × scale. */
export interface QuantisedWeights extends PackedWeights {
  scale: number;
}

/** packFloat32 keeps the rows that have any weight, as float32. */
export function packFloat32(weights: Float32Array, classes: number): PackedWeights {
  const used = usedRows(weights, classes, (w) => w !== 0);
  const packed = new Float32Array(used.length * classes);
  used.forEach((r, i) => packed.set(weights.subarray(r * classes, r * classes + classes), i * classes));
  return { rows: encodeRows(used), weights: Buffer.from(packed.buffer).toString("base64") };
}

/** packInt8 quantises the weights to int8 with one scale, max |w| / 127, and keeps the rows that keep any weight. */
export function packInt8(weights: Float32Array, classes: number): QuantisedWeights {
  let max = 0;
  for (const x of weights) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? max / 127 : 1;
  const used = usedRows(weights, classes, (w) => Math.round(w / scale) !== 0);
  const packed = new Int8Array(used.length * classes);
  used.forEach((r, i) => {
    for (let j = 0; j < classes; j++) packed[i * classes + j] = Math.round(weights[r * classes + j]! / scale);
  });
  return { scale, rows: encodeRows(used), weights: Buffer.from(packed.buffer).toString("base64") };
}

/** unpackFloat32 rebuilds the dim × classes weights that packFloat32 stored. */
export function unpackFloat32(file: PackedWeights & { dim: number }, classes: number): Float32Array {
  const { rows, packed } = decodePacked(file, classes, (b) => new Float32Array(b));
  const weights = new Float32Array(file.dim * classes);
  for (let r = 0; r < rows.length; r++) weights.set(packed.subarray(r * classes, r * classes + classes), rows[r]! * classes);
  return weights;
}

/** unpackInt8 rebuilds the dim × classes weights that packInt8 stored. */
export function unpackInt8(file: QuantisedWeights & { dim: number }, classes: number): Float32Array {
  const { rows, packed } = decodePacked(file, classes, (b) => new Int8Array(b));
  const weights = new Float32Array(file.dim * classes);
  for (let r = 0; r < rows.length; r++) for (let j = 0; j < classes; j++) weights[rows[r]! * classes + j] = packed[r * classes + j]! * file.scale;
  return weights;
}

function usedRows(weights: Float32Array, classes: number, kept: (w: number) => boolean): number[] {
  const used: number[] = [];
  const dim = weights.length / classes;
  for (let r = 0; r < dim; r++) {
    for (let j = 0; j < classes; j++) {
      if (kept(weights[r * classes + j]!)) {
        used.push(r);
        break;
      }
    }
  }
  return used;
}

function encodeRows(rows: number[]): string {
  return Buffer.from(Uint32Array.from(rows).buffer).toString("base64");
}

function decodePacked<T extends Float32Array | Int8Array>(file: PackedWeights, classes: number, view: (b: ArrayBuffer) => T): { rows: Uint32Array; packed: T } {
  const rows = new Uint32Array(toArrayBuffer(Buffer.from(file.rows, "base64")));
  const packed = view(toArrayBuffer(Buffer.from(file.weights, "base64")));
  if (packed.length !== rows.length * classes) throw new Error("model weights do not match its rows; the file is damaged, retrain the model");
  return { rows, packed };
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}

/** ModelKind names a model file's kind, for checking a file and for its error messages. */
export interface ModelKind {
  /** name is what the model is called in messages, such as "router model". */
  name: string;
  format: string;
  /** classesField is the file's field that lists the classes, such as "labels". */
  classesField: string;
  classes: readonly string[];
  /** trainCommand is the command that trains a new model file. */
  trainCommand: string;
}

/** readModelJson reads a model file as JSON, with an error that says how to get one. */
export function readModelJson(path: string, kind: ModelKind): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`cannot read the ${kind.name} at ${path} (${e instanceof Error ? e.message : String(e)}); train one with "${kind.trainCommand}"`);
  }
  return JSON.parse(text);
}

/** checkModelFile throws when a parsed model file is not of this kind or was trained for other classes. */
export function checkModelFile(parsed: object, kind: ModelKind): void {
  const file = parsed as Record<string, unknown>;
  if (file.format !== kind.format) throw new Error(`model format "${String(file.format)}" is not ${kind.format}; retrain with "${kind.trainCommand}"`);
  const classes = file[kind.classesField];
  const found = Array.isArray(classes) ? classes.join(",") : String(classes);
  if (found !== kind.classes.join(",")) throw new Error(`model ${kind.classesField} ${found} differ from ${kind.classes.join(",")}; retrain the model`);
}
