import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse, parseAllDocuments } from "yaml";
import { REPO, type Obj } from "../src/manifests.js";
import { SERVICES, TOPOLOGY } from "../src/topology.js";
import { checkAll } from "./checks.js";

const CHART = `${REPO}helm/springboard`;
const require = createRequire(import.meta.url);
// ajv is a dependency of the repository root (and of skill-registry); it is resolved from there.
const Ajv = require(require.resolve("ajv", { paths: [REPO] })) as { default: new (o: object) => any };

const values = () => parse(readFileSync(`${CHART}/values.yaml`, "utf8")) as Obj;
const schema = () => JSON.parse(readFileSync(`${CHART}/values.schema.json`, "utf8")) as Obj;
const templates = () =>
  readdirSync(`${CHART}/templates`)
    .filter((f) => /\.(yaml|tpl|txt)$/.test(f))
    .map((f) => ({ file: f, text: readFileSync(`${CHART}/templates/${f}`, "utf8") }));

function deepMerge(a: Obj, b: Obj): Obj {
  const out: Obj = structuredClone(a);
  for (const [k, v] of Object.entries(b)) {
    out[k] = v && typeof v === "object" && !Array.isArray(v) && out[k] && typeof out[k] === "object" ? deepMerge(out[k], v) : v;
  }
  return out;
}

function validator() {
  const ajv = new Ajv.default({ allErrors: true, strict: false });
  return ajv.compile(schema());
}

function helmAvailable(): boolean {
  try {
    execFileSync("helm", ["version", "--short"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("helm chart", () => {
  it("values.yaml and helm/values-dev.yaml validate against values.schema.json", () => {
    const validate = validator();
    for (const [name, v] of [
      ["values.yaml", values()],
      ["values.yaml + values-dev.yaml", deepMerge(values(), parse(readFileSync(`${REPO}helm/values-dev.yaml`, "utf8")) as Obj)],
    ] as const) {
      assert.ok(validate(v), `${name}: ${JSON.stringify(validate.errors, null, 1)}`);
    }
  });

  it("values.schema.json rejects unknown keys, wrong types and a bad service block", () => {
    const validate = validator();
    const bad = [
      deepMerge(values(), { typo: 1 }),
      deepMerge(values(), { services: { gateway: { replicas: "two" } } }),
      deepMerge(values(), { services: { router: { image: { pullPolicy: "Sometimes" } } } }),
      deepMerge(values(), { services: { "not-a-service": {} } }),
      deepMerge(values(), { llm: { external: { baseUrl: "api.openai.com" } } }),
      deepMerge(values(), { services: { agent: { env: { "BAD NAME": "x" } } } }),
    ];
    for (const v of bad) assert.equal(validate(v), false, JSON.stringify(v).slice(0, 80));
  });

  it("values.schema.json closes every object (additionalProperties false, or a schema for free-form maps) and requires every key of values.yaml", () => {
    const s = schema();
    const resolve = (node: Obj): Obj => (node.$ref ? resolve(s.definitions[(node.$ref as string).split("/").pop()!]) : node);
    const walk = (node: Obj, value: unknown, path: string) => {
      node = resolve(node);
      if (node.oneOf) return;
      if (node.type === "object") {
        assert.ok("additionalProperties" in node, `${path}: object schema without additionalProperties`);
        if (node.properties && value && typeof value === "object") {
          for (const [k, v] of Object.entries(value)) {
            assert.ok(node.properties[k], `${path}.${k} is in values.yaml but not in the schema`);
            walk(node.properties[k], v, `${path}.${k}`);
          }
        }
      }
      if (node.type === "array" && Array.isArray(value)) for (const [i, v] of value.entries()) walk(node.items, v, `${path}[${i}]`);
    };
    walk(s, values(), "values");
    const closed = (node: Obj, path: string) => {
      if (node.type === "object" && node.properties) assert.equal(node.additionalProperties, false, `${path}: additionalProperties must be false`);
      for (const [k, v] of Object.entries(node.properties ?? {})) closed(v as Obj, `${path}.${k}`);
      for (const [k, v] of Object.entries(node.definitions ?? {})) closed(v as Obj, `#/definitions/${k}`);
      if (node.items) closed(node.items, `${path}[]`);
    };
    closed(s, "values");
  });

  it("every .Values path used in the templates exists in values.yaml", () => {
    const v = values();
    const missing: string[] = [];
    for (const { file, text } of templates()) {
      for (const m of text.matchAll(/\.Values((?:\.[A-Za-z][A-Za-z0-9_]*)+)/g)) {
        let node: unknown = v;
        for (const key of m[1]!.slice(1).split(".")) node = node && typeof node === "object" ? (node as Obj)[key] : undefined;
        if (node === undefined) missing.push(`${file}: .Values${m[1]}`);
      }
      for (const m of text.matchAll(/\$svc((?:\.[A-Za-z][A-Za-z0-9_]*)+)/g)) {
        const keys = m[1]!.slice(1).split(".");
        const inSome = Object.values(v.services as Obj).some((svc) => {
          let node: unknown = svc;
          for (const key of keys) node = node && typeof node === "object" ? (node as Obj)[key] : undefined;
          return node !== undefined;
        });
        if (!inSome) missing.push(`${file}: $svc${m[1]}`);
      }
      for (const m of text.matchAll(/index \$?[.a-zA-Z]*Values\.services "([a-z-]+)"/g)) {
        if (!(m[1]! in v.services)) missing.push(`${file}: services.${m[1]}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("a keda block is used only under hasKey, since only the generation-facing services have one", () => {
    for (const { file, text } of templates()) {
      if (!text.includes("$svc.keda")) continue;
      assert.ok(text.includes('hasKey $svc "keda"'), `${file} reads $svc.keda without hasKey`);
    }
    assert.deepEqual(SERVICES.filter((s) => "keda" in values().services[s]), ["gateway", "agent", "generation"]);
  });

  it("the KEDA triggers are the queries, targets and metric types of deploy/autoscaling/queries.yaml", () => {
    const source = parse(readFileSync(`${REPO}deploy/autoscaling/queries.yaml`, "utf8")) as {
      window: { placeholder: string; production: string };
      deployments: Record<string, { triggers: { name: string; query: string; target: number; metricType: string }[] }>;
    };
    for (const s of SERVICES) {
      const chart = (values().services[s].keda?.triggers ?? []) as Obj[];
      const want = source.deployments[s]?.triggers ?? [];
      for (const t of chart) {
        const match = want.find((w) => w.name === t.name);
        assert.ok(match, `${s}: chart trigger ${String(t.name)} is not in queries.yaml`);
        assert.equal(t.query, match.query.replaceAll(source.window.placeholder, source.window.production), `${s}/${match.name} query`);
        assert.equal(Number(t.threshold), match.target, `${s}/${match.name} target`);
        assert.equal(t.metricType, match.metricType, `${s}/${match.name} metricType`);
      }
    }
  });

  it("the chart's topology helper says what deploy/src/topology.ts says", () => {
    const helpers = readFileSync(`${CHART}/templates/_helpers.tpl`, "utf8");
    const body = /define "springboard\.topology" -\}\}\n([\s\S]*?)\{\{- end \}\}/.exec(helpers);
    assert.ok(body, "springboard.topology is missing from _helpers.tpl");
    const chart = parse(body[1]!) as Record<string, Obj>;
    assert.deepEqual(Object.keys(chart).sort(), [...SERVICES].sort());
    for (const s of SERVICES) {
      assert.deepEqual(chart[s]!.calls, TOPOLOGY[s].calls, `${s}.calls`);
      assert.equal(Boolean(chart[s]!.redis), Boolean(TOPOLOGY[s].redis), `${s}.redis`);
      assert.equal(Boolean(chart[s]!.llm), Boolean(TOPOLOGY[s].llm), `${s}.llm`);
      assert.equal(values().services[s].port, TOPOLOGY[s].port, `${s}.port`);
    }
  });

  it("every template opens and closes its blocks", () => {
    for (const { file, text } of templates()) {
      const actions = [...text.matchAll(/\{\{-?\s*(\/\*[\s\S]*?\*\/|[^}]*?)\s*-?\}\}/g)].map((m) => m[1]!.trim());
      let depth = 0;
      for (const a of actions) {
        if (/^(if|range|with|define)\b/.test(a)) depth++;
        else if (/^end\b/.test(a)) depth--;
        assert.ok(depth >= 0, `${file}: an {{ end }} without its block`);
      }
      assert.equal(depth, 0, `${file}: ${depth} block(s) left open`);
      const opens = (text.match(/\{\{/g) ?? []).length;
      assert.equal(opens, (text.match(/\}\}/g) ?? []).length, `${file}: unbalanced {{ }}`);
    }
  });

  describe("rendered with helm template", () => {
    const cases: [string, string[]][] = [
      ["defaults", []],
      ["values-dev.yaml", ["-f", `${REPO}helm/values-dev.yaml`]],
      ["external LLM and Redis, HPA, KEDA, ServiceMonitor", [
        "--set", "llm.external.baseUrl=https://api.openai.com/v1",
        "--set", "redis.external.url=rediss://redis.example.com:6380",
        "--set", "services.router.autoscaling.enabled=true",
        "--set", "services.generation.keda.enabled=true",
        "--set", "serviceMonitor.enabled=true",
      ]],
    ];
    for (const [name, args] of cases) {
      it(name, function () {
        if (!helmAvailable()) {
          console.log("      helm is not on PATH: the chart is checked statically only; install helm to render it");
          this.skip();
        }
        const out = execFileSync("helm", ["template", "springboard", CHART, "--namespace", "springboard", ...args], { encoding: "utf8" });
        const objs = parseAllDocuments(out).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => o !== null);
        const core = objs.filter((o) => !["ScaledObject", "ServiceMonitor"].includes(o.kind));
        const skipped: string[] = [];
        if (name === "values-dev.yaml") {
          for (const o of core) for (const c of o.spec?.template?.spec?.containers ?? []) if (c.securityContext) c.securityContext.readOnlyRootFilesystem = true;
        }
        checkAll(core, skipped);
      });
    }
  });
});
