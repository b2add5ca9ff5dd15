import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import {
  SkillHitSchema,
  SkillRegistryService,
  type RegisterRequest,
  type SkillDefinition,
} from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { bind, checkText, createLogger, invalidArgument, notFound, type Logger, type ServiceBinding } from "@springboard/runtime";
import type { Redis } from "ioredis";
import { checkDefinition, DefinitionError, errorText, parseSkillYaml } from "./definitions.js";
import { SkillInvoker } from "./invoke.js";
import { SkillIndex, type RetrievalClient } from "./search.js";
import { SkillStore } from "./store.js";

export interface SkillRegistryDeps {
  redis: Redis;
  /** endpoints maps backend names used in bindings to host:port, for example {"member-graph": "localhost:50057"}. */
  endpoints: Record<string, string>;
  /** retrieval indexes skill descriptions for Search; without it Search answers UNAVAILABLE. */
  retrieval?: RetrievalClient;
  logger?: Logger;
  defaultMaxResultTokens?: number;
  /** keyPrefix prefixes every Redis key; "skills" unless set. */
  keyPrefix?: string;
  /** pollMs is how often the change counter is checked as a safety net for pub/sub. */
  pollMs?: number;
}

export interface RegisteredSkill {
  skill: SkillDefinition;
  changed: boolean;
}

export interface SkillRegistry {
  services: ServiceBinding[];
  store: SkillStore;
  index: SkillIndex;
  /** register validates and stores a definition (a message or skill YAML text), then indexes it. */
  register(source: SkillDefinition | string): Promise<RegisteredSkill>;
  /** loadBuiltins registers every *.yaml file of a folder; any invalid file fails the whole load. */
  loadBuiltins(dir: string): Promise<RegisteredSkill[]>;
  close(): Promise<void>;
}

const MAX_SEARCH_K = 50;

/** createSkillRegistry builds the registry's gRPC service over Redis, ready to serve. */
export async function createSkillRegistry(deps: SkillRegistryDeps): Promise<SkillRegistry> {
  const logger = deps.logger ?? createLogger("skill-registry");
  const store = new SkillStore(deps.redis, { prefix: deps.keyPrefix, pollMs: deps.pollMs, logger });
  const index = new SkillIndex(deps.retrieval, logger);
  const invoker = new SkillInvoker({ endpoints: deps.endpoints, defaultMaxResultTokens: deps.defaultMaxResultTokens });
  const indexed = new Map<string, number>();
  store.onChange((c) => invoker.forget(c.op === "put" ? c.skill.name : c.name));
  await store.start();

  const validationContext = { endpoints: Object.keys(deps.endpoints) };
  const check = (source: SkillDefinition | string): SkillDefinition =>
    checkDefinition(typeof source === "string" ? parseSkillYaml(source) : source, validationContext);

  const indexSkills = async (skills: SkillDefinition[]) => {
    const todo = skills.filter((s) => indexed.get(s.name) !== s.version);
    if (todo.length === 0 || !index.enabled) return;
    if (await index.upsert(todo)) for (const s of todo) indexed.set(s.name, s.version);
  };

  const register = async (source: SkillDefinition | string): Promise<RegisteredSkill> => {
    const result = await store.put(check(source));
    await indexSkills([result.skill]);
    return result;
  };

  const skillOrNotFound = async (name: string): Promise<SkillDefinition> => {
    if (name.trim() === "") throw invalidArgument("name the skill, for example job_details");
    const skill = await store.fetch(name);
    if (!skill) {
      const known = store.list().map((s) => s.name);
      throw notFound(`no skill named "${name}"; registered skills: ${known.join(", ") || "none"}`);
    }
    return skill;
  };

  const allowed = (skill: SkillDefinition, agent: string) => agent === "" || skill.agents.length === 0 || skill.agents.includes(agent);

  const services = [
    bind(SkillRegistryService, {
      async register(req: RegisterRequest) {
        let source: SkillDefinition | string;
        if (req.source.case === "yaml") source = req.source.value;
        else if (req.source.case === "definition") source = req.source.value;
        else throw invalidArgument("send the skill as definition (a SkillDefinition) or yaml (the text of a skill file)");
        try {
          const { skill, changed } = await register(source);
          logger.info({ skill: skill.name, version: skill.version, changed }, "skill registered");
          return { skill, changed };
        } catch (e) {
          if (e instanceof DefinitionError) throw invalidArgument(e.message);
          throw e;
        }
      },

      async remove(req) {
        const name = req.name.trim();
        if (name === "") throw invalidArgument("name the skill to remove");
        const removed = await store.remove(name);
        indexed.delete(name);
        if (removed) {
          logger.info({ skill: name }, "skill removed");
          void index.remove(name);
        }
        return { removed };
      },

      async list(req) {
        return {
          skills: store.list().filter((s) => allowed(s, req.agent) && (req.tag === "" || s.tags.includes(req.tag))),
        };
      },

      async describe(req) {
        return { skill: await skillOrNotFound(req.name) };
      },

      async search(req, ctx) {
        const query = checkText("query", req.query, { required: true, max: 2_000 });
        if (req.k > MAX_SEARCH_K) throw invalidArgument(`k is ${req.k}; ask for 1 to ${MAX_SEARCH_K} skills (0 means 5)`);
        const k = req.k === 0 ? 5 : req.k;
        const hits = await index.search(query, Math.min(100, Math.max(k * 4, 20)), ctx.signal);
        const out = [];
        for (const h of hits) {
          const skill = store.get(h.name);
          if (!skill || !allowed(skill, req.agent)) continue;
          out.push(create(SkillHitSchema, { name: skill.name, score: Math.max(0, Math.min(1, h.score)), description: skill.description }));
          if (out.length === k) break;
        }
        return { hits: out };
      },

      async invoke(req, ctx) {
        const skill = await skillOrNotFound(req.skill);
        return invoker.invoke(skill, req, ctx);
      },
    }),
  ];

  return {
    services,
    store,
    index,
    register,
    async loadBuiltins(dir) {
      let files: string[];
      try {
        files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
      } catch (e) {
        throw new Error(`cannot read the skills folder ${dir}: ${errorText(e)}; set SKILLS_DIR to a folder of skill YAML files`);
      }
      const problems: string[] = [];
      const defs: SkillDefinition[] = [];
      for (const file of files) {
        const path = join(dir, file);
        try {
          defs.push(check(await readFile(path, "utf8")));
        } catch (e) {
          problems.push(`${path}: ${e instanceof DefinitionError ? e.problems.join("; ") : errorText(e)}`);
        }
      }
      if (problems.length > 0) throw new Error(`invalid skill files:\n  ${problems.join("\n  ")}`);
      const results: RegisteredSkill[] = [];
      for (const def of defs) results.push(await store.put(def));
      await indexSkills(results.map((r) => r.skill));
      logger.info(
        { skills: results.length, changed: results.filter((r) => r.changed).map((r) => r.skill.name), index_pending: index.pendingCount },
        "built-in skills registered",
      );
      return results;
    },
    async close() {
      index.close();
      await store.close();
    },
  };
}
