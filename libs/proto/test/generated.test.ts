import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { protoRegistry } from "../src/index.js";

const root = resolve(fileURLToPath(new URL("../../../..", import.meta.url)));
const buf = join(root, "node_modules", ".bin", "buf");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("proto/", function () {
  this.timeout(60_000);

  it("passes buf lint", () => {
    execFileSync(buf, ["lint"], { cwd: root, stdio: "pipe" });
  });

  it("matches the committed generated code (run `make generate` after changing a .proto)", () => {
    const out = mkdtempSync(join(tmpdir(), "springboard-gen-"));
    try {
      execFileSync(buf, ["generate", "-o", out], { cwd: root, stdio: "pipe", env: { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}` } });
      const committed = join(root, "libs/proto/src/gen");
      const fresh = join(out, "libs/proto/src/gen");
      const list = (d: string) => files(d).map((f) => relative(d, f)).sort();
      assert.deepEqual(list(fresh), list(committed), "the set of generated files differs");
      for (const f of list(committed)) {
        assert.equal(readFileSync(join(fresh, f), "utf8"), readFileSync(join(committed, f), "utf8"), `${f} is stale`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("resolves every service of the cluster from one registry", () => {
    const reg = protoRegistry();
    for (const name of [
      "springboard.gateway.v1.AssistantService",
      "springboard.router.v1.RouterService",
      "springboard.agent.v1.AgentService",
      "springboard.skills.v1.SkillRegistryService",
      "springboard.retrieval.v1.RetrievalService",
      "springboard.generation.v1.GenerationService",
      "springboard.membergraph.v1.JobService",
      "springboard.llmsim.v1.SimulatorService",
      "grpc.health.v1.Health",
    ]) {
      assert.ok(reg.getService(name), name);
    }
  });
});
