import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ScalarType, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { DEFAULT_PORTS, REPO_ROOT } from "@springboard/cluster";
import { protoRegistry } from "@springboard/proto";

const LOAD_DIR = join(REPO_ROOT, "deploy", "load");
const PROTO_DIR = join(REPO_ROOT, "proto");

/** GHZ_KEYS are the keys of ghz's config file (runner.Config's json tags). */
const GHZ_KEYS = new Set([
  "proto", "protoset", "call", "cacert", "cert", "key", "skipTLS", "skipFirst", "cname", "authority", "insecure",
  "total", "async", "concurrency", "concurrency-schedule", "concurrency-start", "concurrency-end", "concurrency-step",
  "concurrency-step-duration", "concurrency-max-duration", "connections", "rps", "duration", "duration-stop",
  "max-duration", "timeout", "data", "data-file", "binary-file", "metadata", "metadata-file", "stream-interval",
  "output", "format", "connect-timeout", "keepalive", "cpus", "import-paths", "name", "tags", "reflect-metadata",
  "debug", "host", "enable-compression", "load-schedule", "load-start", "load-end", "load-step", "load-step-duration",
  "load-max-duration",
]);
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const FORMATS = new Set(["summary", "csv", "json", "pretty", "html", "influx-summary", "influx-details"]);
const HOST_PORTS: Record<string, number> = {
  "springboard.gateway.v1.AssistantService": DEFAULT_PORTS.gateway,
  "springboard.router.v1.RouterService": DEFAULT_PORTS.router,
  "springboard.retrieval.v1.RetrievalService": DEFAULT_PORTS.retrieval,
  "springboard.skills.v1.SkillRegistryService": DEFAULT_PORTS["skill-registry"],
};

/** protoMethods lists "package.Service.Method" for every rpc declared under proto/. */
function protoMethods(): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : f.endsWith(".proto") ? [join(dir, f)] : []));
  for (const file of walk(PROTO_DIR)) {
    const text = readFileSync(file, "utf8").replace(/\/\/.*$/gm, "");
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(text)?.[1];
    for (const svc of text.matchAll(/service\s+(\w+)\s*\{([\s\S]*?)\n\}/g)) {
      for (const rpc of svc[2]!.matchAll(/rpc\s+(\w+)\s*\(/g)) out.add(`${pkg}.${svc[1]}.${rpc[1]}`);
    }
  }
  return out;
}

/** checkMessage returns the problems of a protobuf-JSON object against a message descriptor. */
function checkMessage(value: unknown, desc: DescMessage, path: string): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected an object for ${desc.typeName}`];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = desc.fields.find((f) => f.name === key || f.jsonName === key);
    const at = `${path}.${key}`;
    if (!field) {
      problems.push(`${at}: ${desc.typeName} has no field "${key}"`);
      continue;
    }
    problems.push(...checkField(v, field, at));
  }
  return problems;
}

function checkField(v: unknown, f: DescField, at: string): string[] {
  switch (f.fieldKind) {
    case "scalar":
      return checkScalar(v, f.scalar, at);
    case "enum":
      return checkEnum(v, f.enum, at);
    case "message":
      return checkMessage(v, f.message, at);
    case "list": {
      if (!Array.isArray(v)) return [`${at}: expected an array`];
      return v.flatMap((item, i) =>
        f.listKind === "message" ? checkMessage(item, f.message, `${at}[${i}]`) : f.listKind === "enum" ? checkEnum(item, f.enum, `${at}[${i}]`) : checkScalar(item, f.scalar, `${at}[${i}]`),
      );
    }
    case "map":
      return typeof v === "object" && v !== null && !Array.isArray(v) ? [] : [`${at}: expected an object for a map`];
  }
}

function checkScalar(v: unknown, scalar: ScalarType, at: string): string[] {
  if (scalar === ScalarType.STRING || scalar === ScalarType.BYTES) return typeof v === "string" ? [] : [`${at}: expected a string`];
  if (scalar === ScalarType.BOOL) return typeof v === "boolean" ? [] : [`${at}: expected a boolean`];
  return typeof v === "number" || (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v)) ? [] : [`${at}: expected a number`];
}

function checkEnum(v: unknown, e: DescEnum, at: string): string[] {
  if (typeof v === "number") return e.values.some((x) => x.number === v) ? [] : [`${at}: ${v} is not a ${e.typeName}`];
  return e.values.some((x) => x.name === v) ? [] : [`${at}: "${String(v)}" is not a ${e.typeName} value`];
}

describe("ghz load configs", () => {
  const configs = readdirSync(join(LOAD_DIR, "ghz")).filter((f) => f.endsWith(".json"));
  const methods = protoMethods();

  it("cover the four RPCs under load", () => {
    const calls = configs.map((f) => JSON.parse(readFileSync(join(LOAD_DIR, "ghz", f), "utf8")).call);
    assert.deepEqual(calls.sort(), [
      "springboard.gateway.v1.AssistantService.Converse",
      "springboard.retrieval.v1.RetrievalService.Search",
      "springboard.router.v1.RouterService.Route",
      "springboard.skills.v1.SkillRegistryService.Invoke",
    ]);
    assert.ok(methods.has("springboard.gateway.v1.AssistantService.Converse"), "the proto scan finds rpcs");
  });

  for (const file of configs) {
    describe(file, () => {
      const config = JSON.parse(readFileSync(join(LOAD_DIR, "ghz", file), "utf8")) as Record<string, unknown>;

      it("uses only ghz's config keys, with valid values", () => {
        for (const key of Object.keys(config)) assert.ok(GHZ_KEYS.has(key), `unknown ghz key "${key}"`);
        assert.equal(config.insecure, true);
        assert.ok(config.total !== undefined || config.duration !== undefined, "total or duration");
        for (const key of ["duration", "timeout", "connect-timeout", "max-duration"]) {
          if (config[key] !== undefined) assert.match(String(config[key]), GO_DURATION, `${key}`);
        }
        for (const key of ["concurrency", "connections", "total", "rps"]) {
          if (config[key] !== undefined) assert.ok(Number.isInteger(config[key]) && (config[key] as number) > 0, `${key} is a positive integer`);
        }
        assert.ok(FORMATS.has(String(config.format ?? "summary")));
        assert.equal(config.proto, undefined, "server reflection by default");
        assert.equal(config.protoset, undefined, "server reflection by default");
      });

      it("calls an rpc declared in proto/, on its service's default port", () => {
        const call = String(config.call);
        assert.ok(methods.has(call), `${call} is not declared in proto/`);
        const service = call.slice(0, call.lastIndexOf("."));
        assert.equal(config.host, `localhost:${HOST_PORTS[service]}`);
      });

      it("sends data that parses and fits the request message", () => {
        const call = String(config.call);
        const service = protoRegistry().getService(call.slice(0, call.lastIndexOf(".")));
        assert.ok(service, `${call}: no such service in @springboard/proto`);
        const method = service.methods.find((m) => m.name === call.slice(call.lastIndexOf(".") + 1));
        assert.ok(method, `${call}: no such method`);
        const dataFile = join(LOAD_DIR, String(config["data-file"]));
        assert.ok(existsSync(dataFile), `${dataFile} is missing`);
        const data = JSON.parse(readFileSync(dataFile, "utf8")) as unknown;
        assert.ok(Array.isArray(data) && data.length >= 10, "an array of at least 10 varied requests");
        assert.equal(new Set(data.map((d) => JSON.stringify(d))).size, data.length, "no duplicate requests");
        const problems = data.flatMap((d, i) => checkMessage(d, method.input, `[${i}]`));
        assert.deepEqual(problems, []);
        for (const text of [JSON.stringify(data), JSON.stringify(config.metadata ?? {})]) {
          for (const action of text.matchAll(/\{\{(.*?)\}\}/g)) {
            assert.match(action[1]!.trim(), /^(\.(RequestNumber|WorkerID|TimestampUnix|UUID)|newUUID|randomInt \d+ \d+|randomString \d+)$/, `template {{${action[1]}}}`);
          }
        }
      });
    });
  }

  it("checks the field validator catches a misspelt field and a bad enum", () => {
    const input = protoRegistry().getService("springboard.gateway.v1.AssistantService")!.methods.find((m) => m.name === "Converse")!.input;
    assert.deepEqual(checkMessage({ member_id: "m", question: "q", context: { kind: "CONTENT_KIND_JOB", id: "job-00001" } }, input, ""), []);
    assert.equal(checkMessage({ memberId: "m", qestion: "q" }, input, "").length, 1);
    assert.equal(checkMessage({ context: { kind: "JOB" } }, input, "").length, 1);
  });
});
