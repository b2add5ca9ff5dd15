import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@springboard/cluster";
import { benchPlanner } from "./planner.js";
import { benchRetrieval } from "./retrieval.js";
import { benchSkills } from "./skills.js";
import { benchStream } from "./stream.js";
import { benchTokens } from "./tokens.js";
import { benchTtft } from "./ttft.js";

const BENCHES: Record<string, (log: (s: string) => void) => Promise<unknown>> = {
  skills: benchSkills,
  planner: benchPlanner,
  stream: benchStream,
  ttft: benchTtft,
  tokens: benchTokens,
  retrieval: benchRetrieval,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length) {
  process.stderr.write(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}\n`);
  process.exit(2);
}
const out = join(REPO_ROOT, ".springboard", "bench");
mkdirSync(out, { recursive: true });
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  process.stdout.write(`\n== ${name}\n`);
  const result = await BENCHES[name]!((s) => process.stdout.write(`${s}\n`));
  writeFileSync(join(out, `${name}.json`), JSON.stringify(result, null, 2));
}
process.stdout.write(`\nresults written to ${out}\n`);
