import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  expectedCalibrationError,
  fitSoftmaxRegression,
  fitTemperature,
  HashedFeatures,
  macroF1,
  negativeLogLikelihood,
  packFloat32,
  packInt8,
  parseCommandArgs,
  perLabelMetrics,
  prng,
  readJsonl,
  SoftmaxModel,
  stratifiedSplit,
  unpackFloat32,
  unpackInt8,
  type CommandIO,
  type Scored,
} from "../src/index.js";

const DIM = 1 << 12;
const OPTIONS = { seed: 7, epochs: 8, learningRate: 0.05, l2: 1e-5, classes: 3 };

/** A tiny problem: each class has its own words, and the filler words are shared. */
const CLASS_WORDS = [
  ["salary", "raise", "pay", "bonus"],
  ["interview", "questions", "prepare", "mock"],
  ["poem", "recipe", "weather", "joke"],
];
const FILLER = ["please", "help", "me", "with", "my", "the", "a", "about"];

function dataset(n: number, seed: number): { text: string; label: number }[] {
  const rand = prng(seed);
  const pick = (xs: string[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const label = i % 3;
    const words = [pick(FILLER), pick(CLASS_WORDS[label]!), pick(FILLER), pick(CLASS_WORDS[label]!), pick(FILLER)];
    return { text: words.join(" "), label };
  });
}

function fit(data: { text: string; label: number }[], seed = OPTIONS.seed) {
  return fitSoftmaxRegression(data, new HashedFeatures({ dim: DIM }), (e) => e, { ...OPTIONS, seed });
}

describe("textclf features", () => {
  it("scales each n-gram group by 1/sqrt(its size) and appends context features", () => {
    const fx = new HashedFeatures({ dim: DIM });
    const n = fx.extract("ab cd ef");
    // 3 words, 2 bigrams, and 8 + 7 + 6 character 3- to 5-grams of " ab cd ef ".
    assert.equal(n, 3 + 2 + 21);
    assert.ok(Math.abs(fx.value[0]! - 1 / Math.sqrt(3)) < 1e-7);
    assert.ok(Math.abs(fx.value[3]! - 1 / Math.sqrt(2)) < 1e-7);
    assert.ok(Math.abs(fx.value[5]! - 1 / Math.sqrt(21)) < 1e-7);
    for (let i = 0; i < n; i++) assert.ok(fx.index[i]! >= 0 && fx.index[i]! < DIM);

    const withContext = fx.extract("ab cd ef", { wordSeed: 0x1234, tags: [0x55, 0x66] });
    assert.equal(withContext, n + 3 + 2);
    assert.equal(fx.value[withContext - 1], 1);
  });

  it("follows the configured n-gram ranges and character limit", () => {
    const words = new HashedFeatures({ dim: DIM, wordNgrams: [1, 3], charNgrams: [4, 4] });
    assert.equal(words.extract("ab cd ef"), 3 + 2 + 1 + 7);
    const cut = new HashedFeatures({ dim: DIM, maxChars: 5 });
    assert.deepEqual(cut.vector("ab cd ef"), cut.vector("ab cd"));
  });

  it("stays within its capacity on any text", () => {
    const fx = new HashedFeatures({ dim: DIM, capacity: 512, maxWords: 64 });
    const n = fx.extract("word ".repeat(5000).trim(), { tags: [1, 2, 3] });
    assert.ok(n <= 512);
    assert.equal(fx.value[n - 1], 1);
  });

  it("refuses a dimension that is not a power of two", () => {
    assert.throws(() => new HashedFeatures({ dim: 1000 }), /power of two/);
  });
});

describe("textclf training", () => {
  const train = dataset(300, 1);
  const test = dataset(90, 2);

  it("is deterministic for a seed, and another seed gives other weights", () => {
    const a = fit(train);
    const b = fit(train);
    assert.deepEqual(a.weights, b.weights);
    assert.deepEqual(a.bias, b.bias);
    const c = fit(train, 8);
    assert.notDeepEqual(c.weights, a.weights);
  });

  it("learns a separable problem to 100% on held-out texts", () => {
    const { weights, bias } = fit(train);
    const model = new SoftmaxModel(new HashedFeatures({ dim: DIM }), weights, Float32Array.from(bias));
    const right = test.filter((e) => model.score(e.text) === e.label).length;
    assert.equal(right, test.length);
    assert.ok(Math.abs(model.probs.reduce((s, p) => s + p, 0) - 1) < 1e-9);
  });

  it("fits a temperature that lowers the negative log-likelihood", () => {
    // Over-confident logits: right four times in five, always with a margin of 6.
    const logits: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 50; i++) {
      logits.push(Float64Array.from([6, 0, 0]));
      labels.push(i % 5 === 0 ? 1 : 0);
    }
    const t = fitTemperature(logits, labels);
    assert.ok(t > 1, `temperature ${t}`);
    assert.ok(negativeLogLikelihood(logits, labels, t) < negativeLogLikelihood(logits, labels, 1));
  });
});

describe("textclf model files", () => {
  const weights = Float32Array.from({ length: 16 * 3 }, (_, i) => (i % 7 === 0 ? (i - 20) / 10 : 0));

  it("packs float32 weights exactly, keeping only the used rows", () => {
    const packed = packFloat32(weights, 3);
    assert.equal(Buffer.from(packed.rows, "base64").length / 4, 7);
    assert.deepEqual(unpackFloat32({ dim: 16, ...packed }, 3), weights);
  });

  it("quantises to int8 within half a step", () => {
    const packed = packInt8(weights, 3);
    const back = unpackInt8({ dim: 16, ...packed }, 3);
    for (let i = 0; i < weights.length; i++) assert.ok(Math.abs(back[i]! - weights[i]!) <= packed.scale / 2 + 1e-7);
  });

  it("says a file is damaged when rows and weights disagree", () => {
    const packed = packFloat32(weights, 3);
    assert.throws(() => unpackFloat32({ dim: 16, rows: packed.rows, weights: "" }, 3), /damaged/);
  });
});

describe("textclf metrics", () => {
  // Labels a, b, c; confusion rows are true labels:
  //   a: 3 right, 1 as b      b: 2 right, 2 as c      c: 1 as a, 1 right
  const L = ["a", "b", "c"] as const;
  const item = (label: (typeof L)[number], predicted: (typeof L)[number], confidence = 0.5): Scored<(typeof L)[number]> => ({ label, predicted, confidence });
  const items = [item("a", "a"), item("a", "a"), item("a", "a"), item("a", "b"), item("b", "b"), item("b", "b"), item("b", "c"), item("b", "c"), item("c", "a"), item("c", "c")];

  it("counts the confusion, accuracy, precision, recall and macro-F1", () => {
    const confusion = confusionMatrix(L, items);
    assert.deepEqual(confusion, [
      [3, 1, 0],
      [0, 2, 2],
      [1, 0, 1],
    ]);
    assert.equal(accuracy(items), 6 / 10);
    const m = perLabelMetrics(L, confusion);
    assert.deepEqual(m.a, { precision: 3 / 4, recall: 3 / 4, f1: 0.75, support: 4 });
    assert.equal(m.b.precision, 2 / 3);
    assert.equal(m.b.recall, 2 / 4);
    assert.ok(Math.abs(m.b.f1 - 4 / 7) < 1e-12);
    assert.equal(m.c.precision, 1 / 3);
    assert.equal(m.c.recall, 1 / 2);
    assert.ok(Math.abs(m.c.f1 - 0.4) < 1e-12);
    assert.ok(Math.abs(macroF1(L, m) - (0.75 + 4 / 7 + 0.4) / 3) < 1e-12);
    const r = classificationReport(L, items);
    assert.equal(r.n, 10);
    assert.deepEqual(r.confusion, confusion);
  });

  it("measures the calibration error per confidence bin", () => {
    // Bin 0.9: two items at 0.95, one right (gap 0.9); bin 0.5: two at 0.5, both right (gap 1.0).
    const scored = [item("a", "a", 0.95), item("a", "b", 0.95), item("b", "b", 0.5), item("c", "c", 0.5)];
    assert.ok(Math.abs(expectedCalibrationError(scored) - (0.9 + 1.0) / 4) < 1e-12);
    assert.equal(expectedCalibrationError([item("a", "a", 1)]), 0);
  });
});

describe("textclf datasets", () => {
  it("splits each class with the share given, the same way for the same seed", () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ id: i, cls: i < 30 ? "x" : "y" }));
    const [first, second] = stratifiedSplit(items, (e) => e.cls, ["x", "y"], 0.8, prng(3));
    assert.equal(first.filter((e) => e.cls === "x").length, 24);
    assert.equal(first.filter((e) => e.cls === "y").length, 8);
    assert.equal(first.length + second.length, 40);
    assert.deepEqual(stratifiedSplit(items, (e) => e.cls, ["x", "y"], 0.8, prng(3)), [first, second]);
  });

  it("reads JSONL, naming the file and line of a bad row", () => {
    const dir = mkdtempSync(join(tmpdir(), "textclf-"));
    try {
      const path = join(dir, "rows.jsonl");
      writeFileSync(path, '{"q": 1}\n\n{"q": 2}\n');
      assert.deepEqual(
        readJsonl(path, (l) => JSON.parse(l) as { q: number }),
        [{ q: 1 }, { q: 2 }],
      );
      writeFileSync(path, '{"q": 1}\n{"q": "two"}\n');
      assert.throws(
        () =>
          readJsonl(path, (l) => {
            const row = JSON.parse(l) as { q: unknown };
            if (typeof row.q !== "number") throw new Error('"q" must be a number');
            return row;
          }),
        { message: `${path}:2: "q" must be a number` },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("textclf commands", () => {
  const io = (): CommandIO & { out: string; err: string } => {
    const r = { stdin: "", out: "", err: "", stdout: (s: string) => void (r.out += s), stderr: (s: string) => void (r.err += s) };
    return r;
  };

  it("parses options, prints usage on --help and on a bad option", () => {
    const ok = parseCommandArgs(["--out", "x"], { out: { type: "string" } }, "usage: t\n", io());
    assert.deepEqual(typeof ok === "number" ? ok : { ...ok }, { out: "x" });
    const help = io();
    assert.equal(parseCommandArgs(["-h"], { out: { type: "string" } }, "usage: t\n", help), 0);
    assert.equal(help.out, "usage: t\n");
    const bad = io();
    assert.equal(parseCommandArgs(["--nope"], { out: { type: "string" } }, "usage: t\n", bad), 2);
    assert.match(bad.err, /--nope[\s\S]*usage: t/);
  });
});
