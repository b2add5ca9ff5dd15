import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FeatureExtractor, normalize } from "./features.js";
import { contextKind, LABELS, type ContextKind, type Label } from "./labels.js";

export const MODEL_FORMAT = "springboard-router/1";
const OOS = LABELS.indexOf("out_of_scope");

/** DEFAULT_MODEL_PATH is the committed model. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL("../../model/router-model.json", import.meta.url));

export interface FewShotExample {
  query: string;
  kind: ContextKind;
  title: string;
  label: Label;
}

/** ModelFile is the model as committed: JSON, with the weights of the used feature rows in base64. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  labels: Label[];
  dim: number;
  seed: number;
  /** temperature divides the logits; fitted on the validation split. */
  temperature: number;
  /** threshold is the confidence below which the LLM fallback is asked. */
  threshold: number;
  /** oosBar: out_of_scope wins whenever its probability reaches this bar; chosen on the validation split. */
  oosBar: number;
  /** llmAccuracy is the LLM fallback's accuracy the threshold was chosen with; it is also the confidence reported when the LLM answers. */
  llmAccuracy: number;
  weightsSha256: string;
  bias: number[];
  /** rows are the indices of the feature rows with weights, as little-endian uint32 in base64. */
  rows: string;
  /** weights are rows × labels little-endian float32 in base64. */
  weights: string;
  fewShot: FewShotExample[];
  metrics: Record<string, unknown>;
}

export interface Decision {
  label: Label;
  confidence: number;
  scores: Record<Label, number>;
}

/**
 * RouterModel is the in-house classifier: multinomial logistic regression over hashed features,
 * with temperature-scaled probabilities. One instance serves every call; its buffers are reused.
 */
export class RouterModel {
  readonly labels = LABELS;
  private readonly features: FeatureExtractor;
  private readonly logits = new Float64Array(LABELS.length);
  readonly probs = new Float64Array(LABELS.length);

  constructor(
    readonly dim: number,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    public temperature = 1,
    public threshold = 0.5,
    public llmAccuracy = 0.9,
    public fewShot: FewShotExample[] = [],
    public oosBar = 1,
  ) {
    this.features = new FeatureExtractor(dim);
  }

  /** probabilities fills this.probs for a question and returns the index of the best label. */
  probabilities(question: string, kind: ContextKind, temperature = this.temperature): number {
    const f = this.features;
    const n = f.extract(normalize(question), kind);
    const L = LABELS.length;
    const out = this.logits;
    for (let j = 0; j < L; j++) out[j] = this.bias[j]!;
    const w = this.weights;
    for (let i = 0; i < n; i++) {
      const base = f.index[i]! * L;
      const v = f.value[i]!;
      for (let j = 0; j < L; j++) out[j] += w[base + j]! * v;
    }
    const best = softmax(out, this.probs, temperature);
    return this.probs[OOS]! >= this.oosBar ? OOS : best;
  }

  /** rawLogits returns a copy of the untempered logits, for calibration. */
  rawLogits(question: string, kind: ContextKind): Float64Array {
    this.probabilities(question, kind, 1);
    return Float64Array.from(this.logits);
  }

  classify(question: string, kind: string): Decision {
    const best = this.probabilities(question, contextKind(kind));
    const p = this.probs;
    return {
      label: LABELS[best]!,
      confidence: p[best]!,
      scores: { job_fit: p[0]!, company_insights: p[1]!, post_takeaways: p[2]!, interview_prep: p[3]!, career_advice: p[4]!, out_of_scope: p[5]! },
    };
  }

  static fromFile(file: ModelFile): RouterModel {
    if (file.format !== MODEL_FORMAT) throw new Error(`model format "${String(file.format)}" is not ${MODEL_FORMAT}; retrain with "springboard router train"`);
    if (file.labels.join() !== LABELS.join()) throw new Error(`model labels ${file.labels.join(",")} differ from ${LABELS.join(",")}; retrain the model`);
    const L = LABELS.length;
    const rows = new Uint32Array(toArrayBuffer(Buffer.from(file.rows, "base64")));
    const packed = new Float32Array(toArrayBuffer(Buffer.from(file.weights, "base64")));
    if (packed.length !== rows.length * L) throw new Error("model weights do not match its rows; the file is damaged");
    const weights = new Float32Array(file.dim * L);
    for (let r = 0; r < rows.length; r++) weights.set(packed.subarray(r * L, r * L + L), rows[r]! * L);
    return new RouterModel(file.dim, weights, Float32Array.from(file.bias), file.temperature, file.threshold, file.llmAccuracy, file.fewShot, file.oosBar);
  }

  static load(path: string = DEFAULT_MODEL_PATH): RouterModel {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new Error(`cannot read the router model at ${path} (${e instanceof Error ? e.message : String(e)}); train one with "springboard router train"`);
    }
    return RouterModel.fromFile(JSON.parse(text) as ModelFile);
  }
}

/** packWeights keeps the rows that have any weight, for the model file. */
export function packWeights(weights: Float32Array, dim: number): { rows: string; weights: string } {
  const L = LABELS.length;
  const used: number[] = [];
  for (let r = 0; r < dim; r++) {
    for (let j = 0; j < L; j++) {
      if (weights[r * L + j] !== 0) {
        used.push(r);
        break;
      }
    }
  }
  const packed = new Float32Array(used.length * L);
  used.forEach((r, i) => packed.set(weights.subarray(r * L, r * L + L), i * L));
  return {
    rows: Buffer.from(Uint32Array.from(used).buffer).toString("base64"),
    weights: Buffer.from(packed.buffer).toString("base64"),
  };
}

function toArrayBuffer(b: Buffer): ArrayBuffer {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}

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
