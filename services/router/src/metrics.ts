import { classificationReport, formatLabelTable, percent, type ClassificationReport, type Scored as ScoredItem } from "@springboard/textclf";
import { LABELS, type Label } from "./labels.js";

export type Scored = ScoredItem<Label>;

export interface EvalReport extends ClassificationReport<Label> {
  oosRecall: number;
}

export function evaluate(items: Scored[]): EvalReport {
  const r = classificationReport(LABELS, items);
  return { n: r.n, accuracy: r.accuracy, macroF1: r.macroF1, oosRecall: r.perLabel.out_of_scope.recall, ece: r.ece, perLabel: r.perLabel, confusion: r.confusion };
}

/** formatReport renders a report as text for the terminal. */
export function formatReport(title: string, r: EvalReport, extra: [string, string][] = []): string {
  const lines = [
    `${title} (${r.n} questions)`,
    `  accuracy ${percent(r.accuracy)}   macro-F1 ${percent(r.macroF1)}   out-of-scope recall ${percent(r.oosRecall)}   ECE ${r.ece.toFixed(3)}`,
    ...extra.map(([k, v]) => `  ${k} ${v}`),
    ...formatLabelTable(LABELS, r),
  ];
  return lines.join("\n") + "\n";
}
