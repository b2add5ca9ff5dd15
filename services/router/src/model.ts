import { fileURLToPath } from "node:url";
import { checkModelFile, readModelJson, SoftmaxModel, unpackFloat32, type ModelKind } from "@springboard/textclf";
import { normalize, questionContext, routerFeatures } from "./features.js";
import { contextKind, LABELS, type ContextKind, type Label } from "./labels.js";

export const MODEL_FORMAT = "springboard-router/2";
const MODEL_KIND: ModelKind = { name: "router model", format: MODEL_FORMAT, classesField: "labels", classes: LABELS, trainCommand: "springboard router train" };
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
export class RouterModel extends SoftmaxModel {
  readonly labels = LABELS;

  constructor(
    dim: number,
    weights: Float32Array,
    bias: Float32Array,
    temperature = 1,
    public threshold = 0.5,
    public llmAccuracy = 0.9,
    public fewShot: FewShotExample[] = [],
    public oosBar = 1,
  ) {
    super(routerFeatures(dim), weights, bias, temperature);
  }

  /** probabilities fills this.probs for a question and returns the index of the best label. */
  probabilities(question: string, kind: ContextKind, temperature = this.temperature): number {
    const best = this.score(normalize(question), questionContext(kind, question), temperature);
    return this.probs[OOS]! >= this.oosBar ? OOS : best;
  }

  /** rawLogits returns a copy of the untempered logits, for calibration. */
  rawLogits(question: string, kind: ContextKind): Float64Array {
    this.probabilities(question, kind, 1);
    return Float64Array.from(this.logits);
  }

  /** classify decides a question asked next to content of this kind; unknown kinds are "none". */
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
    checkModelFile(file, MODEL_KIND);
    const weights = unpackFloat32(file, LABELS.length);
    return new RouterModel(file.dim, weights, Float32Array.from(file.bias), file.temperature, file.threshold, file.llmAccuracy, file.fewShot, file.oosBar);
  }

  static load(path: string = DEFAULT_MODEL_PATH): RouterModel {
    return RouterModel.fromFile(readModelJson(path, MODEL_KIND) as ModelFile);
  }
}
