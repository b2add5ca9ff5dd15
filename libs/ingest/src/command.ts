import { parseArgs } from "node:util";
import { ConnectError } from "@springboard/runtime";
import {
  INGEST_SOURCES,
  MAX_BATCH_SIZE,
  DEFAULT_BATCH_SIZE,
  runIngest,
  ServiceUnreachableError,
  type IngestOptions,
  type IngestProgress,
  type IngestSource,
  type IngestSummary,
} from "./ingest.js";

export const INGEST_USAGE = `usage: springboard ingest [--only examples,knowledge,skills] [--retrieval host:port]
                          [--member-graph host:port] [--skill-registry host:port] [--batch N]

Loads the retrieval indexes: every agent's response examples ("examples"), every member-graph post
and article ("knowledge"), and checks the skill registry's "skills" index. Safe to run again.

  --only            sources to load, comma-separated (default: all)
  --retrieval       retrieval address (default $RETRIEVAL_ADDR or localhost:50055)
  --member-graph    member-graph address (default $MEMBER_GRAPH_ADDR or localhost:50057)
  --skill-registry  skill-registry address (default $SKILL_REGISTRY_ADDR or localhost:50054)
  --batch           documents per Upsert message, 1 to ${MAX_BATCH_SIZE} (default ${DEFAULT_BATCH_SIZE})
`;

export interface IngestCommandIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** isTTY says stderr is a terminal: progress is one line redrawn in place. */
  isTTY?: boolean;
}

class UsageError extends Error {}

/** parseIngestArgs turns the command line into runIngest options; it throws on bad arguments. */
export function parseIngestArgs(args: string[], env: NodeJS.ProcessEnv = process.env): IngestOptions & { skillRegistryAddr: string } {
  const { values } = parseArgs({
    args,
    options: {
      only: { type: "string" },
      retrieval: { type: "string", default: env.RETRIEVAL_ADDR || "localhost:50055" },
      "member-graph": { type: "string", default: env.MEMBER_GRAPH_ADDR || "localhost:50057" },
      "skill-registry": { type: "string", default: env.SKILL_REGISTRY_ADDR || "localhost:50054" },
      batch: { type: "string", default: String(DEFAULT_BATCH_SIZE) },
    },
  });
  let only: IngestSource[] | undefined;
  if (values.only !== undefined) {
    const names = values.only.split(",").map((s) => s.trim()).filter(Boolean);
    const unknown = names.filter((n) => !(INGEST_SOURCES as readonly string[]).includes(n));
    if (names.length === 0 || unknown.length > 0) {
      throw new UsageError(`--only takes a comma-separated list of ${INGEST_SOURCES.join(", ")}; got "${values.only}"`);
    }
    only = [...new Set(names as IngestSource[])];
  }
  const batch = Number(values.batch);
  if (!/^\d+$/.test(values.batch) || batch < 1 || batch > MAX_BATCH_SIZE) {
    throw new UsageError(`--batch must be a whole number from 1 to ${MAX_BATCH_SIZE}; got "${values.batch}"`);
  }
  const address = (flag: string, value: string) => {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value) || Number(value.slice(value.lastIndexOf(":") + 1)) > 65_535) {
      throw new UsageError(`--${flag} must be host:port; got "${value}"`);
    }
    return value;
  };
  return {
    retrievalAddr: address("retrieval", values.retrieval),
    memberGraphAddr: address("member-graph", values["member-graph"]),
    skillRegistryAddr: address("skill-registry", values["skill-registry"]),
    only,
    batchSize: batch,
  };
}

/** runIngestCommand is `springboard ingest`: 0 when done, 1 when a service fails or is unreachable, 2 on bad arguments. */
export async function runIngestCommand(args: string[], io: IngestCommandIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(INGEST_USAGE);
    return 0;
  }
  let opts: ReturnType<typeof parseIngestArgs>;
  try {
    opts = parseIngestArgs(args);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof Error && "code" in e && String(e.code).startsWith("ERR_PARSE_ARGS"))) {
      io.stderr(`${e.message}\n\n${INGEST_USAGE}`);
      return 2;
    }
    throw e;
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once("SIGINT", onSignal);
  const bar = new ProgressPrinter(io);
  try {
    const summary = await runIngest({ ...opts, signal: abort.signal, onProgress: (p) => bar.update(p) });
    bar.finish();
    io.stdout(formatSummary(summary));
    return 0;
  } catch (e) {
    bar.finish();
    if (e instanceof ServiceUnreachableError) {
      io.stderr(`${e.message}\nIs the cluster running? Start it with: npx springboard up\n`);
    } else if (abort.signal.aborted) {
      io.stderr("ingest interrupted; what was written stays, and running it again resumes safely\n");
    } else {
      io.stderr(`ingest failed: ${e instanceof ConnectError ? e.message : e instanceof Error ? e.message : String(e)}\n`);
    }
    return 1;
  } finally {
    process.removeListener("SIGINT", onSignal);
  }
}

const BAR_WIDTH = 30;

/** ProgressPrinter draws one bar per source: redrawn in place on a terminal, else a line per 10%. */
export class ProgressPrinter {
  private source: IngestSource | undefined;
  private decile = -1;
  private open = false;

  constructor(private readonly io: IngestCommandIo) {}

  update(p: IngestProgress): void {
    if (p.source !== this.source) {
      this.finish();
      this.source = p.source;
      this.decile = -1;
    }
    const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const complete = p.done >= p.total;
    const line = renderBar(p, ratio);
    if (this.io.isTTY) {
      this.io.stderr(`\r${line}`);
      this.open = true;
      if (complete) this.finish();
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (decile > this.decile && (decile > 0 || complete)) {
      this.decile = decile;
      this.io.stderr(`${line}\n`);
    }
  }

  finish(): void {
    if (this.open) this.io.stderr("\n");
    this.open = false;
  }
}

function renderBar(p: IngestProgress, ratio: number): string {
  const filled = Math.round(ratio * BAR_WIDTH);
  const count = `${p.done}/${p.total}`;
  return `${p.source.padEnd(10)} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${count.padStart(11)}`;
}

/** formatSummary renders the per-source and per-index tables. */
export function formatSummary(summary: IngestSummary): string {
  const rows: string[][] = [["source", "documents", "batches", "time", "docs/s"]];
  for (const source of INGEST_SOURCES) {
    const s = summary.sources[source];
    if (!s) continue;
    const wrote = source !== "skills";
    rows.push([
      source,
      String(s.documents),
      wrote ? String(s.batches) : "-",
      `${(s.ms / 1000).toFixed(2)} s`,
      wrote ? String(Math.round(s.docsPerSecond)) : "-",
    ]);
  }
  const indexes: string[][] = [["index", "documents", "dimension", "embedder", "engine"]];
  for (const i of Object.values(summary.indexes)) indexes.push([i.index, String(i.documents), String(i.dimension), i.embedder, i.engine]);
  const note = summary.sources.skills ? "skills are listed, not written: the skill registry keeps the \"skills\" index itself\n" : "";
  return `\n${table(rows)}\n${table(indexes)}\n${note}done in ${(summary.ms / 1000).toFixed(2)} s\n`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const numeric = rows[0]!.map((_, c) => rows.slice(1).every((r) => /^(-|[\d.]+( s)?)$/.test(r[c]!)));
  return rows
    .map((r) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd())
    .join("\n")
    .concat("\n");
}
