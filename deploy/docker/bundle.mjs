// bundle copies what one service needs at run time into a directory: the root package.json, and for
// the service and every workspace it depends on (transitively), its package.json, dist/src and its
// data folders (agents/, skills/, data/, model/ ...). Sources, tests and build files stay behind.
//   node deploy/docker/bundle.mjs <service> <out-dir>   |   node deploy/docker/bundle.mjs <service> --list
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const LEFT_BEHIND = new Set(["src", "test", "scripts", "node_modules", "dist", "corpus", "tsconfig.json", "README.md"]);

export function workspaceDirs(root) {
  const dirs = new Map();
  for (const group of ["libs", "services"]) {
    for (const d of readdirSync(join(root, group))) {
      const manifest = join(root, group, d, "package.json");
      if (existsSync(manifest)) dirs.set(JSON.parse(readFileSync(manifest, "utf8")).name, join(group, d));
    }
  }
  return dirs;
}

export function runtimePaths(root, service) {
  const byName = workspaceDirs(root);
  const start = `services/${service}`;
  if (![...byName.values()].includes(start)) throw new Error(`no workspace ${start}; services are: ${readdirSync(join(root, "services")).join(", ")}`);
  const seen = new Set();
  const queue = [start];
  while (queue.length > 0) {
    const dir = queue.shift();
    if (seen.has(dir)) continue;
    seen.add(dir);
    const deps = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")).dependencies ?? {};
    for (const name of Object.keys(deps)) if (byName.has(name)) queue.push(byName.get(name));
  }
  const paths = ["package.json"];
  for (const dir of [...seen].sort()) {
    paths.push(join(dir, "package.json"), join(dir, "dist", "src"));
    for (const entry of readdirSync(join(root, dir))) {
      if (!LEFT_BEHIND.has(entry) && entry !== "package.json") paths.push(join(dir, entry));
    }
  }
  return paths;
}

const [service, out] = process.argv.slice(2);
if (!service || !out) {
  process.stderr.write("usage: node deploy/docker/bundle.mjs <service> <out-dir|--list>\n");
  process.exit(2);
}
const root = process.cwd();
const paths = runtimePaths(root, service);
if (out === "--list") {
  process.stdout.write(paths.join("\n") + "\n");
} else {
  for (const p of paths) {
    if (!existsSync(join(root, p))) throw new Error(`${p} is missing: build the service first (npx tsc -b services/${service})`);
    mkdirSync(dirname(join(out, p)), { recursive: true });
    cpSync(join(root, p), join(out, p), { recursive: true });
  }
}
