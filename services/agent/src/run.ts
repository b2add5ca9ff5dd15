import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client, type HandlerContext } from "@connectrpc/connect";
import {
  ContentKind,
  type Attachment,
  ConversationEventSchema,
  FinishReason,
  type LlmUsage,
  Role,
  SkillCallStatus,
  type StageTiming,
  StageTimingSchema,
} from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { type RunRequest, type RunResponse, RunResponseSchema } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ChatRole, GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import type { RetrievalService } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import type { SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import {
  generatorPrompt,
  plannerPrompt,
  type AnswerExample,
  type ContentInfo,
  type HistoryTurn,
  type PromptMessage,
  type SkillInfo,
  type SkillResult,
} from "@springboard/prompts";
import { downstream, invalidArgument, type Logger } from "@springboard/runtime";
import type { AgentDefinition } from "./agents.js";
import { Channel } from "./channel.js";
import { parsePlan, type PlannedCall } from "./plan.js";

export interface AgentDeps {
  agents: Map<string, AgentDefinition>;
  generation: Client<typeof GenerationService>;
  skills: Client<typeof SkillRegistryService>;
  retrieval: Client<typeof RetrievalService>;
  logger: Logger;
  skillTimeoutMs: number;
  maxConcurrentSkills: number;
  examples: number;
}

const KIND_NAMES: Record<number, string> = {
  [ContentKind.JOB]: "job",
  [ContentKind.POST]: "post",
  [ContentKind.COMPANY]: "company",
  [ContentKind.PROFILE]: "profile",
};

const STATUS_OF: Partial<Record<Code, SkillCallStatus>> = {
  [Code.InvalidArgument]: SkillCallStatus.INVALID_ARGUMENT,
  [Code.NotFound]: SkillCallStatus.NOT_FOUND,
  [Code.Unavailable]: SkillCallStatus.UNAVAILABLE,
  [Code.DeadlineExceeded]: SkillCallStatus.DEADLINE_EXCEEDED,
};

type Body = MessageInitShape<typeof ConversationEventSchema>["body"];

function event(body: Body): RunResponse {
  return create(RunResponseSchema, { event: create(ConversationEventSchema, { body }) });
}

function toChat(messages: PromptMessage[]) {
  const roles = { system: ChatRole.SYSTEM, user: ChatRole.USER, assistant: ChatRole.ASSISTANT };
  return messages.map((m) => ({ role: roles[m.role], content: m.content }));
}

/** runAgent answers a routed question: plan, call skills, retrieve examples, stream the answer. */
export function runAgent(deps: AgentDeps, catalogue: (agent: AgentDefinition, ctx: HandlerContext) => Promise<SkillInfo[]>) {
  return async function* run(req: RunRequest, ctx: HandlerContext): AsyncGenerator<RunResponse> {
    const agent = deps.agents.get(req.agent);
    if (!agent) throw invalidArgument(`unknown agent "${req.agent}"; known agents: ${[...deps.agents.keys()].join(", ")}`);
    if (!req.question.trim()) throw invalidArgument("question is empty");
    const started = performance.now();
    const timings: StageTiming[] = [];
    const usage: LlmUsage[] = [];
    const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      try {
        return await fn();
      } finally {
        timings.push(create(StageTimingSchema, { stage, startMs: t0 - started, durationMs: performance.now() - t0 }));
      }
    };
    const content: ContentInfo | undefined = req.context?.id
      ? { kind: KIND_NAMES[req.context.kind] ?? "none", id: req.context.id, title: req.context.title }
      : undefined;
    const history: HistoryTurn[] = req.history.map((h) => ({ role: h.role === Role.ASSISTANT ? "assistant" : "member", text: h.text }));
    const out = new Channel<RunResponse>();

    const generate = async (role: ModelRole, messages: PromptMessage[], onText?: (t: string) => void): Promise<string> => {
      let text = "";
      for await (const res of deps.generation.generate({ role, agent: agent.name, messages: toChat(messages) }, downstream(ctx))) {
        if (res.body.case === "delta") {
          text += res.body.value.text;
          onText?.(res.body.value.text);
        } else if (res.body.case === "done" && res.body.value.usage) {
          usage.push(res.body.value.usage);
        }
      }
      return text;
    };

    const work = async () => {
      const examplesP = timed("retrieve", () => retrieveExamples(deps, ctx, agent, req.question)).catch((e: unknown) => {
        deps.logger.warn({ err: String(e) }, "example retrieval failed; answering without examples");
        return [] as AnswerExample[];
      });
      const skills = await catalogue(agent, ctx);
      const planText = await timed("plan", () =>
        generate(
          ModelRole.PLANNER,
          plannerPrompt({
            agent: agent.name,
            agentInstructions: agent.instructions,
            question: req.question,
            content,
            memberId: req.memberId,
            skills,
            history,
            hints: ["Put quotes around any value that contains a colon.", "Indent args under each call by two more spaces than `skill:`."],
          }),
        ),
      );
      let calls: PlannedCall[] = [];
      try {
        const plan = parsePlan(planText);
        calls = dedupe(plan.calls.filter((c) => skills.some((s) => s.name === c.skill)));
        if (plan.repairs.length) deps.logger.info({ repairs: plan.repairs }, "plan repaired");
      } catch (e) {
        deps.logger.warn({ err: (e as Error).message }, "unreadable plan; answering without skills");
      }
      let attachmentSeq = 0;
      const results = await timed("skills", () =>
        mapBounded(calls, deps.maxConcurrentSkills, async (call, i): Promise<SkillResult> => {
          const callId = `c${i + 1}`;
          const argsJson = JSON.stringify(call.args);
          out.push(event({ case: "skillCallStarted", value: { callId, skill: call.skill, argsJson } }));
          const t0 = performance.now();
          try {
            const res = await deps.skills.invoke({ skill: call.skill, argsJson, agent: agent.name }, downstream(ctx, deps.skillTimeoutMs));
            const attachments: Attachment[] = res.entities.map((a) => ({ ...a, attachmentId: `a${++attachmentSeq}`, callId }));
            for (const a of attachments) out.push(event({ case: "attachment", value: a }));
            out.push(
              event({
                case: "skillCallFinished",
                value: {
                  callId,
                  skill: call.skill,
                  status: SkillCallStatus.OK,
                  durationMs: performance.now() - t0,
                  attachmentIds: attachments.map((a) => a.attachmentId),
                },
              }),
            );
            return { callId, skill: call.skill, attachmentIds: attachments.map((a) => a.attachmentId), body: res.resultYaml, ok: true };
          } catch (e) {
            if (ctx.signal.aborted) throw e;
            const err = ConnectError.from(e);
            out.push(
              event({
                case: "skillCallFinished",
                value: {
                  callId,
                  skill: call.skill,
                  status: STATUS_OF[err.code] ?? SkillCallStatus.INTERNAL,
                  message: err.rawMessage,
                  durationMs: performance.now() - t0,
                },
              }),
            );
            return { callId, skill: call.skill, attachmentIds: [], body: `error: could not look this up (${err.rawMessage})`, ok: false };
          }
        }),
      );
      const examples = await examplesP;
      const partId = "p1";
      let opened = false;
      await timed("generate", () =>
        generate(
          ModelRole.GENERATOR,
          generatorPrompt({
            agent: agent.name,
            agentInstructions: agent.instructions,
            question: req.question,
            content,
            memberId: req.memberId,
            results,
            examples,
            history,
            reasoning: false,
          }),
          (delta) => {
            if (!opened) {
              opened = true;
              out.push(event({ case: "textStart", value: { partId } }));
            }
            out.push(event({ case: "textDelta", value: { partId, delta } }));
          },
        ),
      );
      if (opened) out.push(event({ case: "textEnd", value: { partId } }));
      out.push(event({ case: "done", value: { finishReason: FinishReason.STOP, usage, timings, totalMs: performance.now() - started } }));
    };
    work().then(
      () => out.close(),
      (e: unknown) => out.close(e),
    );
    yield* out;
  };
}

async function retrieveExamples(deps: AgentDeps, ctx: HandlerContext, agent: AgentDefinition, question: string): Promise<AnswerExample[]> {
  if (deps.examples === 0) return [];
  const res = await deps.retrieval.search(
    { index: "examples", query: question, k: deps.examples, tags: [{ field: "agent", anyOf: [agent.name] }], minScore: 0.05 },
    downstream(ctx, 2_000),
  );
  return res.hits.flatMap((h) => {
    try {
      const p = JSON.parse(h.payloadJson) as { question?: string; answer?: string };
      return p.question && p.answer ? [{ question: p.question, answer: p.answer }] : [];
    } catch {
      return [];
    }
  });
}

function dedupe(calls: PlannedCall[]): PlannedCall[] {
  const seen = new Set<string>();
  return calls.filter((c) => {
    const key = `${c.skill}:${JSON.stringify(c.args, Object.keys(c.args).sort())}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
