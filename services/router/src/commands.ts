import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@connectrpc/connect";
import { RoutePath } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { GenerationService } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { ConnectError, serviceClient } from "@springboard/runtime";
import { attempt, errorMessage, parseCommandArgs, SPLIT_FILES, type CommandIO } from "@springboard/textclf";
import { DATA_DIR, HELDOUT_FILES, readExamples, type Example } from "./dataset.js";
import { contextKind, LABELS } from "./labels.js";
import { evaluate, formatReport, type EvalReport, type Scored } from "./metrics.js";
import { DEFAULT_MODEL_PATH, RouterModel } from "./model.js";
import { cleanQuestion, route } from "./route.js";
import { train, TRAIN_DEFAULTS } from "./train.js";

export type { CommandIO };

const ROUTE_USAGE = `usage: springboard route --jsonl [--addr host:port] [--model FILE] [--timeout-ms N] < questions.jsonl
  reads {"query": "...", "context": {"kind": "job", "title": "..."}} per line and prints
  {"label": "...", "confidence": 0.93, "path": "model"} per line ("llm" when the LLM fallback answered).
  Without --addr the committed model answers in-process; with it, the router service does.
  A malformed line prints {"error": "..."} and the rest go on; the exit status is 1 if any line failed.
`;

const CONCURRENCY = 16;

/** runRouteCommand routes a JSONL batch of questions; see ROUTE_USAGE. */
export async function runRouteCommand(args: string[], io: CommandIO): Promise<number> {
  const values = parseCommandArgs(args, { jsonl: { type: "boolean" }, addr: { type: "string" }, model: { type: "string" }, "timeout-ms": { type: "string" } }, ROUTE_USAGE, io);
  if (typeof values === "number") return values;
  if (!values.jsonl) {
    io.stderr(`route reads JSONL from stdin: pass --jsonl\n${ROUTE_USAGE}`);
    return 2;
  }
  const timeoutMs = values["timeout-ms"] === undefined ? 10_000 : Number(values["timeout-ms"]);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    io.stderr(`--timeout-ms must be a positive number of milliseconds\n`);
    return 2;
  }
  let answer: (q: { question: string; kind: string; title: string }) => Promise<{ label: string; confidence: number; path: string }>;
  if (values.addr) {
    const client = serviceClient(RouterService, values.addr);
    answer = async (q) => {
      const res = await client.route({ question: q.question, context: { kind: KIND_ENUM[contextKind(q.kind)], title: q.title } }, { timeoutMs });
      const d = res.decision;
      return { label: d?.label ?? "", confidence: d?.confidence ?? 0, path: d?.path === RoutePath.LLM ? "llm" : "model" };
    };
  } else {
    const model = attempt(io, () => RouterModel.load(values.model ?? DEFAULT_MODEL_PATH));
    if (!model) return 1;
    answer = async (q) => {
      const d = model.classify(cleanQuestion(q.question), q.kind);
      return { label: d.label, confidence: d.confidence, path: "model" };
    };
  }

  const lines = io.stdin.split("\n").filter((l) => l.trim() !== "");
  const out = new Array<string>(lines.length);
  let failed = 0;
  const one = async (line: string): Promise<string> => {
    let q: { question: string; kind: string; title: string };
    try {
      q = parseQuery(line);
    } catch (e) {
      failed++;
      return JSON.stringify({ error: errorMessage(e) });
    }
    try {
      const a = await answer(q);
      return JSON.stringify({ label: a.label, confidence: Math.round(a.confidence * 10_000) / 10_000, path: a.path });
    } catch (e) {
      failed++;
      return JSON.stringify({ error: ConnectError.from(e).rawMessage });
    }
  };
  // Answers print in input order; with --addr up to CONCURRENCY questions are in flight.
  let next = 0;
  let printed = 0;
  const flush = () => {
    while (printed < lines.length && out[printed] !== undefined) io.stdout(out[printed++] + "\n");
  };
  const worker = async () => {
    while (next < lines.length) {
      const i = next++;
      out[i] = await one(lines[i]!);
      flush();
    }
  };
  await Promise.all(Array.from({ length: values.addr ? CONCURRENCY : 1 }, worker));
  flush();
  return failed > 0 ? 1 : 0;
}

const KIND_ENUM = { none: 0, job: 1, post: 2, company: 3, profile: 4 } as const;

function parseQuery(line: string): { question: string; kind: string; title: string } {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    throw new Error(`not JSON: ${line.slice(0, 60)}`);
  }
  if (typeof row !== "object" || row === null || Array.isArray(row)) throw new Error('expected an object like {"query": "...", "context": {"kind": "job"}}');
  const r = row as { query?: unknown; context?: unknown };
  if (typeof r.query !== "string") throw new Error('"query" must be a string');
  const context = (typeof r.context === "object" && r.context !== null ? r.context : {}) as { kind?: unknown; title?: unknown };
  // Validates length and emptiness the same way the service does.
  cleanQuestion(r.query);
  return { question: r.query, kind: typeof context.kind === "string" ? context.kind : "none", title: typeof context.title === "string" ? context.title : "" };
}

const TRAIN_USAGE = `usage: springboard router train [--data DIR] [--out FILE] [--seed N] [--llm-accuracy P] [--max-fallback-share P]
                             [--oos-recall P]
  trains the router model from DIR/train.jsonl, calibrates it and picks the fallback threshold on
  DIR/validation.jsonl, and writes FILE (default: the committed model). --oos-recall P makes
  out_of_scope win whenever its probability reaches a bar chosen to reach recall P on validation.
`;

/** runRouterTrainCommand trains the model, writes it and prints its validation metrics. */
export async function runRouterTrainCommand(args: string[], io: CommandIO): Promise<number> {
  const values = parseCommandArgs(
    args,
    { data: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, "llm-accuracy": { type: "string" }, "max-fallback-share": { type: "string" }, "oos-recall": { type: "string" } },
    TRAIN_USAGE,
    io,
  );
  if (typeof values === "number") return values;
  const numberArg = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const out = values.out ?? DEFAULT_MODEL_PATH;
  const result = attempt(io, () => {
    const r = train({
      ...(values.data ? { dataDir: values.data } : {}),
      seed: numberArg("seed", values.seed, TRAIN_DEFAULTS.seed, 0, 2 ** 32 - 1),
      llmAccuracy: numberArg("llm-accuracy", values["llm-accuracy"], TRAIN_DEFAULTS.llmAccuracy, 0, 1),
      maxFallbackShare: numberArg("max-fallback-share", values["max-fallback-share"], TRAIN_DEFAULTS.maxFallbackShare, 0, 1),
      oosRecall: numberArg("oos-recall", values["oos-recall"], TRAIN_DEFAULTS.oosRecall, 0, 1),
    });
    writeFileSync(out, JSON.stringify(r.file) + "\n");
    return r;
  });
  if (!result) return 1;
  const m = result.file.metrics;
  io.stdout(
    [
      `trained on ${String(m.train)} questions in ${(result.trainMs / 1000).toFixed(2)} s; wrote ${out} (${(statSync(out).size / 1e6).toFixed(2)} MB)`,
      `weights sha256 ${result.file.weightsSha256}`,
      `temperature ${result.file.temperature}; ECE ${String(m.validationEceBeforeTemperature)} before, ${String(m.validationEce)} after`,
      `fallback threshold ${result.file.threshold} (LLM accuracy assumed ${result.file.llmAccuracy}): ${(100 * result.fallbackShare).toFixed(1)}% of validation questions go to the LLM`,
      formatReport("validation, model alone", result.validation),
    ].join("\n"),
  );
  return 0;
}

const EVAL_USAGE = `usage: springboard router eval [--model FILE] [--data DIR] [--heldout FILE] [--generation host:port] [--threshold P] [--json]
  reports the model on the validation split and each held-out file (or FILE): accuracy, macro-F1, per-label
  precision and recall, the confusion matrix, out-of-scope recall, the share of fallbacks and the
  expected calibration error. With --generation, questions below the threshold are sent to the LLM
  through that generation service and the combined answer is reported as well.
`;

interface SplitEval {
  model: EvalReport;
  fallbackShare: number;
  accuracyAboveThreshold: number;
  withFallback?: EvalReport;
  llmAccuracyOnFallbacks?: number;
  llmAnswered?: number;
}

/** runRouterEvalCommand prints the evaluation report of a model. */
export async function runRouterEvalCommand(args: string[], io: CommandIO): Promise<number> {
  const values = parseCommandArgs(
    args,
    { model: { type: "string" }, data: { type: "string" }, heldout: { type: "string" }, generation: { type: "string" }, threshold: { type: "string" }, json: { type: "boolean" } },
    EVAL_USAGE,
    io,
  );
  if (typeof values === "number") return values;
  const loaded = attempt(io, () => {
    const model = RouterModel.load(values.model ?? DEFAULT_MODEL_PATH);
    const dir = values.data ?? DATA_DIR;
    const splits: [string, Example[]][] = [["validation", readExamples(join(dir, SPLIT_FILES.validation))]];
    if (values.heldout) splits.push(["held-out", readExamples(values.heldout)]);
    else {
      HELDOUT_FILES.forEach((f, i) => {
        const path = join(dir, f);
        if (i === 0 || existsSync(path)) splits.push([i === 0 ? "held-out" : `held-out ${i + 1}`, readExamples(path)]);
      });
    }
    return { model, splits };
  });
  if (!loaded) return 1;
  const { model, splits } = loaded;
  const threshold = values.threshold === undefined ? model.threshold : Number(values.threshold);
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    io.stderr("--threshold must be a number from 0 to 1\n");
    return 2;
  }
  const generation = values.generation ? serviceClient(GenerationService, values.generation) : undefined;
  const report: Record<string, SplitEval> = {};
  for (const [name, examples] of splits) report[name] = await evaluateSplit(model, examples, threshold, generation);

  if (values.json) {
    io.stdout(JSON.stringify({ labels: LABELS, threshold, ...report }, null, 2) + "\n");
    return 0;
  }
  io.stdout(`fallback threshold ${threshold}; temperature ${model.temperature}\n\n`);
  for (const [name, r] of Object.entries(report)) {
    io.stdout(
      formatReport(`${name}, model alone`, r.model, [
        ["fallback share", `${(100 * r.fallbackShare).toFixed(1)}% below the threshold`],
        ["accuracy above the threshold", `${(100 * r.accuracyAboveThreshold).toFixed(1)}%`],
      ]) + "\n",
    );
    if (r.withFallback) {
      io.stdout(
        formatReport(`${name}, with the LLM fallback`, r.withFallback, [
          ["LLM accuracy on the fallbacks", `${(100 * (r.llmAccuracyOnFallbacks ?? 0)).toFixed(1)}% (${r.llmAnswered ?? 0} answered by the LLM)`],
        ]) + "\n",
      );
    }
  }
  return 0;
}

async function evaluateSplit(model: RouterModel, examples: Example[], threshold: number, generation?: Client<typeof GenerationService>): Promise<SplitEval> {
  const scored: Scored[] = examples.map((e) => {
    const d = model.classify(e.query, e.context.kind);
    return { label: e.label, predicted: d.label, confidence: d.confidence };
  });
  const above = scored.filter((s) => s.confidence >= threshold);
  const result: SplitEval = {
    model: evaluate(scored),
    fallbackShare: 1 - above.length / Math.max(1, scored.length),
    accuracyAboveThreshold: above.filter((s) => s.label === s.predicted).length / Math.max(1, above.length),
  };
  if (!generation) return result;
  const combined: Scored[] = [];
  let fallbacks = 0;
  let llmRight = 0;
  let llmAnswered = 0;
  for (const e of examples) {
    const d = await route(model, { question: cleanQuestion(e.query), kind: e.context.kind, title: e.context.title }, threshold, { generation }, { timeoutMs: 10_000 });
    if (scored[combined.length]!.confidence < threshold) {
      fallbacks++;
      if (d.path === "llm") llmAnswered++;
      if (d.label === e.label) llmRight++;
    }
    combined.push({ label: e.label, predicted: d.label, confidence: d.confidence });
  }
  result.withFallback = evaluate(combined);
  result.llmAccuracyOnFallbacks = fallbacks === 0 ? 0 : llmRight / fallbacks;
  result.llmAnswered = llmAnswered;
  return result;
}
