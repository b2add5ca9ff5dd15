import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { attempt, errorMessage, parseCommandArgs, SPLIT_FILES, writeJsonl, type CommandIO } from "@springboard/textclf";
import { buildSplit, DATA_DIR, readExamples, readSplit } from "./dataset.js";
import { evaluate, formatReport } from "./evaluate.js";
import { DEFAULT_MODEL_PATH, SafetyModel } from "./model.js";
import { screen } from "./screen.js";
import { train, TRAIN_DEFAULTS } from "./train.js";

export type { CommandIO };

const SCREEN_USAGE = `usage: springboard screen --jsonl [--model FILE] [--reasons] < questions.jsonl
       springboard screen --report [--model FILE] [--data DIR]
       springboard screen train [--split] [--seed N] [--data DIR] [--out FILE]
  --jsonl    reads {"query": "..."} per line and prints {"verdict": "block" | "allow", "category": "..."} per line.
             A malformed line prints {"error": "..."} and the rest go on; the exit status is 1 if any line failed.
  --reasons  adds "score" and "reasons" to every answer.
  --report   screens the validation split and the held-out file and prints block and false-positive rates.
`;

/** runScreenCommand screens a JSONL batch of questions, or prints the evaluation; see SCREEN_USAGE. */
export function runScreenCommand(args: string[], io: CommandIO): number {
  if (args[0] === "train") return runScreenTrainCommand(args.slice(1), io);
  const values = parseCommandArgs(
    args,
    { jsonl: { type: "boolean" }, report: { type: "boolean" }, reasons: { type: "boolean" }, model: { type: "string" }, data: { type: "string" } },
    SCREEN_USAGE,
    io,
  );
  if (typeof values === "number") return values;
  if (!values.jsonl && !values.report) {
    io.stderr(`screen reads JSONL from stdin: pass --jsonl (or --report for the evaluation)\n${SCREEN_USAGE}`);
    return 2;
  }
  const model = attempt(io, () => SafetyModel.load(values.model ?? DEFAULT_MODEL_PATH));
  if (!model) return 1;
  if (values.report) {
    const dir = values.data ?? DATA_DIR;
    const report = attempt(io, () => {
      const validation = evaluate(readSplit("validation", dir), (q) => screen(q, { model }));
      const heldout = evaluate(readSplit("heldout", dir), (q) => screen(q, { model }));
      return `threshold ${model.threshold.toFixed(4)}\n` + formatReport("validation", validation) + formatReport("held-out (never trained on)", heldout);
    });
    if (report === undefined) return 1;
    io.stdout(report);
    return 0;
  }
  let failed = 0;
  for (const line of io.stdin.split("\n")) {
    if (line.trim() === "") continue;
    let query: string;
    try {
      query = parseQuery(line);
    } catch (e) {
      failed++;
      io.stdout(JSON.stringify({ error: errorMessage(e) }) + "\n");
      continue;
    }
    const r = screen(query, { model });
    io.stdout(JSON.stringify(values.reasons ? { verdict: r.verdict, category: r.category, score: r.score, reasons: r.reasons } : { verdict: r.verdict, category: r.category }) + "\n");
  }
  return failed > 0 ? 1 : 0;
}

function parseQuery(line: string): string {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error(`not valid JSON: ${line.length > 80 ? line.slice(0, 77) + "..." : line}`);
  }
  if (typeof row !== "object" || row === null || Array.isArray(row)) throw new Error(`each line must be a JSON object like {"query": "..."}`);
  const q = (row as { query?: unknown }).query;
  if (typeof q !== "string" || q.trim() === "") throw new Error(`"query" must be a non-empty string`);
  return q;
}

const TRAIN_USAGE = `usage: springboard screen train [--split] [--seed N] [--data DIR] [--out FILE]
  Trains the screening model on data/train.jsonl, chooses the threshold on data/validation.jsonl and writes
  the model (default: libs/safety/model/safety-model.json). --split first rebuilds train.jsonl and
  validation.jsonl from handwritten.jsonl (seeded: the same input gives the same files).
`;

/** runScreenTrainCommand trains and writes the screening model; see TRAIN_USAGE. */
export function runScreenTrainCommand(args: string[], io: CommandIO): number {
  const values = parseCommandArgs(args, { split: { type: "boolean" }, seed: { type: "string" }, data: { type: "string" }, out: { type: "string" } }, TRAIN_USAGE, io);
  if (typeof values === "number") return values;
  const seed = values.seed === undefined ? TRAIN_DEFAULTS.seed : Number(values.seed);
  if (!Number.isInteger(seed)) {
    io.stderr(`--seed must be an integer\n`);
    return 2;
  }
  const dir = values.data ?? DATA_DIR;
  const done = attempt(io, () => {
    if (values.split) {
      const { train: tr, validation } = buildSplit(readExamples(join(dir, SPLIT_FILES.handwritten)), seed);
      writeJsonl(join(dir, SPLIT_FILES.train), tr);
      writeJsonl(join(dir, SPLIT_FILES.validation), validation);
      io.stderr(`split: ${tr.length} train, ${validation.length} validation\n`);
    }
    const result = train({ dataDir: dir, seed });
    const out = values.out ?? DEFAULT_MODEL_PATH;
    writeFileSync(out, JSON.stringify(result.file, null, 1) + "\n");
    io.stdout(`trained in ${result.trainMs.toFixed(0)} ms, threshold ${result.model.threshold.toFixed(4)}, wrote ${out}\n` + formatReport("validation", result.validation));
    return true;
  });
  return done ? 0 : 1;
}
