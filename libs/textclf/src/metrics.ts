/** Scored is one classified item: its true label, the predicted one and the confidence in it. */
export interface Scored<L extends string = string> {
  label: L;
  predicted: L;
  confidence: number;
}

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport<L extends string = string> {
  n: number;
  accuracy: number;
  macroF1: number;
  ece: number;
  perLabel: Record<L, LabelMetrics>;
  /** confusion[i][j] counts items of label i predicted as label j, in the order of the labels. */
  confusion: number[][];
}

/** confusionMatrix counts items of each true label (rows) by predicted label (columns). */
export function confusionMatrix<L extends string>(labels: readonly L[], items: readonly Scored<L>[]): number[][] {
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  for (const s of items) confusion[labels.indexOf(s.label)]![labels.indexOf(s.predicted)]!++;
  return confusion;
}

export function accuracy(items: readonly Scored[]): number {
  let correct = 0;
  for (const s of items) if (s.label === s.predicted) correct++;
  return items.length === 0 ? 0 : correct / items.length;
}

/** perLabelMetrics reads precision, recall, F1 and support of every label off a confusion matrix. */
export function perLabelMetrics<L extends string>(labels: readonly L[], confusion: readonly (readonly number[])[]): Record<L, LabelMetrics> {
  const perLabel = {} as Record<L, LabelMetrics>;
  labels.forEach((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { precision, recall, f1, support };
  });
  return perLabel;
}

/** macroF1 is the unweighted mean F1 over the labels, absent ones counting as 0. */
export function macroF1<L extends string>(labels: readonly L[], perLabel: Record<L, LabelMetrics>): number {
  let sum = 0;
  for (const l of labels) sum += perLabel[l].f1;
  return sum / labels.length;
}

/** expectedCalibrationError is the support-weighted gap between confidence and accuracy over equal-width bins. */
export function expectedCalibrationError(items: readonly Scored[], bins = 10): number {
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

export function classificationReport<L extends string>(labels: readonly L[], items: readonly Scored<L>[]): ClassificationReport<L> {
  const confusion = confusionMatrix(labels, items);
  const perLabel = perLabelMetrics(labels, confusion);
  return { n: items.length, accuracy: accuracy(items), macroF1: macroF1(labels, perLabel), ece: expectedCalibrationError(items), perLabel, confusion };
}

/** percent formats a share as a percentage with one decimal. */
export function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** formatLabelTable renders per-label precision, recall, F1 and support, then the confusion matrix, as terminal lines. */
export function formatLabelTable<L extends string>(labels: readonly L[], r: ClassificationReport<L>): string[] {
  return [
    `  ${"label".padEnd(18)}${"precision".padStart(10)}${"recall".padStart(9)}${"F1".padStart(8)}${"n".padStart(6)}`,
    ...labels.map((l) => {
      const m = r.perLabel[l];
      return `  ${l.padEnd(18)}${percent(m.precision).padStart(10)}${percent(m.recall).padStart(9)}${percent(m.f1).padStart(8)}${String(m.support).padStart(6)}`;
    }),
    `  confusion (rows: true label, columns: predicted, in the order above)`,
    ...labels.map((l, i) => `  ${l.padEnd(18)}${r.confusion[i]!.map((c) => String(c).padStart(6)).join("")}`),
  ];
}
