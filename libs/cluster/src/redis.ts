import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface LocalRedis {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** kill ends redis-server at once, synchronously, for process exit handlers. */
  kill(): void;
}

export const REDIS_MISSING = [
  "redis-server was not found on PATH, and REDIS_URL is not set.",
  "Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis),",
  "or point REDIS_URL at a running Redis, for example REDIS_URL=redis://localhost:6379.",
].join("\n");

export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** freePort asks the kernel for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * startRedis runs a redis-server from PATH on a free loopback port with its own data directory, and
 * resolves once it accepts connections.
 */
export async function startRedis(opts: { dataDir?: string; port?: number } = {}): Promise<LocalRedis> {
  if (!hasRedisServer()) throw new Error(REDIS_MISSING);
  const port = opts.port ?? (await freePort());
  const owned = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "springboard-redis-"));
  const child: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dataDir, "--save", "60 1000", "--appendonly", "no", "--protected-mode", "yes"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not accept connections on port ${port} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dataDir,
    kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (owned) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: "127.0.0.1" });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
