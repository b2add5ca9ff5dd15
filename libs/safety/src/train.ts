import { CATEGORIES } from "./categories.js";
import { DATA_DIR, prng, readSplit, shuffle, type Example } from "./dataset.js";
import { evaluate, type EvalReport } from "./evaluate.js";
import { FeatureExtractor } from "./features.js";
import { SafetyModel, softmax, type ModelFile } from "./model.js";
import { normalise } from "./normalize.js";
import { screen } from "./screen.js";

export interface TrainOptions {
  dataDir?: string;
  seed?: number;
  /** dim is the number of hashed feature rows, a power of two. */
  dim?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** fpCost is how many missed attacks one blocked benign question is worth when the threshold is chosen. */
  fpCost?: number;
}

export const TRAIN_DEFAULTS = { seed: 20261125, dim: 1 << 14, epochs: 10, learningRate: 0.03, l2: 1e-5, fpCost: 3 };

export interface TrainResult {
  file: ModelFile;
  model: SafetyModel;
  trainMs: number;
  validation: EvalReport;
}

/**
 * train fits the model on the train split (softmax regression with L2, Adam over shuffled single
 * examples with a fixed seed: the same data and seed give the same weights), then chooses the block
 * threshold on the validation split, scoring questions exactly as screen() does.
 */
export function train(options: TrainOptions = {}): TrainResult {
  const o = { ...TRAIN_DEFAULTS, ...options };
  const dir = options.dataDir ?? DATA_DIR;
  const started = performance.now();
  const trainSet = readSplit("train", dir);
  const validationSet = readSplit("validation", dir);
  const L = CATEGORIES.length;
  const fx = new FeatureExtractor(o.dim);
  const data = trainSet.map((e) => {
    const n = fx.extract(normalise(e.query, false).words);
    return { index: fx.index.slice(0, n), value: fx.value.slice(0, n), label: CATEGORIES.indexOf(e.category) };
  });

  const w = new Float32Array(o.dim * L);
  const m = new Float32Array(o.dim * L);
  const v = new Float32Array(o.dim * L);
  const bias = new Float64Array(L);
  const bm = new Float64Array(L);
  const bv = new Float64Array(L);
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-8;
  const logits = new Float64Array(L);
  const p = new Float64Array(L);
  const grad = new Float64Array(L);
  const rand = prng(o.seed);
  const order = data.map((_, i) => i);
  let t = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, rand);
    const lr = o.learningRate * (1 - (0.9 * epoch) / o.epochs);
    for (const k of order) {
      const x = data[k]!;
      for (let j = 0; j < L; j++) logits[j] = bias[j]!;
      for (let i = 0; i < x.index.length; i++) {
        const base = x.index[i]! * L;
        const val = x.value[i]!;
        for (let j = 0; j < L; j++) logits[j] += w[base + j]! * val;
      }
      softmax(logits, p);
      for (let j = 0; j < L; j++) grad[j] = p[j]! - (j === x.label ? 1 : 0);
      t++;
      const c1 = 1 - Math.pow(b1, t);
      const c2 = 1 - Math.pow(b2, t);
      for (let j = 0; j < L; j++) {
        bm[j] = b1 * bm[j]! + (1 - b1) * grad[j]!;
        bv[j] = b2 * bv[j]! + (1 - b2) * grad[j]! * grad[j]!;
        bias[j] = bias[j]! - (lr * (bm[j]! / c1)) / (Math.sqrt(bv[j]! / c2) + eps);
      }
      for (let i = 0; i < x.index.length; i++) {
        const base = x.index[i]! * L;
        const val = x.value[i]!;
        for (let j = 0; j < L; j++) {
          const q = base + j;
          const g = grad[j]! * val + o.l2 * w[q]!;
          m[q] = b1 * m[q]! + (1 - b1) * g;
          v[q] = b2 * v[q]! + (1 - b2) * g * g;
          w[q] = w[q]! - (lr * (m[q]! / c1)) / (Math.sqrt(v[q]! / c2) + eps);
        }
      }
    }
  }
  // Round-trip through the committed format, so the threshold is chosen for the weights that ship.
  const fitted = new SafetyModel(o.dim, w, Float32Array.from(bias), 0.5);
  let model = SafetyModel.fromFile(fitted.toFile(o.seed, {}));
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
