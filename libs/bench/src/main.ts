import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@springboard/cluster";
import { benchPlanner } from "./planner.js";
import { benchRetrieval } from "./retrieval.js";
import { benchSkills } from "./skills.js";
import { benchStream } from "./stream.js";
import { benchTokens } from "./tokens.js";
import { benchCompare, benchTtft } from "./ttft.js";

const BENCHES: Record<string, (log: (s: string) => void) => Promise<unknown>> = {
  skills: benchSkills,
  planner: benchPlanner,
  stream: benchStream,
  ttft: benchTtft,
  tokens: benchTokens,
  retrieval: benchRetrieval,
};

/** ON_REQUEST run only when named: compare needs another build to compare with. */
const ON_REQUEST: typeof BENCHES = { compare: benchCompare };

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in BENCHES) && !(w in ON_REQUEST));
if (unknown.length) {
  process.stderr.write(`unknown benchmark ${unknown.join(", ")}; known: ${[...Object.keys(BENCHES), ...Object.keys(ON_REQUEST)].join(", ")}\n`);
  process.exit(2);
}
if (wanted.includes("compare") && !process.env.BENCH_BASE) {
  process.stderr.write("compare measures this tree against another build: set BENCH_BASE to its checkout, built (npm ci && npx tsc -b)\n");
  process.exit(2);
}
const out = join(REPO_ROOT, ".springboard", "bench");
mkdirSync(out, { recursive: true });
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  process.stdout.write(`\n== ${name}\n`);
  const result = await (BENCHES[name] ?? ON_REQUEST[name])!((s) => process.stdout.write(`${s}\n`));
  writeFileSync(join(out, `${name}.json`), JSON.stringify(result, null, 2));
}
process.stdout.write(`\nresults written to ${out}\n`);
