import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { REPO } from "../src/manifests.js";
import { SERVICES } from "../src/topology.js";

const list = (svc: string) =>
  execFileSync(process.execPath, ["deploy/docker/bundle.mjs", svc, "--list"], { cwd: REPO, encoding: "utf8" }).trim().split("\n");

describe("container image", () => {
  it("every service is a workspace the image can be built for", () => {
    for (const s of SERVICES) assert.ok(existsSync(`${REPO}services/${s}/package.json`), s);
  });

  it("bundles each service's dist, the libs it depends on and its data folders, never sources or tests", () => {
    const data: Record<string, string[]> = { agent: ["agents"], "skill-registry": ["skills"], router: ["data", "model"] };
    for (const s of SERVICES) {
      const paths = list(s);
      assert.ok(paths.includes(`services/${s}/dist/src`), `${s}: dist`);
      assert.ok(paths.includes("libs/runtime/dist/src") && paths.includes("libs/proto/dist/src"), `${s}: runtime and proto`);
      for (const d of data[s] ?? []) if (existsSync(`${REPO}services/${s}/${d}`)) assert.ok(paths.includes(`services/${s}/${d}`), `${s}: ${d}`);
      assert.ok(!paths.some((p) => /\/(src|test)$/.test(p) && !p.endsWith("dist/src")), `${s}: sources or tests bundled: ${paths.join(" ")}`);
      assert.ok(!paths.some((p) => p.startsWith("libs/cluster") || p.startsWith("libs/cli")), `${s}: development libs bundled`);
    }
  });

  it("the Dockerfile pins its base image, runs as a numeric non-root user and starts services/<svc>/dist/src/main.js", () => {
    const text = readFileSync(`${REPO}Dockerfile`, "utf8");
    assert.match(text, /ARG NODE_IMAGE=node:\d+\.\d+\.\d+-bookworm-slim/);
    assert.match(text, /FROM \$\{NODE_IMAGE\} AS runtime[\s\S]*USER 1000:1000/);
    assert.match(text, /SERVICE_MAIN=services\/\$\{SERVICE\}\/dist\/src\/main\.js/);
    assert.match(text, /npm ci --omit=dev --workspace "services\/\$SERVICE"/);
    const ignore = readFileSync(`${REPO}.dockerignore`, "utf8");
    for (const p of ["**/node_modules", ".git", ".springboard", "**/*.log"]) assert.ok(ignore.split("\n").includes(p), `.dockerignore: ${p}`);
  });
});
