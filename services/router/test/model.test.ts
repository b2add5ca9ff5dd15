import assert from "node:assert/strict";
import { join } from "node:path";
import { DATA_DIR, HELDOUT_FILES, readExamples, readSplit } from "../src/dataset.js";
import { CONCEPTS, ConceptMatcher } from "../src/concepts.js";
import { normalize, questionContext } from "../src/features.js";
import { contextKind, LABELS } from "../src/labels.js";
import { evaluate } from "../src/metrics.js";
import { RouterModel } from "../src/model.js";
import { parseLabel, routerPrompt } from "../src/prompt.js";
import { cleanQuestion } from "../src/route.js";
import { train } from "../src/train.js";
import { SECTION, TASK } from "@springboard/prompts";

describe("router model", () => {
  const committed = RouterModel.load();

  it("trains deterministically, and the committed model is what the committed data trains", function () {
    this.timeout(60_000);
    const started = performance.now();
    const a = train();
    assert.ok(performance.now() - started < 60_000, "training must take under a minute");
    const b = train();
    assert.equal(a.file.weightsSha256, b.file.weightsSha256);
    assert.equal(a.file.weights, b.file.weights);
    const file = JSON.parse(JSON.stringify(a.file)) as typeof a.file;
    assert.equal(RouterModel.fromFile(file).classify("am I a fit for this?", "job").label, "job_fit");
    const c = train({ seed: 7 });
    assert.notEqual(c.file.weightsSha256, a.file.weightsSha256, "a different seed gives different weights");
    const onDisk = RouterModel.fromFile(a.file);
    assert.deepEqual(onDisk.bias, committed.bias, "retrain with `springboard router train` after changing the data");
    assert.equal(committed.temperature, a.file.temperature);
  });

  it("meets the quality gates on the validation split", () => {
    const val = readSplit("validation");
    const r = evaluate(val.map((e) => ({ label: e.label, ...pick(committed.classify(e.query, e.context.kind)) })));
    assert.ok(r.accuracy >= QUALITY.accuracy, `validation accuracy ${r.accuracy.toFixed(3)} < ${QUALITY.accuracy}`);
    assert.ok(r.oosRecall >= QUALITY.oosRecall, `validation out-of-scope recall ${r.oosRecall.toFixed(3)} < ${QUALITY.oosRecall}`);
    assert.ok(r.ece < 0.05, `validation ECE ${r.ece.toFixed(3)} >= 0.05`);
  });

  for (const [i, file] of HELDOUT_FILES.entries()) {
    it(`is calibrated on held-out file ${file} and keeps its quality there`, () => {
      const held = readExamples(join(DATA_DIR, file));
      assert.ok(held.length >= 150);
      const r = evaluate(held.map((e) => ({ label: e.label, ...pick(committed.classify(e.query, e.context.kind)) })));
      const floor = HELD_OUT[i]!;
      assert.ok(r.ece < 0.1, `${file} ECE ${r.ece.toFixed(3)}`);
      assert.ok(r.accuracy >= floor.accuracy, `${file} accuracy ${r.accuracy.toFixed(3)} < ${floor.accuracy}`);
      assert.ok(r.oosRecall >= floor.oosRecall, `${file} out-of-scope recall ${r.oosRecall.toFixed(3)} < ${floor.oosRecall}`);
    });
  }

  it("gives probabilities that sum to one, for any text", () => {
    for (const q of ["Am I a good fit?", "\u0000\u0001\u0002", "日本語の質問です", "क्या मैं फिट हूँ? am I fit", "x".repeat(4000), "🙂"]) {
      const d = committed.classify(q, "job");
      const sum = Object.values(d.scores).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-6);
      assert.ok(LABELS.includes(d.label));
      assert.ok(d.confidence > 0 && d.confidence <= 1);
    }
  });

  it("treats unknown context kinds as none", () => {
    assert.equal(contextKind("spaceship"), "none");
    assert.equal(contextKind(42), "none");
    assert.equal(contextKind(" JOB "), "job");
    assert.deepEqual(committed.classify("tell me more", "spaceship"), committed.classify("tell me more", "none"));
  });

  it("answers in well under a millisecond", () => {
    const val = readSplit("validation");
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const e of val) {
        const t0 = performance.now();
        committed.classify(e.query, e.context.kind);
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.floor(times.length * 0.99)]!;
    // The target is 0.2 ms; the gate leaves room for a busy CI machine.
    assert.ok(p99 < 1, `p99 ${p99.toFixed(3)} ms`);
  });

  it("refuses empty and over-long questions, and cleans binary ones", () => {
    assert.throws(() => cleanQuestion("   "), /empty/);
    assert.throws(() => cleanQuestion("a".repeat(4001)), /limit is 4000/);
    assert.equal(cleanQuestion("\u0000am I a fit?\uFFFD"), "am I a fit?");
  });
});

describe("router concepts", () => {
  const matcher = new ConceptMatcher();
  const concepts = (text: string) => {
    const n = matcher.match(normalize(text).split(" "));
    return Array.from(matcher.found.subarray(0, n), (id) => matcher.names[id]);
  };

  it("writes every entry in normalized form", () => {
    for (const [name, entries] of Object.entries(CONCEPTS)) {
      for (const entry of entries) assert.equal(normalize(entry.replace(/\*$/, "")) + (entry.endsWith("*") ? "*" : ""), entry, `${name}: ${entry}`);
    }
  });

  it("matches whole words, prefixes and phrases, in any of the languages", () => {
    assert.deepEqual(concepts("Write a poem about my boss"), ["compose", "creative", "workplace"]);
    assert.ok(concepts("Wie bereite ich mich auf das Vorstellungsgespräch vor?").includes("interview"));
    assert.ok(concepts("tell me about yourself").includes("interview_moves"));
    assert.ok(concepts("should I put my savings in index funds").includes("invest"));
    assert.deepEqual(concepts("xyzzy plugh"), []);
  });

  it("reads the part of a question that asks", () => {
    assert.equal(questionContext("none", "am I a fit?").ask, undefined);
    assert.equal(questionContext("none", "I've been stuck for years. Which crypto should I buy? thanks").ask, "which crypto should i buy");
    assert.equal(questionContext("none", 'summarize "Ten years as a nurse, then a developer" for me').ask, "summarize for me");
  });
});

describe("router prompt", () => {
  it("uses the prompt contract and lists every label", () => {
    const [system, user] = routerPrompt({ question: "what is it like there?", kind: "company", title: "Acme", examples: [{ query: "fit?", kind: "job", title: "Engineer", label: "job_fit" }] });
    assert.ok(system!.content.startsWith(TASK.router));
    assert.ok(user!.content.includes(SECTION.labels));
    for (const l of LABELS) assert.ok(user!.content.includes(`- ${l}:`));
    assert.ok(user!.content.includes('<data source="member">\nwhat is it like there?\n</data>'));
  });

  it("parses labels defensively", () => {
    assert.equal(parseLabel("job_fit"), "job_fit");
    assert.equal(parseLabel("  `Company_Insights`\n"), "company_insights");
    assert.equal(parseLabel("label: out of scope."), "out_of_scope");
    assert.equal(parseLabel("<think>maybe job_fit</think>interview_prep"), "interview_prep");
    assert.equal(parseLabel("The answer is post takeaways"), "post_takeaways");
    assert.equal(parseLabel("banana"), undefined);
    assert.equal(parseLabel("job_fit or career_advice"), undefined);
    assert.equal(parseLabel(""), undefined);
  });
});

// Regression floors, about one point under the committed model. Validation: 96.4% accuracy, 98.1%
// out-of-scope recall. Held-out files, in HELDOUT_FILES order: 95.1% / 100%, 97.4% / 98.2%,
// 93.8% / 95.1%, 95.2% / 98.4%. The product targets (95% / 98% on unseen questions) are reported by
// `springboard router eval`.
const QUALITY = { accuracy: 0.955, oosRecall: 0.97 };
const HELD_OUT = [
  { accuracy: 0.94, oosRecall: 0.98 },
  { accuracy: 0.96, oosRecall: 0.96 },
  { accuracy: 0.925, oosRecall: 0.93 },
  { accuracy: 0.94, oosRecall: 0.96 },
];

function pick(d: { label: (typeof LABELS)[number]; confidence: number }) {
  return { predicted: d.label, confidence: d.confidence };
}
