import { stringify } from "yaml";
import { baseManifests, type Obj } from "./manifests.js";

const HEADER = "# Generated from helm/springboard/values.yaml by deploy/src/generate-base.ts; do not edit.\n";

function fileOf(o: Obj): string {
  const name = o.metadata.labels["app.kubernetes.io/name"] as string;
  return name === "springboard" ? "springboard.yaml" : `${name}.yaml`;
}

/** baseFiles is the base's text: one file per service (and Redis, and shared objects), plus kustomization.yaml. */
export function baseFiles(): Record<string, string> {
  const groups = new Map<string, Obj[]>();
  for (const o of baseManifests()) groups.set(fileOf(o), [...(groups.get(fileOf(o)) ?? []), o]);
  const files: Record<string, string> = {};
  for (const [file, objs] of groups) files[file] = HEADER + objs.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
  files["kustomization.yaml"] =
    HEADER + stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [...groups.keys()].sort() }, { lineWidth: 0 });
  return files;
}
