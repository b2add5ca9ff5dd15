import { bool, createLogger, int, serviceConfig, port, runUntilSignalled, startService } from "@springboard/runtime";
import { DEFAULT_SEED, generateDataset } from "./dataset.js";
import { plantInjections } from "./planted.js";
import { createMemberGraphServices } from "./server.js";
import { createWebSearchRoute } from "./websearch.js";

const config = serviceConfig("member-graph", {
  PORT: port(50057),
  MEMBER_GRAPH_SEED: int(DEFAULT_SEED, { min: 0, max: 4_294_967_295 }),
  MEMBER_GRAPH_LATENCY_MS: int(2, { min: 0, max: 60_000 }),
  MEMBER_GRAPH_JITTER_MS: int(1, { min: 0, max: 60_000 }),
  MEMBER_GRAPH_PLANTED: bool(false),
  SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }),
});

const logger = createLogger("member-graph");
const started = performance.now();
const data = generateDataset(config.MEMBER_GRAPH_SEED);
if (config.MEMBER_GRAPH_PLANTED) plantInjections(data);
logger.info(
  {
    seed: data.seed,
    ms: Math.round(performance.now() - started),
    members: data.members.length,
    companies: data.companies.length,
    jobs: data.jobs.length,
    posts: data.posts.length,
    courses: data.courses.length,
    skills: data.skills.length,
    news: data.news.length,
  },
  "dataset generated",
);
const service = await startService({
  name: "member-graph",
  port: config.PORT,
  logger,
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: createMemberGraphServices(data, { latencyMs: config.MEMBER_GRAPH_LATENCY_MS, jitterMs: config.MEMBER_GRAPH_JITTER_MS }),
  http: [createWebSearchRoute(data.news)],
});
runUntilSignalled(service);
