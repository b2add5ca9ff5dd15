import type { FeatureContext, HashedFeatures, SparseVector } from "./features.js";
import { softmax } from "./model.js";
import { prng, shuffle } from "./random.js";

/** TrainingExample is a text's features and the index of its class. */
export interface TrainingExample extends SparseVector {
  label: number;
}

/** LabelledText is a text to learn from, what it was asked about, and the index of its class. */
export interface LabelledText {
  text: string;
  context?: FeatureContext;
  label: number;
}

/** TrainingParameters are the settings of a training run that the weights depend on. */
export interface TrainingParameters {
  seed: number;
  /** dim is the number of hashed feature rows, a power of two. */
  dim: number;
  epochs: number;
  /** learningRate is the first epoch's; it falls linearly to a tenth of it over the epochs. */
  learningRate: number;
  l2: number;
}

export interface SoftmaxTrainOptions extends TrainingParameters {
  classes: number;
}

/** TrainRun is what training gives: the model file to write, the model it loads as, the time it took, and the validation report. */
export interface TrainRun<File, Model, Report> {
  file: File;
  model: Model;
  trainMs: number;
  validation: Report;
}

export interface SoftmaxWeights {
  /** weights are dim × classes, row-major. */
  weights: Float32Array;
  bias: Float64Array;
}

const B1 = 0.9;
const B2 = 0.999;
const EPS = 1e-8;

/**
 * trainSoftmaxRegression fits softmax regression with L2 on the weights, optimised by Adam over
 * single examples shuffled each epoch with a seeded generator: the same examples, options and
 * seed give the same weights, bit for bit.
 */
export function trainSoftmaxRegression(data: readonly TrainingExample[], o: SoftmaxTrainOptions): SoftmaxWeights {
  const L = o.classes;
  const w = new Float32Array(o.dim * L);
  const m = new Float32Array(o.dim * L);
  const v = new Float32Array(o.dim * L);
  const bias = new Float64Array(L);
  const bm = new Float64Array(L);
  const bv = new Float64Array(L);
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
      const c1 = 1 - Math.pow(B1, t);
      const c2 = 1 - Math.pow(B2, t);
      for (let j = 0; j < L; j++) {
        bm[j] = B1 * bm[j]! + (1 - B1) * grad[j]!;
        bv[j] = B2 * bv[j]! + (1 - B2) * grad[j]! * grad[j]!;
        bias[j] = bias[j]! - (lr * (bm[j]! / c1)) / (Math.sqrt(bv[j]! / c2) + EPS);
      }
      for (let i = 0; i < x.index.length; i++) {
        const base = x.index[i]! * L;
        const val = x.value[i]!;
        for (let j = 0; j < L; j++) {
          const q = base + j;
          const g = grad[j]! * val + o.l2 * w[q]!;
          m[q] = B1 * m[q]! + (1 - B1) * g;
          v[q] = B2 * v[q]! + (1 - B2) * g * g;
          w[q] = w[q]! - (lr * (m[q]! / c1)) / (Math.sqrt(v[q]! / c2) + EPS);
        }
      }
    }
  }
  return { weights: w, bias };
}

/** fitSoftmaxRegression extracts each example's features and trains on them; see trainSoftmaxRegression. */
export function fitSoftmaxRegression<E>(examples: readonly E[], features: HashedFeatures, input: (example: E) => LabelledText, o: Omit<SoftmaxTrainOptions, "dim">): SoftmaxWeights {
  const data = examples.map((e) => {
    const { text, context, label } = input(e);
    return { ...features.vector(text, context), label };
  });
  return trainSoftmaxRegression(data, { dim: features.dim, classes: o.classes, seed: o.seed, epochs: o.epochs, learningRate: o.learningRate, l2: o.l2 });
}
