import { LABELS, type Label } from "./labels.js";

export interface Scored {
  label: Label;
  predicted: Label;
  confidence: number;
}

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalReport {
  n: number;
  accuracy: number;
  macroF1: number;
  oosRecall: number;
  ece: number;
  perLabel: Record<Label, LabelMetrics>;
  /** confusion[i][j] counts questions of label i predicted as label j, in LABELS order. */
  confusion: number[][];
}

export function evaluate(items: Scored[]): EvalReport {
  const L = LABELS.length;
  const confusion = LABELS.map(() => new Array<number>(L).fill(0));
  let correct = 0;
  for (const s of items) {
    confusion[LABELS.indexOf(s.label)]![LABELS.indexOf(s.predicted)]!++;
    if (s.label === s.predicted) correct++;
  }
  const perLabel = {} as Record<Label, LabelMetrics>;
  let f1Sum = 0;
  LABELS.forEach((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  return {
    n: items.length,
    accuracy: items.length === 0 ? 0 : correct / items.length,
    macroF1: f1Sum / L,
    oosRecall: perLabel.out_of_scope.recall,
    ece: expectedCalibrationError(items),
    perLabel,
    confusion,
  };
}

/** expectedCalibrationError is the support-weighted gap between confidence and accuracy over 10 equal-width bins. */
export function expectedCalibrationError(items: Scored[], bins = 10): number {
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (const s of items) {
    const b = Math.min(bins - 1, Math.floor(s.confidence * bins));
    count[b]!++;
    conf[b]! += s.confidence;
    if (s.label === s.predicted) hits[b]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(hits[b]! - conf[b]!) / items.length;
  return ece;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** formatReport renders a report as text for the terminal. */
export function formatReport(title: string, r: EvalReport, extra: [string, string][] = []): string {
  const lines = [
    `${title} (${r.n} questions)`,
    `  accuracy ${pct(r.accuracy)}   macro-F1 ${pct(r.macroF1)}   out-of-scope recall ${pct(r.oosRecall)}   ECE ${r.ece.toFixed(3)}`,
    ...extra.map(([k, v]) => `  ${k} ${v}`),
    `  ${"label".padEnd(18)}${"precision".padStart(10)}${"recall".padStart(9)}${"F1".padStart(8)}${"n".padStart(6)}`,
    ...LABELS.map((l) => {
      const m = r.perLabel[l];
      return `  ${l.padEnd(18)}${pct(m.precision).padStart(10)}${pct(m.recall).padStart(9)}${pct(m.f1).padStart(8)}${String(m.support).padStart(6)}`;
    }),
    `  confusion (rows: true label, columns: predicted, in the order above)`,
    ...LABELS.map((l, i) => `  ${l.padEnd(18)}${r.confusion[i]!.map((c) => String(c).padStart(6)).join("")}`),
  ];
  return lines.join("\n") + "\n";
}
