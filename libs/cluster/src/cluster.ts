import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Health, HealthCheckResponse_ServingStatus } from "@springboard/proto/grpc/health/v1/health_pb.js";
import { serviceClient } from "@springboard/runtime";
import { freePort, startRedis, type LocalRedis } from "./redis.js";

/** SERVICES lists the services in start order: a service starts after those it calls. */
export const SERVICES = ["llm-sim", "member-graph", "retrieval", "generation", "skill-registry", "router", "agent", "gateway"] as const;
export type ServiceName = (typeof SERVICES)[number];

/** DEFAULT_PORTS are the ports `springboard up` uses when they are free. */
export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 50051,
  router: 50052,
  agent: 50053,
  "skill-registry": 50054,
  retrieval: 50055,
  generation: 50056,
  "member-graph": 50057,
  "llm-sim": 50058,
};

export const REPO_ROOT = resolve(fileURLToPath(new URL("../../../..", import.meta.url)));

export interface ClusterOptions {
  /** ports to use; "free" asks the kernel for free ones (for tests). */
  ports?: Partial<Record<ServiceName, number>> | "free";
  /** redisUrl uses an existing Redis; otherwise a redis-server from PATH is started. */
  redisUrl?: string;
  /** env is added to every service's environment. */
  env?: Record<string, string>;
  /** serviceEnv is added to one service's environment. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** logDir receives one log file per service; stdout/stderr are discarded when unset. */
  logDir?: string;
  /** readyTimeoutMs bounds the wait for every service to report SERVING. */
  readyTimeoutMs?: number;
  onStatus?: (line: string) => void;
  /** nodeArgs are extra Node.js flags for one service, for example ["--cpu-prof"]. */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** only starts these services (their callees must be among them or already running). */
  only?: ServiceName[];
}

export interface RunningProcess {
  name: ServiceName;
  port: number;
  address: string;
  child: ChildProcess;
}

export interface Cluster {
  redisUrl: string;
  services: Record<ServiceName, RunningProcess>;
  /** address of a service, host:port. */
  address(name: ServiceName): string;
  /** kill sends a signal to one service, for fault tests. */
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

export function serviceEntry(name: ServiceName): string {
  return join(REPO_ROOT, "services", name, "dist", "src", "main.js");
}

/**
 * startCluster starts Redis (unless given one) and every service as its own process on its own port,
 * wired to each other by address, and resolves when all of them report SERVING.
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  try {
    return await launch(opts);
  } catch (e) {
    // A port picked as free can be taken before the service binds it (by any process, even as the
    // local end of an outgoing connection): pick new ports once.
    if (opts.ports === "free" && e instanceof PortTakenError) return launch(opts);
    throw e;
  }
}

/** PortTakenError is a service that could not listen because its port was taken meanwhile. */
class PortTakenError extends Error {}

async function launch(opts: ClusterOptions): Promise<Cluster> {
  const say = opts.onStatus ?? (() => {});
  for (const name of SERVICES) {
    if (!existsSync(serviceEntry(name))) throw new Error(`${serviceEntry(name)} is missing: run "npm run build" first`);
  }
  const ports = {} as Record<ServiceName, number>;
  for (const name of SERVICES) {
    ports[name] = opts.ports === "free" ? await freePort() : (opts.ports?.[name] ?? DEFAULT_PORTS[name]);
  }
  let redis: LocalRedis | undefined;
  let redisUrl = opts.redisUrl;
  if (!redisUrl) {
    redis = await startRedis(opts.logDir ? { dataDir: ensureDir(join(opts.logDir, "redis")) } : {});
    redisUrl = redis.url;
    say(`redis        ${redisUrl} (redis-server, data in ${redis.dataDir})`);
  }
  const addr = (name: ServiceName) => `127.0.0.1:${ports[name]}`;
  const wiring: Record<string, string> = {
    REDIS_URL: redisUrl,
    ROUTER_ADDR: addr("router"),
    AGENT_ADDR: addr("agent"),
    SKILL_REGISTRY_ADDR: addr("skill-registry"),
    RETRIEVAL_ADDR: addr("retrieval"),
    GENERATION_ADDR: addr("generation"),
    MEMBER_GRAPH_ADDR: addr("member-graph"),
    LLM_BASE_URL: `http://${addr("llm-sim")}/v1`,
  };
  const running = {} as Record<ServiceName, RunningProcess>;
  const chosen = SERVICES.filter((name) => !opts.only || opts.only.includes(name));
  const logs: WriteStream[] = [];
  const stop = async () => {
    for (const name of [...SERVICES].reverse()) {
      const p = running[name];
      if (p && p.child.exitCode === null && p.child.signalCode === null) {
        const exited = new Promise((r) => p.child.once("exit", r));
        p.child.kill("SIGTERM");
        const timer = setTimeout(() => p.child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
    }
    await redis?.stop();
    for (const l of logs) l.end();
    process.off("exit", orphans);
  };
  // Children must not outlive the launcher, however it ends.
  const orphans = () => {
    for (const p of Object.values(running)) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    redis?.kill();
  };
  process.once("exit", orphans);
  try {
    for (const name of chosen) {
      const log = opts.logDir ? createWriteStream(join(ensureDir(opts.logDir), `${name}.log`), { flags: "a" }) : undefined;
      if (log) logs.push(log);
      const child = spawn(process.execPath, [...(opts.nodeArgs?.[name] ?? []), serviceEntry(name)], {
        env: { ...process.env, ...wiring, ...opts.env, ...opts.serviceEnv?.[name], PORT: String(ports[name]) },
        stdio: ["ignore", log ? "pipe" : "ignore", "pipe"],
      });
      child.stdout?.pipe(log!, { end: false });
      if (log) child.stderr!.pipe(log, { end: false });
      // The end of stderr says why a service died before it was ready (a crash prints there).
      stderrTails.set(child, "");
      child.stderr!.on("data", (d: Buffer) => stderrTails.set(child, (stderrTails.get(child)! + d.toString()).slice(-4_000)));
      running[name] = { name, port: ports[name], address: addr(name), child };
    }
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
    await Promise.all(chosen.map((name) => waitServing(running[name], deadline, opts.logDir).then(() => say(`${name.padEnd(12)} ${addr(name)}`))));
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    redisUrl,
    services: running,
    address: addr,
    async kill(name, signal = "SIGTERM") {
      const p = running[name];
      if (p.child.exitCode !== null) return p.child.exitCode;
      const exited = new Promise<number | null>((r) => p.child.once("exit", (code) => r(code)));
      p.child.kill(signal);
      return exited;
    },
    stop,
  };
}

const stderrTails = new WeakMap<ChildProcess, string>();

async function waitServing(p: RunningProcess, deadline: number, logDir?: string): Promise<void> {
  const health = serviceClient(Health, p.address);
  for (;;) {
    if (p.child.exitCode !== null) {
      const where = logDir ? `; see ${join(logDir, `${p.name}.log`)}` : "";
      const stderr = stderrTails.get(p.child) ?? "";
      const why = stderr.trim() === "" ? "" : `:\n${stderr.trim().split("\n").slice(-12).join("\n")}`;
      const message = `${p.name} exited with code ${p.child.exitCode} before it was ready${where}${why}`;
      throw stderr.includes("EADDRINUSE") ? new PortTakenError(message) : new Error(message);
    }
    try {
      const res = await health.check({ service: "" }, { timeoutMs: 500 });
      if (res.status === HealthCheckResponse_ServingStatus.SERVING) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${p.name} did not report SERVING on ${p.address} in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
