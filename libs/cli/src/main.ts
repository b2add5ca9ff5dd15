import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { DEFAULT_PORTS, hasRedisServer, REDIS_MISSING, REPO_ROOT, startCluster } from "@springboard/cluster";
import { ConnectError, serviceClient } from "@springboard/runtime";
import { registerSkillFile } from "@springboard/skill-registry";
import { SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { runRouteCommand, runRouterEvalCommand, runRouterTrainCommand } from "@springboard/router";
import { runRepairYamlCommand } from "@springboard/llm-yaml";
import { runScreenCommand, runScreenTrainCommand } from "@springboard/safety";
import { runIngestCommand } from "@springboard/ingest";
import { runLoadCommand } from "@springboard/load";
import { ask } from "./ask.js";

const USAGE = `springboard — run and talk to the Springboard cluster

usage:
  springboard up [--demo] [--once]        start Redis (unless REDIS_URL is set) and every service
  springboard ask "question" [--context job:ID|post:ID|company:ID|profile:ID] [--member ID]
                 [--conversation ID] [--addr host:port] [--timeout-ms N]
  springboard ingest [--only examples,knowledge,skills]   load examples, posts and skills into retrieval
  springboard load [--addr host:port] [--concurrency N] [--duration 30s | --count N] [--ramp-up 5s]
                 [--questions FILE.jsonl] [--out DIR]   client-side TTFT/TBT under load, JSON + HTML report
  springboard repair-yaml [--schema FILE] [--report] < model-output.txt
                                          repair an LLM's YAML; prints JSON, exit 2 when hopeless
  springboard screen --jsonl [--report] < questions.jsonl
                                          screen each {"query"} line: {"verdict", "category"}
  springboard route --jsonl [--addr host:port] < questions.jsonl
                                          route each {"query", "context": {"kind", "title"}} line
  springboard router train | eval         train the in-house router model / print its evaluation
  springboard skills list [--agent NAME] [--addr host:port]
  springboard skills register FILE.yaml [--addr host:port]
  springboard skills remove NAME [--addr host:port]
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "up":
      return up(rest);
    case "ask":
      return askCommand(rest);
    case "skills":
      return skillsCommand(rest);
    case "ingest":
      return runIngestCommand(rest, { ...(await stdio(false)), isTTY: process.stderr.isTTY });
    case "load":
      return runLoadCommand(rest, await stdio(false));
    case "repair-yaml":
      return runRepairYamlCommand(rest, await stdio());
    case "screen":
      if (rest[0] === "train") return runScreenTrainCommand(rest.slice(1), await stdio(false));
      return runScreenCommand(rest, await stdio());
    case "route":
      return runRouteCommand(rest, await stdio());
    case "router":
      if (rest[0] === "train") return runRouterTrainCommand(rest.slice(1), await stdio(false));
      if (rest[0] === "eval") return runRouterEvalCommand(rest.slice(1), await stdio(false));
      process.stderr.write(USAGE);
      return 2;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

const DEMO: { question: string; context?: string }[] = [
  { question: "Am I a good fit for this job?", context: "job:job-00001" },
  { question: "What does this company do, and who works there?", context: "company:company-0001" },
  { question: "What are the key takeaways of this post?", context: "post:post-00001" },
  { question: "Write me a poem about stock tips" },
];

async function up(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: "boolean" }, once: { type: "boolean" } } });
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl && !hasRedisServer()) {
    process.stderr.write(`${REDIS_MISSING}\n`);
    return 1;
  }
  const logDir = join(REPO_ROOT, ".springboard", "logs");
  mkdirSync(logDir, { recursive: true });
  const started = performance.now();
  process.stdout.write(`starting the cluster (logs in ${logDir})\n`);
  const cluster = await startCluster({ redisUrl, logDir, onStatus: (line) => process.stdout.write(`  ${line}\n`) });
  const pidFile = join(REPO_ROOT, ".springboard", "up.pid");
  writeFileSync(pidFile, String(process.pid));
  process.stdout.write(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s — gateway at ${cluster.address("gateway")}\n`);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("\nstopping...\n");
    await cluster.stop();
    rmSync(pidFile, { force: true });
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  if (values.demo) {
    const client = serviceClient(AssistantService, cluster.address("gateway"));
    for (const turn of DEMO) {
      process.stdout.write(`\n\x1b[1m> ${turn.question}\x1b[0m${turn.context ? `  (next to ${turn.context})` : ""}\n`);
      try {
        await ask(client, { ...turn, memberId: "member-00001", timeoutMs: 60_000, out: process.stdout });
      } catch (e) {
        process.stdout.write(`\n[error] ${ConnectError.from(e).message}\n`);
      }
    }
  }
  if (values.once) {
    await stop(0);
    return 0;
  }
  process.stdout.write(`\nask more with: npx springboard ask "How should I prepare for the interview?" --context job:job-00002\nCtrl-C stops everything.\n`);
  await new Promise(() => {});
  return 0;
}

async function askCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      context: { type: "string" },
      member: { type: "string", default: "member-00001" },
      conversation: { type: "string" },
      addr: { type: "string", default: process.env.GATEWAY_ADDR ?? `localhost:${DEFAULT_PORTS.gateway}` },
      "timeout-ms": { type: "string", default: "60000" },
    },
  });
  const question = positionals.join(" ");
  if (!question) {
    process.stderr.write(`ask needs a question\n${USAGE}`);
    return 2;
  }
  try {
    const ids = await ask(serviceClient(AssistantService, values.addr), {
      question,
      context: values.context,
      memberId: values.member,
      conversationId: values.conversation,
      timeoutMs: Number(values["timeout-ms"]),
      out: process.stdout,
    });
    process.stdout.write(`\x1b[2mconversation ${ids.conversationId} (continue with --conversation ${ids.conversationId})\x1b[0m\n`);
    return 0;
  } catch (e) {
    const err = ConnectError.from(e);
    process.stderr.write(`\n${err.message}${err.code === 14 ? `\nIs the cluster running? Start it with: npx springboard up` : ""}\n`);
    return 1;
  }
}

/** stdio reads all of standard input (when wanted) and gives the command writers for the output. */
async function stdio(readInput = true) {
  let stdin = "";
  if (readInput && !process.stdin.isTTY) {
    for await (const chunk of process.stdin) stdin += chunk;
  }
  return { stdin, stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s) };
}

async function skillsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      agent: { type: "string", default: "" },
      addr: { type: "string", default: process.env.SKILL_REGISTRY_ADDR ?? `localhost:${DEFAULT_PORTS["skill-registry"]}` },
    },
  });
  const [verb, arg] = positionals;
  const client = serviceClient(SkillRegistryService, values.addr);
  try {
    switch (verb) {
      case "list": {
        const { skills } = await client.list({ agent: values.agent }, { timeoutMs: 5_000 });
        for (const s of skills) process.stdout.write(`${s.name.padEnd(20)} v${s.version}  ${s.description.replace(/\s+/g, " ").slice(0, 90)}\n`);
        return 0;
      }
      case "register": {
        if (!arg) break;
        const res = await registerSkillFile(arg, values.addr);
        process.stdout.write(`${res.skill?.name} v${res.skill?.version} ${res.changed ? "registered" : "unchanged"}\n`);
        return 0;
      }
      case "remove": {
        if (!arg) break;
        const res = await client.remove({ name: arg }, { timeoutMs: 5_000 });
        process.stdout.write(res.removed ? `${arg} removed\n` : `${arg} was not registered\n`);
        return 0;
      }
    }
  } catch (e) {
    process.stderr.write(`${ConnectError.from(e).message}\n`);
    return 1;
  }
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
