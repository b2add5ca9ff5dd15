import assert from "node:assert/strict";
import { spawn } from "node:child_process";

// A service process: it starts, lets a promise fail that nobody awaits, and says whether it lives on.
const SCRIPT = `
import { createLogger, runUntilSignalled, startService } from ${JSON.stringify(new URL("../src/index.js", import.meta.url).href)};
const service = await startService({ name: "leftover", port: 0, logger: createLogger("leftover"), shutdownGraceMs: 100, services: [] });
runUntilSignalled(service);
Promise.reject(new Error("a call left over from a cancelled turn"));
setTimeout(() => { console.log(JSON.stringify({ msg: "still alive" })); process.kill(process.pid, "SIGTERM"); }, 200);
`;

describe("runUntilSignalled", function () {
  this.timeout(20_000);

  it("logs an unhandled rejection with its stack and keeps serving", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", SCRIPT], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LOG_LEVEL: "info" } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    const lines = out.split("\n").flatMap((l) => {
      try {
        return [JSON.parse(l) as { msg?: string; err?: string; level?: string }];
      } catch {
        return [];
      }
    });
    const logged = lines.find((l) => l.msg?.startsWith("unhandled promise rejection"));
    assert.ok(logged, out);
    assert.equal(logged.level, "error");
    assert.match(logged.err ?? "", /a call left over from a cancelled turn\n\s+at /);
    assert.ok(lines.some((l) => l.msg === "still alive"), out);
    assert.equal(code, 0, out);
  });
});
