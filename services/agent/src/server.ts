import { ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import type { SkillDefinition } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import type { UpsertRequest } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import type { JSONSchema } from "@springboard/llm-yaml";
import { bind, downstream, type ServiceBinding } from "@springboard/runtime";
import type { AgentDefinition } from "./agents.js";
import { runAgent, type AgentDeps, type CatalogueEntry } from "./run.js";

const KIND_VALUES: Record<string, ContentKind> = {
  job: ContentKind.JOB,
  post: ContentKind.POST,
  company: ContentKind.COMPANY,
  profile: ContentKind.PROFILE,
  none: ContentKind.UNSPECIFIED,
};

/** CATALOGUE_TTL_MS bounds how long a newly registered or removed skill takes to reach plans. */
const CATALOGUE_TTL_MS = 1_000;

export function createAgentService(deps: AgentDeps): ServiceBinding[] {
  // One List of every skill serves all agents: each takes those it may call.
  let listed: { at: number; skills: SkillDefinition[] } | undefined;
  let refreshing: Promise<SkillDefinition[]> | undefined;
  const catalogues = new WeakMap<SkillDefinition[], Map<string, CatalogueEntry[]>>();
  const refresh = async (ctx: HandlerContext): Promise<SkillDefinition[]> => {
    try {
      // Not cancelled with the turn that started it: other turns may be waiting for the same List.
      const { headers } = downstream(ctx);
      const res = await deps.skills.list({}, { headers, timeoutMs: 2_000 });
      deps.skillCalls?.listed(res.skills);
      listed = { at: performance.now(), skills: res.skills };
    } catch (e) {
      // The skills already listed stay callable while the registry is away; the next List is
      // tried a TTL later, not on every turn.
      if (!listed) throw e;
      deps.logger.warn({ err: ConnectError.from(e).message }, "skill registry unreachable; planning with the skills listed before");
      listed = { at: performance.now(), skills: listed.skills };
    }
    return listed.skills;
  };
  const catalogue = async (agent: AgentDefinition, ctx: HandlerContext): Promise<CatalogueEntry[]> => {
    let all: SkillDefinition[];
    const age = listed ? performance.now() - listed.at : Infinity;
    if (age < CATALOGUE_TTL_MS) {
      all = listed!.skills;
      // Past half its TTL the list is refreshed while this turn goes on with it: under steady
      // traffic no turn waits for a List, and none plans with a list older than the TTL.
      if (age >= CATALOGUE_TTL_MS / 2 && !refreshing) {
        refreshing = refresh(ctx).finally(() => (refreshing = undefined));
        refreshing.catch(() => undefined);
      }
    } else {
      // Turns that find the list expired share one List.
      refreshing ??= refresh(ctx).finally(() => (refreshing = undefined));
      all = await untilAborted(refreshing, ctx.signal);
    }
    let byAgent = catalogues.get(all);
    if (!byAgent) catalogues.set(all, (byAgent = new Map()));
    let entries = byAgent.get(agent.name);
    if (!entries) {
      entries = all
        .filter((s) => (s.agents.length === 0 ? agent.skills.includes(s.name) : s.agents.includes(agent.name)))
        .map((s) => ({
          info: { name: s.name, description: s.description, args: describeArgs(s.inputSchemaJson) },
          inputSchema: parseSchema(s.inputSchemaJson),
          definition: s,
        }));
      byAgent.set(agent.name, entries);
    }
    return entries;
  };
  const impl: ServiceImpl<typeof AgentService> = {
    run: runAgent(deps, catalogue),
    listAgents() {
      return {
        agents: [...deps.agents.values()].map((a) => ({
          name: a.name,
          description: a.description,
          skills: a.skills,
          starterQuestions: a.starterQuestions.map((q) => ({ kind: KIND_VALUES[q.kind] ?? ContentKind.UNSPECIFIED, text: q.text })),
        })),
      };
    },
  };
  return [bind(AgentService, impl)];
}

/** untilAborted answers what p answers, or rejects with the signal's reason once it is aborted. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

function parseSchema(json: string): JSONSchema {
  try {
    return JSON.parse(json) as JSONSchema;
  } catch {
    return { type: "object" };
  }
}

/** describeArgs renders a JSON Schema's properties as "name: type (required)" lines for the planner. */
export function describeArgs(schemaJson: string): string[] {
  try {
    const schema = JSON.parse(schemaJson) as { properties?: Record<string, { type?: string; items?: { type?: string }; enum?: unknown[] }>; required?: string[] };
    return Object.entries(schema.properties ?? {}).map(([name, p]) => {
      const type = p.type === "array" ? `${p.items?.type ?? "string"}[]` : p.enum ? p.enum.join("|") : (p.type ?? "string");
      return `${name}: ${type}${schema.required?.includes(name) ? " (required)" : ""}`;
    });
  } catch {
    return [];
  }
}

/** examplesToUpserts turns the agents' response examples into documents of the "examples" index. */
export async function* examplesToUpserts(agents: Map<string, AgentDefinition>): AsyncGenerator<UpsertRequest> {
  for (const agent of agents.values()) {
    yield {
      $typeName: "springboard.retrieval.v1.UpsertRequest",
      index: "examples",
      documents: agent.examples.map((e, i) => ({
        $typeName: "springboard.retrieval.v1.Document",
        id: `${agent.name}/${i + 1}`,
        text: e.question,
        vector: [],
        tags: { agent: agent.name, kind: e.kind },
        numbers: {},
        payloadJson: JSON.stringify({ question: e.question, answer: e.answer }),
      })),
    };
  }
}
