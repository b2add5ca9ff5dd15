/**
 * kustomize renders the subset of kustomize that deploy/kustomize uses: resources (files and
 * directories), patches (strategic merge, including $patch: delete and null to drop a field, and
 * JSON 6902 with a target of kind, name and labelSelector), namespace, replicas and images. It
 * refuses any other field, so an overlay cannot quietly use something it does not render.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse, parseAllDocuments } from "yaml";

export type Obj = Record<string, any>;

const SUPPORTED = new Set(["apiVersion", "kind", "resources", "patches", "namespace", "replicas", "images"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "StorageClass"]);
const MERGE_KEYS: Record<string, string> = { containers: "name", initContainers: "name", env: "name", volumes: "name", volumeMounts: "mountPath" };

interface Target {
  kind?: string;
  name?: string;
  labelSelector?: string;
}

export function readYamlDocs(file: string): Obj[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`);
      return d.toJS() as Obj | null;
    })
    .filter((o): o is Obj => o !== null);
}

export function render(dir: string): Obj[] {
  const kfile = join(dir, "kustomization.yaml");
  if (!existsSync(kfile)) throw new Error(`${dir} has no kustomization.yaml`);
  const k = parse(readFileSync(kfile, "utf8")) as Obj;
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key)) throw new Error(`${kfile}: "${key}" is not rendered by deploy/src/kustomize.ts; keep overlays to ${[...SUPPORTED].join(", ")}`);
  let objs: Obj[] = [];
  for (const r of (k.resources ?? []) as string[]) {
    const p = join(dir, r);
    objs.push(...(statSync(p).isDirectory() ? render(p) : readYamlDocs(p)));
  }
  for (const patch of (k.patches ?? []) as Obj[]) objs = applyPatch(objs, patch, dir);
  if (k.namespace) for (const o of objs) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  for (const r of (k.replicas ?? []) as Obj[]) {
    const hits = objs.filter((o) => o.metadata.name === r.name && o.spec && "replicas" in o.spec);
    if (hits.length === 0) throw new Error(`${kfile}: replicas for "${r.name}" match no workload`);
    for (const o of hits) o.spec.replicas = r.count;
  }
  for (const img of (k.images ?? []) as Obj[]) {
    for (const o of objs) for (const c of podContainers(o)) c.image = retag(c.image, img);
  }
  return objs;
}

function podContainers(o: Obj): Obj[] {
  const spec = o.spec?.template?.spec;
  return spec ? [...(spec.containers ?? []), ...(spec.initContainers ?? [])] : [];
}

function retag(image: string, img: Obj): string {
  const at = image.indexOf("@");
  const base = at >= 0 ? image.slice(0, at) : image;
  const colon = base.lastIndexOf(":");
  const hasTag = colon > base.lastIndexOf("/");
  const name = hasTag ? base.slice(0, colon) : base;
  if (name !== img.name) return image;
  const tag = hasTag ? base.slice(colon + 1) : undefined;
  const newName = (img.newName as string | undefined) ?? name;
  if (img.digest) return `${newName}@${img.digest}`;
  const newTag = (img.newTag as string | undefined) ?? tag;
  return newTag ? `${newName}:${newTag}` : newName;
}

function matches(o: Obj, t: Target): boolean {
  if (t.kind && o.kind !== t.kind) return false;
  if (t.name && o.metadata?.name !== t.name) return false;
  if (t.labelSelector) {
    for (const term of t.labelSelector.split(",")) {
      const [key, value] = term.split("=").map((s) => s.trim());
      if (o.metadata?.labels?.[key!] !== value) return false;
    }
  }
  return true;
}

function applyPatch(objs: Obj[], patch: Obj, dir: string): Obj[] {
  const text = patch.path ? readFileSync(join(dir, patch.path as string), "utf8") : (patch.patch as string);
  const docs = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  const target = patch.target as Target | undefined;
  if (docs.length === 1 && Array.isArray(docs[0])) {
    if (!target) throw new Error(`${dir}: a JSON 6902 patch needs a target`);
    const hits = objs.filter((o) => matches(o, target));
    if (hits.length === 0) throw new Error(`${dir}: patch target ${JSON.stringify(target)} matches nothing`);
    for (const o of hits) for (const op of docs[0] as Obj[]) json6902(o, op);
    return objs;
  }
  let out = objs;
  for (const doc of docs as Obj[]) {
    const t: Target = target ?? { kind: doc.kind, name: doc.metadata?.name };
    const hits = out.filter((o) => matches(o, t));
    if (hits.length === 0) throw new Error(`${dir}: strategic merge patch for ${t.kind}/${t.name} matches nothing`);
    if (doc.$patch === "delete") {
      out = out.filter((o) => !hits.includes(o));
      continue;
    }
    for (const o of hits) {
      const merged = strategicMerge(o, doc);
      for (const k of Object.keys(o)) delete o[k];
      Object.assign(o, merged);
    }
  }
  return out;
}

export function strategicMerge(base: unknown, patch: unknown, field = ""): unknown {
  if (patch === null) return undefined;
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(base)) return structuredClone(patch);
    const out = (base as Obj[]).map((x) => structuredClone(x));
    for (const item of patch as Obj[]) {
      const i = out.findIndex((x) => x[key] === item[key]);
      if (item.$patch === "delete") {
        if (i >= 0) out.splice(i, 1);
      } else if (i >= 0) out[i] = strategicMerge(out[i], item) as Obj;
      else out.push(strategicMerge(undefined, item) as Obj);
    }
    return out;
  }
  if (typeof patch === "object") {
    const out: Obj = base && typeof base === "object" && !Array.isArray(base) ? structuredClone(base as Obj) : {};
    for (const [k, v] of Object.entries(patch as Obj)) {
      const merged = strategicMerge(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  return patch;
}

function json6902(o: Obj, op: Obj): void {
  const parts = (op.path as string).split("/").slice(1).map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = parts.pop()!;
  let parent: any = o;
  for (const p of parts) {
    parent = Array.isArray(parent) ? parent[Number(p)] : parent?.[p];
    if (parent === undefined) throw new Error(`json patch path ${op.path} does not exist in ${o.kind}/${o.metadata.name}`);
  }
  const exists = Array.isArray(parent) ? Number(last) < parent.length : last in parent;
  switch (op.op) {
    case "add":
      if (Array.isArray(parent)) parent.splice(last === "-" ? parent.length : Number(last), 0, structuredClone(op.value));
      else parent[last] = structuredClone(op.value);
      return;
    case "replace":
      if (!exists) throw new Error(`json patch replace: ${op.path} does not exist in ${o.kind}/${o.metadata.name}`);
      parent[Array.isArray(parent) ? Number(last) : last] = structuredClone(op.value);
      return;
    case "remove":
      if (!exists) throw new Error(`json patch remove: ${op.path} does not exist in ${o.kind}/${o.metadata.name}`);
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      return;
    default:
      throw new Error(`json patch op "${op.op}" is not rendered; use add, replace or remove`);
  }
}

export const kustomizeDir = (repo: string, ...p: string[]) => join(repo, "deploy", "kustomize", ...p);
export const here = (url: string) => dirname(new URL(url).pathname);
