import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { baseFiles } from "../src/base-files.js";
import { render, kustomizeDir } from "../src/kustomize.js";
import { REPO, type Obj } from "../src/manifests.js";
import { SERVICES } from "../src/topology.js";
import { byKind, checkAll } from "./checks.js";

const TARGETS = ["base", "overlays/dev", "overlays/prod"];

function kubectlKustomize(dir: string): Obj[] | undefined {
  try {
    const out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return parseAllDocuments(out).map((d) => d.toJS() as Obj);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** canonical sorts objects by id and lists of named things by name, so two renderings compare by meaning. */
function canonical(objs: Obj[]): Obj[] {
  const sortNamed = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(sortNamed);
      return items.every((x) => x && typeof x === "object" && typeof (x as Obj).name === "string")
        ? [...items].sort((a, b) => String((a as Obj).name).localeCompare(String((b as Obj).name)))
        : items;
    }
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortNamed(x)]));
    return v;
  };
  return objs.map((o) => sortNamed(o) as Obj).sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

describe("kustomize", () => {
  it("the committed base is what deploy/src/generate-base.ts writes from the chart's values", () => {
    for (const [file, text] of Object.entries(baseFiles())) {
      assert.equal(readFileSync(kustomizeDir(REPO, "base", file), "utf8"), text, `deploy/kustomize/base/${file} is stale: run npx tsc -b deploy && node deploy/dist/src/generate-base.js`);
    }
  });

  for (const target of TARGETS) {
    describe(target, () => {
      const objs = () => render(kustomizeDir(REPO, target));

      it("renders the same as kubectl kustomize", function () {
        const real = kubectlKustomize(kustomizeDir(REPO, target));
        if (!real) this.skip();
        assert.deepEqual(canonical(objs()), canonical(real));
      });

      it("passes the Kubernetes schemas and the deployment checks", () => {
        const skipped: string[] = [];
        checkAll(objs(), skipped);
        for (const s of skipped) console.log(`      (skipped) ${s}`);
      });
    });
  }

  it("dev: one replica of every service, dev images, llm-sim on", () => {
    const objs = render(kustomizeDir(REPO, "overlays/dev"));
    for (const d of byKind(objs, "Deployment")) {
      assert.equal(d.spec.replicas, 1, d.metadata.name);
      assert.match(d.spec.template.spec.containers[0].image, /^springboard\/[a-z-]+:dev$/);
      assert.equal(d.metadata.namespace, "springboard-dev");
    }
    assert.deepEqual(byKind(objs, "Deployment").map((d) => d.metadata.name).sort(), [...SERVICES].sort());
  });

  it("prod: pinned registry images, no llm-sim, the external LLM's key from a Secret", () => {
    const objs = render(kustomizeDir(REPO, "overlays/prod"));
    assert.ok(!objs.some((o) => o.metadata.name === "llm-sim"), "llm-sim is still rendered");
    for (const d of byKind(objs, "Deployment")) assert.match(d.spec.template.spec.containers[0].image, /^registry\.example\.com\/springboard\/[a-z-]+:\d+\.\d+\.\d+$/);
    const gen = byKind(objs, "Deployment").find((d) => d.metadata.name === "generation")!;
    const env = gen.spec.template.spec.containers[0].env as Obj[];
    assert.match(env.find((e) => e.name === "LLM_BASE_URL")!.value, /^https:\/\//);
    assert.deepEqual(env.find((e) => e.name === "LLM_API_KEY"), { name: "LLM_API_KEY", valueFrom: { secretKeyRef: { name: "springboard-llm", key: "api-key" } } });
  });
});
