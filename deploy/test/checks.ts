import { readFileSync, readdirSync, existsSync } from "node:fs";
import assert from "node:assert/strict";
import { ServiceAccount, Service } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { addrEnv, callers, REDIS, SERVICES, TOPOLOGY, type ServiceName } from "../src/topology.js";
import { REPO, type Obj } from "../src/manifests.js";

const MODELS: Record<string, new (o: any) => { validate(): void }> = {
  "v1/ServiceAccount": ServiceAccount,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};

/** validateSchemas checks every object against the Kubernetes API schema of its kind. */
export function validateSchemas(objs: Obj[]): void {
  for (const o of objs) {
    const model = MODELS[`${o.apiVersion}/${o.kind}`];
    assert.ok(model, `${o.apiVersion} ${o.kind}/${o.metadata?.name} has no schema in the checks; add it to MODELS`);
    try {
      new model(structuredClone(o)).validate();
    } catch (e) {
      assert.fail(`${o.kind}/${o.metadata.name} does not match the Kubernetes schema: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export const byKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

/** readsConfig parses the env names a service's main.ts passes to serviceConfig( or loadConfig(; undefined when main.ts is missing. */
export function readsConfig(service: string): Set<string> | undefined {
  const file = `${REPO}services/${service}/src/main.ts`;
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  const m = /(?:serviceConfig\(\s*"[^"]*"\s*,|loadConfig\()\s*\{([\s\S]*?)\n\}\s*\)/.exec(text);
  assert.ok(m, `${file}: no serviceConfig( or loadConfig( call found`);
  return new Set([...m[1]!.matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*:/gm)].map((x) => x[1]!));
}

/** Env names a container may set that main.ts does not list: read by the runtime, Node or OpenTelemetry. */
const AMBIENT = /^(LOG_LEVEL|NODE_OPTIONS|NODE_ENV|OTEL_[A-Z0-9_]+)$/;

export function checkWorkloads(objs: Obj[]): void {
  const workloads = [...byKind(objs, "Deployment"), ...byKind(objs, "StatefulSet")];
  assert.ok(workloads.length > 0, "no workloads rendered");
  for (const w of workloads) {
    const id = `${w.kind}/${w.metadata.name}`;
    const pod = w.spec.template.spec;
    assert.deepEqual(w.spec.selector.matchLabels, pickKeys(w.spec.template.metadata.labels, Object.keys(w.spec.selector.matchLabels)), `${id}: selector does not match its pod labels`);
    assert.equal(pod.securityContext?.runAsNonRoot, true, `${id}: pod runAsNonRoot`);
    assert.equal(pod.securityContext?.seccompProfile?.type, "RuntimeDefault", `${id}: pod seccompProfile`);
    assert.equal(pod.automountServiceAccountToken, false, `${id}: service account token mounted`);
    for (const c of pod.containers as Obj[]) {
      const cid = `${id} container ${c.name}`;
      assert.ok(c.readinessProbe && c.livenessProbe, `${cid}: readiness and liveness probes`);
      assert.ok(c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.memory, `${cid}: cpu/memory requests and a memory limit`);
      const sc = c.securityContext ?? {};
      assert.equal(sc.allowPrivilegeEscalation, false, `${cid}: allowPrivilegeEscalation`);
      assert.equal(sc.readOnlyRootFilesystem, true, `${cid}: readOnlyRootFilesystem`);
      assert.deepEqual(sc.capabilities?.drop, ["ALL"], `${cid}: capabilities drop ALL`);
      assert.equal(sc.seccompProfile?.type, "RuntimeDefault", `${cid}: seccompProfile`);
      const mounts = (c.volumeMounts ?? []) as Obj[];
      const tmp = mounts.find((m) => m.mountPath === "/tmp");
      assert.ok(tmp && (pod.volumes as Obj[]).find((v) => v.name === tmp.name)?.emptyDir, `${cid}: an emptyDir at /tmp`);
      if (w.kind !== "Deployment") continue;
      const port = c.ports[0].containerPort as number;
      for (const p of [c.readinessProbe, c.livenessProbe, c.startupProbe]) assert.equal(p?.grpc?.port, port, `${cid}: native gRPC probes on ${port}`);
      const grace = Number(env(c).get("SHUTDOWN_GRACE_MS")) / 1000;
      const preStop = Number(c.lifecycle?.preStop?.exec?.command?.[1]);
      assert.deepEqual(c.lifecycle?.preStop?.exec?.command?.[0], "sleep", `${cid}: a preStop sleep`);
      assert.ok(preStop > 0, `${cid}: preStop sleeps`);
      assert.ok(pod.terminationGracePeriodSeconds > grace + preStop, `${cid}: terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} must exceed preStop ${preStop}s + SHUTDOWN_GRACE_MS ${grace}s`);
    }
  }
}

function pickKeys(o: Obj, keys: string[]): Obj {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

function env(c: Obj): Map<string, string | undefined> {
  return new Map(((c.env ?? []) as Obj[]).map((e) => [e.name as string, e.value as string | undefined]));
}

export function checkServices(objs: Obj[]): void {
  const workloads = [...byKind(objs, "Deployment"), ...byKind(objs, "StatefulSet")];
  for (const s of byKind(objs, "Service")) {
    const sel = s.spec.selector as Obj;
    const hits = workloads.filter((w) => Object.entries(sel).every(([k, v]) => w.spec.template.metadata.labels[k] === v));
    assert.equal(hits.length, 1, `Service/${s.metadata.name} selects ${hits.length} workloads; it must select exactly one`);
    const ports = (hits[0]!.spec.template.spec.containers as Obj[]).flatMap((c) => c.ports as Obj[]);
    for (const p of s.spec.ports as Obj[]) {
      const target = ports.find((cp) => (typeof p.targetPort === "string" ? cp.name === p.targetPort : cp.containerPort === p.targetPort));
      assert.ok(target, `Service/${s.metadata.name} port ${p.port} targets ${p.targetPort}, which no container port is`);
      assert.equal(target.containerPort, p.port, `Service/${s.metadata.name}: port ${p.port} differs from the container port ${target.containerPort}`);
    }
  }
  for (const d of byKind(objs, "Deployment")) {
    assert.ok(find(objs, "Service", d.metadata.name), `Deployment/${d.metadata.name} has no Service of the same name`);
  }
}

/** checkWiring: every *_ADDR and REDIS_URL / LLM_BASE_URL names a Service and its port, and env matches what main.ts reads. */
export function checkWiring(objs: Obj[], skipped: string[] = []): void {
  const services = new Map(byKind(objs, "Service").map((s) => [s.metadata.name as string, (s.spec.ports as Obj[]).map((p) => p.port as number)]));
  for (const d of byKind(objs, "Deployment")) {
    const name = d.metadata.name as ServiceName;
    const c = d.spec.template.spec.containers[0] as Obj;
    const e = env(c);
    const names = new Set(((c.env ?? []) as Obj[]).map((x) => x.name as string));
    assert.equal(names.size, (c.env ?? []).length, `${name}: an env variable is set twice`);
    assert.equal(Number(e.get("PORT")), c.ports[0].containerPort, `${name}: PORT differs from the container port`);
    assert.equal(c.ports[0].containerPort, TOPOLOGY[name].port, `${name}: port differs from the documented ${TOPOLOGY[name].port}`);
    for (const callee of TOPOLOGY[name].calls) {
      const addr = e.get(addrEnv(callee));
      assert.ok(addr, `${name}: ${addrEnv(callee)} is not set`);
      const [host, port] = addr.split(":");
      assert.ok(services.get(host!)?.includes(Number(port)), `${name}: ${addrEnv(callee)}=${addr} is not a Service name and port`);
    }
    for (const [k, v] of e) {
      if (k.endsWith("_ADDR") && v) {
        const [host, port] = v.split(":");
        assert.ok(services.get(host!)?.includes(Number(port)), `${name}: ${k}=${v} is not a Service name and port`);
      }
    }
    if (TOPOLOGY[name].redis) {
      const url = e.get("REDIS_URL");
      assert.ok(url !== undefined || (c.env as Obj[]).find((x) => x.name === "REDIS_URL")?.valueFrom, `${name}: REDIS_URL is not set`);
      if (url) {
        const u = new URL(url);
        if (u.hostname === REDIS.name) assert.ok(services.get(REDIS.name)?.includes(Number(u.port)), `${name}: REDIS_URL=${url} is not the redis Service`);
      }
    }
    if (TOPOLOGY[name].llm) {
      const base = e.get("LLM_BASE_URL");
      assert.ok(base, `${name}: LLM_BASE_URL is not set`);
      const u = new URL(base);
      if (u.hostname === "llm-sim") assert.ok(services.get("llm-sim")?.includes(Number(u.port)), `${name}: LLM_BASE_URL=${base} is not the llm-sim Service`);
      else assert.ok(!services.has(u.hostname), `${name}: LLM_BASE_URL points at ${u.hostname}`);
      if (u.hostname !== "llm-sim") {
        const key = (c.env as Obj[]).find((x) => x.name === "LLM_API_KEY");
        assert.ok(key?.valueFrom?.secretKeyRef?.name && key.value === undefined, `${name}: LLM_API_KEY for an external endpoint must come from a Secret`);
      }
    }
    const reads = readsConfig(name);
    if (!reads) {
      skipped.push(`${name}: services/${name}/src/main.ts is missing; env not compared with it`);
      continue;
    }
    for (const k of reads) {
      if (k.endsWith("_ADDR") || k === "REDIS_URL" || k === "LLM_BASE_URL" || k === "PORT") assert.ok(names.has(k), `${name}: main.ts reads ${k} but the manifest does not set it (the default points at localhost)`);
    }
    for (const k of names) assert.ok(reads.has(k) || AMBIENT.test(k), `${name}: sets ${k}, which services/${name}/src/main.ts does not read`);
  }
}

type Edge = string;

/** checkNetworkPolicies: ingress and egress between springboard pods are exactly the call graph. */
export function checkNetworkPolicies(objs: Obj[]): void {
  const deployed = new Set(byKind(objs, "Deployment").map((d) => d.metadata.name as string));
  const hasRedis = byKind(objs, "StatefulSet").some((s) => s.metadata.name === REDIS.name);
  const pols = byKind(objs, "NetworkPolicy");
  assert.ok(
    pols.some((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).includes("app.kubernetes.io/part-of") && !p.spec.ingress && !p.spec.egress),
    "a default-deny NetworkPolicy over every springboard pod",
  );
  const podName = (peer: Obj) => peer.podSelector?.matchLabels?.["app.kubernetes.io/name"] as string | undefined;
  const portOf = (n: string) => (n === REDIS.name ? REDIS.port : TOPOLOGY[n as ServiceName].port);
  const ingress = new Set<Edge>();
  const egress = new Set<Edge>();
  for (const p of pols) {
    const self = p.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] as string | undefined;
    if (!self || self === "springboard") continue;
    assert.deepEqual([...p.spec.policyTypes].sort(), ["Egress", "Ingress"], `NetworkPolicy/${p.metadata.name}: policyTypes`);
    for (const rule of (p.spec.ingress ?? []) as Obj[]) {
      assert.deepEqual(rule.ports.map((x: Obj) => x.port), [portOf(self)], `NetworkPolicy/${self}: ingress only on its own port`);
      if (!rule.from || rule.from.length === 0) {
        assert.equal(self, "gateway", `NetworkPolicy/${self} admits everyone; only the gateway may`);
        ingress.add(`*->${self}`);
        continue;
      }
      for (const peer of rule.from as Obj[]) {
        const from = podName(peer);
        if (from) ingress.add(`${from}->${self}`);
        else assert.ok(peer.namespaceSelector && !peer.ipBlock, `NetworkPolicy/${self}: ingress peer ${JSON.stringify(peer)} is neither a springboard pod nor the scraping namespace`);
      }
    }
    for (const rule of (p.spec.egress ?? []) as Obj[]) {
      for (const peer of rule.to as Obj[]) {
        if (peer.podSelector?.matchLabels?.["k8s-app"] || peer.namespaceSelector) {
          assert.deepEqual(rule.ports.map((x: Obj) => x.port), [53, 53], `NetworkPolicy/${self}: only DNS egress to other namespaces`);
          continue;
        }
        const to = podName(peer);
        if (to) {
          assert.deepEqual(rule.ports.map((x: Obj) => x.port), [portOf(to)], `NetworkPolicy/${self}: egress to ${to} on its port`);
          egress.add(`${self}->${to}`);
        } else {
          assert.ok(peer.ipBlock && (self === "generation" || TOPOLOGY[self as ServiceName]?.redis), `NetworkPolicy/${self}: egress outside the cluster is for the LLM or Redis only`);
          egress.add(`${self}->external`);
        }
      }
    }
  }
  const wantIngress = new Set<Edge>();
  const wantEgress = new Set<Edge>();
  for (const s of SERVICES.filter((x) => deployed.has(x))) {
    if (s === "gateway") wantIngress.add("*->gateway");
    else for (const c of callers(s)) wantIngress.add(`${c}->${s}`);
    for (const c of TOPOLOGY[s].calls) wantEgress.add(`${s}->${c}`);
    if (TOPOLOGY[s].redis) {
      if (hasRedis) {
        wantEgress.add(`${s}->redis`);
        wantIngress.add(`${s}->redis`);
      } else wantEgress.add(`${s}->external`);
    }
    if (TOPOLOGY[s].llm) {
      if (deployed.has("llm-sim")) wantEgress.add(`${s}->llm-sim`);
      else wantEgress.add(`${s}->external`);
    }
  }
  assert.deepEqual([...ingress].sort(), [...wantIngress].sort(), "NetworkPolicy ingress differs from the call graph");
  assert.deepEqual([...egress].sort(), [...wantEgress].sort(), "NetworkPolicy egress differs from the call graph");
  for (const s of SERVICES.filter((x) => deployed.has(x))) assert.ok(pols.find((p) => p.metadata.name === s), `${s} has no NetworkPolicy`);
}

export function checkAll(objs: Obj[], skipped: string[] = []): void {
  validateSchemas(objs);
  checkWorkloads(objs);
  checkServices(objs);
  checkWiring(objs, skipped);
  checkNetworkPolicies(objs);
  for (const pdb of byKind(objs, "PodDisruptionBudget")) {
    assert.ok(find(objs, "Deployment", pdb.metadata.name), `PodDisruptionBudget/${pdb.metadata.name} has no Deployment`);
  }
}

export const serviceDirs = () => readdirSync(`${REPO}services`).sort();
