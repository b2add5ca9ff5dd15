/**
 * generate-base writes deploy/kustomize/base from the Helm chart's default values:
 *   npx tsc -b deploy && node deploy/dist/src/generate-base.js
 * A test fails when the committed base differs from what this writes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { baseFiles } from "./base-files.js";
import { REPO } from "./manifests.js";

const dir = `${REPO}deploy/kustomize/base`;
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith(".yaml")) rmSync(`${dir}/${f}`);
for (const [file, text] of Object.entries(baseFiles())) writeFileSync(`${dir}/${file}`, text);
process.stdout.write(`wrote ${Object.keys(baseFiles()).length} files to deploy/kustomize/base\n`);
