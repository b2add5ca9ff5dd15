import { fitSoftmaxRegression, type TrainingParameters, type TrainRun } from "@springboard/textclf";
import { CATEGORIES } from "./categories.js";
import { readSplit, type Example } from "./dataset.js";
import { evaluate, type EvalReport } from "./evaluate.js";
import { SafetyModel, safetyFeatures, type ModelFile } from "./model.js";
import { normalise } from "./normalize.js";
import { screen } from "./screen.js";

export interface TrainOptions extends Partial<TrainingParameters> {
  dataDir?: string;
  /** fpCost is how many missed attacks one blocked benign question is worth when the threshold is chosen. */
  fpCost?: number;
}

// learningRate 0.01 (was 0.03): lower validation cost on two different splits of the development set; the model is less over-confident.
export const TRAIN_DEFAULTS = { seed: 20261125, dim: 1 << 14, epochs: 10, learningRate: 0.01, l2: 1e-5, fpCost: 3 };

export type TrainResult = TrainRun<ModelFile, SafetyModel, EvalReport>;

/**
 * train fits the model on the train split (softmax regression with L2, Adam over shuffled single
 * examples with a fixed seed: the same data and seed give the same weights), then chooses the block
 * threshold on the validation split, scoring questions exactly as screen() does.
 */
export function train(options: TrainOptions = {}): TrainResult {
  const o = { ...TRAIN_DEFAULTS, ...options };
  const started = performance.now();
  const trainSet = readSplit("train", options.dataDir);
  const input = (e: Example) => ({ text: normalise(e.query, false).words, label: CATEGORIES.indexOf(e.category) });
  const { weights: w, bias } = fitSoftmaxRegression(trainSet, safetyFeatures(o.dim), input, { ...o, classes: CATEGORIES.length });
  // Round-trip through the committed format, so the threshold is chosen for the weights that ship.
  const fitted = new SafetyModel(o.dim, w, Float32Array.from(bias), 0.5);
  let model = SafetyModel.fromFile(fitted.toFile(o.seed, {}));
  const validationSet = readSplit("validation", options.dataDir);
  model.threshold = chooseThreshold(model, validationSet, o.fpCost);
  const trainMs = performance.now() - started;
  const validation = evaluate(validationSet, (q) => screen(q, { model }));
  const file = model.toFile(o.seed, {
    trainExamples: trainSet.length,
    validationExamples: validationSet.length,
    validationBlockRate: round4(validation.blockRate),
    validationFalsePositiveRate: round4(validation.falsePositiveRate),
    validationCategoryAccuracy: round4(validation.categoryAccuracy),
  });
  model = SafetyModel.fromFile(file);
  return { file, model, trainMs, validation };
}

/**
 * chooseThreshold picks the block threshold that minimises missed attacks + fpCost × blocked
 * benign questions on the validation split, in the middle of the best interval of scores.
 */
export function chooseThreshold(model: SafetyModel, examples: Example[], fpCost: number): number {
  const scored = examples.map((e) => ({ s: screen(e.query, { model, threshold: 0 }).score, block: e.label === "block" })).sort((a, b) => a.s - b.s);
  let bestCost = Infinity;
  let best = 0.5;
  // Cutting below index i blocks every question from i on.
  let missed = 0;
  let fps = scored.filter((x) => !x.block).length;
  for (let i = 0; i <= scored.length; i++) {
    const lo = i === 0 ? 0 : scored[i - 1]!.s;
    const hi = i === scored.length ? 1 : scored[i]!.s;
    const cost = missed + fpCost * fps;
    if (hi > lo && cost < bestCost) {
      bestCost = cost;
      best = (lo + hi) / 2;
    }
    if (i < scored.length) {
      if (scored[i]!.block) missed++;
      else fps--;
    }
  }
  return Math.min(0.95, Math.max(0.05, best));
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
