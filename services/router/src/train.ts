import { createHash } from "node:crypto";
import { fitSoftmaxRegression, fitTemperature, packFloat32, prng, shuffle, softmax, type TrainingParameters, type TrainRun } from "@springboard/textclf";
import { readSplit, type Example } from "./dataset.js";
import { normalize, questionContext, routerFeatures } from "./features.js";
import { LABELS, type Label } from "./labels.js";
import { evaluate, type EvalReport, type Scored } from "./metrics.js";
import { MODEL_FORMAT, RouterModel, type FewShotExample, type ModelFile } from "./model.js";

export interface TrainOptions extends Partial<TrainingParameters> {
  dataDir?: string;
  /** llmAccuracy is the LLM fallback's measured accuracy on questions like those it gets. */
  llmAccuracy?: number;
  /** maxFallbackShare caps the share of questions sent to the LLM. */
  maxFallbackShare?: number;
  /** oosRecall is the out-of-scope recall the decision bar aims for on the validation split; 0 turns the bar off. */
  oosRecall?: number;
}

export const TRAIN_DEFAULTS = {
  seed: 20261125,
  dim: 1 << 17,
  epochs: 30,
  learningRate: 0.005,
  l2: 3e-4,
  llmAccuracy: 0.85,
  maxFallbackShare: 0.15,
  // The product target; the bar this picks on the validation split stays within half a point of accuracy there.
  oosRecall: 0.98,
};

/** TrainResult's validation is the model's own answer on the validation split, after calibration. */
export interface TrainResult extends TrainRun<ModelFile, RouterModel, EvalReport> {
  fallbackShare: number;
}

/**
 * train fits the router model from the development set: softmax regression with L2, optimised by
 * Adam over shuffled single examples with a fixed seed, so the same data and seed give the same
 * weights. The temperature is then fitted on the validation split, and the LLM fallback threshold
 * chosen there (see chooseThreshold).
 */
export function train(options: TrainOptions = {}): TrainResult {
  const o = { ...TRAIN_DEFAULTS, ...options };
  const started = performance.now();
  const trainSet = readSplit("train", options.dataDir);
  const { weights: w, bias } = fitSoftmaxRegression(
    trainSet,
    routerFeatures(o.dim),
    (e) => ({ text: normalize(e.query), context: questionContext(e.context.kind, e.query), label: LABELS.indexOf(e.label) }),
    { ...o, classes: LABELS.length },
  );

  const model = new RouterModel(o.dim, w, Float32Array.from(bias));
  const validationSet = readSplit("validation", options.dataDir);
  const valLogits = validationSet.map((e) => model.rawLogits(e.query, e.context.kind));
  const valLabels = validationSet.map((e) => LABELS.indexOf(e.label));
  const uncalibrated = scoreAll(valLogits, valLabels, 1);
  model.temperature = fitTemperature(valLogits, valLabels);
  model.oosBar = chooseOosBar(valLogits, valLabels, model.temperature, o.oosRecall);
  const scored = scoreAll(valLogits, valLabels, model.temperature, model.oosBar);
  const validation = evaluate(scored);
  const { threshold, fallbackShare, expectedAccuracy } = chooseThreshold(scored, o.llmAccuracy, o.maxFallbackShare);
  model.threshold = threshold;
  model.llmAccuracy = o.llmAccuracy;
  model.fewShot = chooseFewShot(trainSet, o.seed);
  const trainMs = performance.now() - started;

  const packed = packFloat32(w, LABELS.length);
  const file: ModelFile = {
    format: MODEL_FORMAT,
    labels: [...LABELS],
    dim: o.dim,
    seed: o.seed,
    temperature: round(model.temperature, 4),
    threshold,
    oosBar: model.oosBar,
    llmAccuracy: o.llmAccuracy,
    weightsSha256: weightsHash(w, bias),
    bias: Array.from(model.bias),
    ...packed,
    fewShot: model.fewShot,
    metrics: {
      train: trainSet.length,
      validation: validationSet.length,
      options: { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, maxFallbackShare: o.maxFallbackShare },
      validationAccuracy: round(validation.accuracy, 4),
      validationMacroF1: round(validation.macroF1, 4),
      validationOosRecall: round(validation.oosRecall, 4),
      validationEceBeforeTemperature: round(evaluate(uncalibrated).ece, 4),
      validationEce: round(validation.ece, 4),
      fallbackShare: round(fallbackShare, 4),
      expectedAccuracyWithFallback: round(expectedAccuracy, 4),
    },
  };
  // The file stores float32 temperature rounded; serve exactly what is stored.
  model.temperature = file.temperature;
  return { file, model, trainMs, validation, fallbackShare };
}

const OOS = LABELS.indexOf("out_of_scope");

function scoreAll(logits: Float64Array[], labels: number[], temperature: number, oosBar = 1): Scored[] {
  const p = new Float64Array(LABELS.length);
  return logits.map((z, i) => {
    let best = softmax(z, p, temperature);
    if (p[OOS]! >= oosBar) best = OOS;
    return { label: LABELS[labels[i]!]!, predicted: LABELS[best]!, confidence: p[best]! };
  });
}

/**
 * chooseOosBar is the highest bar on the out_of_scope probability that reaches the wanted
 * out-of-scope recall on the validation split without costing more than half a point of accuracy:
 * answering what should be declined is worse than declining what could be answered.
 */
function chooseOosBar(logits: Float64Array[], labels: number[], temperature: number, wanted: number): number {
  if (wanted <= 0) return 1;
  const base = evaluate(scoreAll(logits, labels, temperature)).accuracy;
  let chosen = 1;
  for (let bar = 0.5; bar >= 0.05; bar -= 0.01) {
    const r = evaluate(scoreAll(logits, labels, temperature, bar));
    if (r.accuracy < base - 0.005) break;
    chosen = Math.round(bar * 100) / 100;
    if (r.oosRecall >= wanted) break;
  }
  return chosen;
}

/**
 * chooseThreshold picks the confidence threshold below which the LLM answers, maximising the
 * expected validation accuracy when the LLM is right with probability llmAccuracy, with at most
 * maxShare of the questions sent to it. Ties go to the lower threshold: fewer LLM calls.
 */
export function chooseThreshold(scored: Scored[], llmAccuracy: number, maxShare: number) {
  let best = { threshold: 0, fallbackShare: 0, expectedAccuracy: -1 };
  for (let step = 0; step <= 99; step++) {
    const threshold = step / 100;
    let hits = 0;
    let below = 0;
    for (const s of scored) {
      if (s.confidence < threshold) below++;
      else if (s.label === s.predicted) hits++;
    }
    const share = below / scored.length;
    if (share > maxShare) break;
    const expectedAccuracy = (hits + below * llmAccuracy) / scored.length;
    if (expectedAccuracy > best.expectedAccuracy + 1e-9) best = { threshold, fallbackShare: share, expectedAccuracy };
  }
  return best;
}

/** chooseFewShot takes two training questions per label, seeded, preferring ones asked next to content. */
function chooseFewShot(trainSet: Example[], seed: number): FewShotExample[] {
  const rand = prng(seed ^ 0x5eed);
  const out: FewShotExample[] = [];
  for (const label of LABELS) {
    const pool = trainSet.filter((e) => e.label === label && e.query.length < 140 && /^[\x20-\x7e]+$/.test(e.query));
    shuffle(pool, rand);
    const chosen = pool.slice(0, 2);
    for (const e of chosen) out.push({ query: e.query, kind: e.context.kind, title: e.context.title, label: e.label as Label });
  }
  return shuffle(out, rand);
}

export function weightsHash(w: Float32Array, bias: ArrayLike<number>): string {
  const h = createHash("sha256");
  h.update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
  h.update(new Uint8Array(Float64Array.from(bias).buffer));
  return h.digest("hex");
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
