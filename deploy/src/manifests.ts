import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { callers, PART_OF, REDIS, SERVICES, TOPOLOGY, addrEnv, type ServiceName } from "./topology.js";

export type Obj = Record<string, any>;

/** REPO is the repository root, from deploy/dist/src. */
export const REPO = new URL("../../../", import.meta.url).pathname;
export const INSTANCE = "springboard";
/** SNAPSHOT_DIR is where a service with a snapshots volume (retrieval) keeps its index snapshots. */
export const SNAPSHOT_DIR = "/var/lib/springboard/snapshots";

export function chartValues(): Obj {
  return parse(readFileSync(`${REPO}helm/springboard/values.yaml`, "utf8")) as Obj;
}

export function chartVersion(): string {
  return (parse(readFileSync(`${REPO}helm/springboard/Chart.yaml`, "utf8")) as Obj).appVersion as string;
}

const selector = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/instance": INSTANCE });
const labels = (name: string, version: string) => ({
  ...selector(name),
  "app.kubernetes.io/component": name,
  "app.kubernetes.io/part-of": PART_OF,
  "app.kubernetes.io/version": version,
  "app.kubernetes.io/managed-by": "kustomize",
});
const meta = (name: string, version: string) => ({ name, labels: labels(name, version) });
const podPeer = (name: string) => ({ podSelector: { matchLabels: selector(name) } });
const tcp = (port: number) => ({ port, protocol: "TCP" });

/**
 * baseManifests are the chart's default resources as plain objects, built from the chart's own
 * values.yaml the way its templates build them (release name "springboard", managed by kustomize).
 */
export function baseManifests(values: Obj = chartValues(), version: string = chartVersion()): Obj[] {
  const out: Obj[] = [];
  const grace = Math.floor(values.shutdown.graceMs / 1000) + values.shutdown.preStopSleepSeconds + 10;
  const redisUrl = `redis://${REDIS.name}:${values.redis.port}`;
  out.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta(values.serviceAccount.name, version), automountServiceAccountToken: false });
  const probe = (port: number, kind: string) => ({
    grpc: { port },
    periodSeconds: values.probes[kind].periodSeconds,
    failureThreshold: values.probes[kind].failureThreshold,
    timeoutSeconds: 2,
  });
  for (const name of SERVICES) {
    const svc = values.services[name];
    const node = TOPOLOGY[name];
    const env: Obj[] = [
      { name: "PORT", value: String(svc.port) },
      { name: "SHUTDOWN_GRACE_MS", value: String(values.shutdown.graceMs) },
      { name: "LOG_LEVEL", value: values.logLevel },
      ...node.calls.map((c) => ({ name: addrEnv(c), value: `${c}:${values.services[c].port}` })),
    ];
    if (node.redis) env.push({ name: "REDIS_URL", value: redisUrl });
    if (node.llm) {
      env.push({ name: "LLM_BASE_URL", value: `http://llm-sim:${values.services["llm-sim"].port}/v1` }, { name: "LLM_API_KEY", value: "sk-local" });
    }
    const snapshots = svc.snapshots?.enabled === true;
    if (snapshots) env.push({ name: "RETRIEVAL_SNAPSHOT_DIR", value: SNAPSHOT_DIR });
    for (const [k, v] of Object.entries(svc.env as Obj)) env.push({ name: k, value: String(v) });
    out.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(name, version),
      spec: {
        replicas: svc.replicas,
        revisionHistoryLimit: 5,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        selector: { matchLabels: selector(name) },
        template: {
          metadata: {
            labels: labels(name, version),
            annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(svc.port), "prometheus.io/path": "/metrics" },
          },
          spec: {
            serviceAccountName: values.serviceAccount.name,
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: grace,
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
            topologySpreadConstraints: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
              maxSkew: values.topologySpread.maxSkew,
              topologyKey,
              whenUnsatisfiable: values.topologySpread.whenUnsatisfiable,
              labelSelector: { matchLabels: selector(name) },
            })),
            containers: [
              {
                name,
                image: `${svc.image.repository}:${svc.image.tag || version}`,
                imagePullPolicy: svc.image.pullPolicy,
                ports: [{ name: "grpc", containerPort: svc.port, protocol: "TCP" }],
                env,
                startupProbe: probe(svc.port, "startup"),
                readinessProbe: probe(svc.port, "readiness"),
                livenessProbe: probe(svc.port, "liveness"),
                lifecycle: { preStop: { exec: { command: ["sleep", String(values.shutdown.preStopSleepSeconds)] } } },
                resources: svc.resources,
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...(snapshots ? [{ name: "snapshots", mountPath: SNAPSHOT_DIR }] : [])],
              },
            ],
            volumes: [
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
              ...(snapshots ? [{ name: "snapshots", emptyDir: { sizeLimit: svc.snapshots.sizeLimit } }] : []),
            ],
          },
        },
      },
    });
    out.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(name, version),
      spec: {
        type: "ClusterIP",
        selector: selector(name),
        ports: [{ name: "grpc", port: svc.port, targetPort: "grpc", protocol: "TCP", appProtocol: "kubernetes.io/h2c" }],
      },
    });
    out.push({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(name, version),
      spec: { maxUnavailable: svc.podDisruptionBudget.maxUnavailable, selector: { matchLabels: selector(name) } },
    });
    out.push(networkPolicy(name, values, version));
  }
  out.push({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { ...meta("springboard", version), name: "springboard-default-deny" },
    spec: { podSelector: { matchLabels: { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/instance": INSTANCE } }, policyTypes: ["Ingress", "Egress"] },
  });
  out.push(...redisManifests(values, version));
  return out;
}

function networkPolicy(name: ServiceName, values: Obj, version: string): Obj {
  const node = TOPOLOGY[name];
  const ingressFrom = name === "gateway" ? [] : [...callers(name).map(podPeer), ...(values.networkPolicy.scrapeFrom as Obj[])];
  const egress: Obj[] = [
    {
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
      to: [{ namespaceSelector: {}, podSelector: { matchLabels: values.networkPolicy.dnsSelector } }],
    },
    ...node.calls.map((c) => ({ ports: [tcp(values.services[c].port)], to: [podPeer(c)] })),
  ];
  if (node.redis) egress.push({ ports: [tcp(values.redis.port)], to: [podPeer(REDIS.name)] });
  if (node.llm) egress.push({ ports: [tcp(values.services["llm-sim"].port)], to: [podPeer("llm-sim")] });
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(name, version),
    spec: {
      podSelector: { matchLabels: selector(name) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ ports: [tcp(values.services[name].port)], from: ingressFrom }],
      egress,
    },
  };
}

function redisManifests(values: Obj, version: string): Obj[] {
  const r = values.redis;
  const port = r.port as number;
  const svcSpec = { selector: selector(REDIS.name), ports: [{ name: "redis", port, targetPort: "redis", protocol: "TCP" }] };
  return [
    { apiVersion: "v1", kind: "Service", metadata: meta(REDIS.name, version), spec: { type: "ClusterIP", ...svcSpec } },
    { apiVersion: "v1", kind: "Service", metadata: { ...meta(REDIS.name, version), name: "redis-headless" }, spec: { clusterIP: "None", ...svcSpec } },
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta(REDIS.name, version),
      spec: {
        serviceName: "redis-headless",
        replicas: 1,
        selector: { matchLabels: selector(REDIS.name) },
        template: {
          metadata: { labels: labels(REDIS.name, version) },
          spec: {
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 30,
            securityContext: { runAsNonRoot: true, runAsUser: REDIS.uid, runAsGroup: REDIS.uid, fsGroup: REDIS.uid, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "redis",
                image: `${r.image.repository}:${r.image.tag}`,
                imagePullPolicy: r.image.pullPolicy,
                args: ["redis-server", "--port", String(port), "--dir", "/data", "--appendonly", "yes", "--protected-mode", "no"],
                ports: [{ name: "redis", containerPort: port, protocol: "TCP" }],
                readinessProbe: { exec: { command: ["redis-cli", "-p", String(port), "ping"] }, periodSeconds: 5, timeoutSeconds: 2 },
                livenessProbe: { tcpSocket: { port: "redis" }, periodSeconds: 10, failureThreshold: 3 },
                resources: r.resources,
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
                volumeMounts: [
                  { name: "data", mountPath: "/data" },
                  { name: "tmp", mountPath: "/tmp" },
                ],
              },
            ],
            volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: "data" },
            spec: {
              accessModes: ["ReadWriteOnce"],
              ...(r.persistence.storageClassName ? { storageClassName: r.persistence.storageClassName } : {}),
              resources: { requests: { storage: r.persistence.size } },
            },
          },
        ],
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(REDIS.name, version),
      spec: {
        podSelector: { matchLabels: selector(REDIS.name) },
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ ports: [tcp(port)], from: SERVICES.filter((s) => TOPOLOGY[s].redis).map(podPeer) }],
        egress: [],
      },
    },
  ];
}
