import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
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
  const cache = new Map<string, { at: number; skills: CatalogueEntry[] }>();
  const catalogue = async (agent: AgentDefinition, ctx: HandlerContext): Promise<CatalogueEntry[]> => {
    const hit = cache.get(agent.name);
    if (hit && performance.now() - hit.at < CATALOGUE_TTL_MS) return hit.skills;
    const res = await deps.skills.list({ agent: agent.name }, downstream(ctx, 2_000));
    deps.skillCalls?.listed(res.skills);
    const skills = res.skills
      .filter((s) => agent.skills.includes(s.name) || s.agents.includes(agent.name))
      .map((s) => ({
        info: { name: s.name, description: s.description, args: describeArgs(s.inputSchemaJson) },
        inputSchema: parseSchema(s.inputSchemaJson),
        definition: s,
      }));
    cache.set(agent.name, { at: performance.now(), skills });
    return skills;
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
