import { readFile } from "node:fs/promises";
import { SkillRegistryService, type RegisterResponse } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { serviceClient } from "@springboard/runtime";

/**
 * registerSkillFile sends a skill YAML file to a running registry at address (host:port). The
 * registry validates it and answers INVALID_ARGUMENT listing what to fix.
 */
export async function registerSkillFile(path: string, address: string, opts: { timeoutMs?: number } = {}): Promise<RegisterResponse> {
  const yaml = await readFile(path, "utf8");
  return serviceClient(SkillRegistryService, address).register({ source: { case: "yaml", value: yaml } }, { timeoutMs: opts.timeoutMs ?? 10_000 });
}
