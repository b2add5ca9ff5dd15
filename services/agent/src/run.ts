import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client, type HandlerContext } from "@connectrpc/connect";
import {
  ContentKind,
  type Attachment,
  type ConversationEvent,
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
import type { InvokeResponse, SkillDefinition, SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
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
import { compactYaml, IncrementalPlanParser, planSchema, RepairError, validate, type JSONSchema, type PlanItem } from "@springboard/llm-yaml";
import { downstream, ExpiringCache, invalidArgument, StreamQueue, type Logger } from "@springboard/runtime";
import { neutraliseUntrusted } from "@springboard/safety";
import { prefetchArgs, type AgentDefinition } from "./agents.js";
import type { PlanStats } from "./plan-stats.js";
import { SkillCalls } from "./skills.js";

export interface AgentDeps {
  agents: Map<string, AgentDefinition>;
  generation: Client<typeof GenerationService>;
  skills: Client<typeof SkillRegistryService>;
  /** skillCalls invokes planned skills; without it every call goes through the registry's Invoke. */
  skillCalls?: SkillCalls;
  retrieval: Client<typeof RetrievalService>;
  logger: Logger;
  skillTimeoutMs: number;
  maxConcurrentSkills: number;
  examples: number;
  /**
   * examplesCache keeps the examples retrieved for an agent and question: members click the same
   * suggested questions, and the examples index changes only when examples are ingested.
   */
  examplesCache?: ExpiringCache<string, AnswerExample[]>;
  planStats?: PlanStats;
  /** dispatchAfterPlan waits for the whole plan before calling any skill (for comparison only). */
  dispatchAfterPlan?: boolean;
  /** prefetch makes the calls an agent's definition lists under `prefetch` while it plans (default true). */
  prefetch?: boolean;
}

/** CatalogueEntry is a skill the agent may call: what the planner is told, its argument schema, its definition. */
export interface CatalogueEntry {
  info: SkillInfo;
  inputSchema: JSONSchema;
  definition: SkillDefinition;
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

function event(body: Body): ConversationEvent {
  return create(ConversationEventSchema, { body });
}

function toChat(messages: PromptMessage[]) {
  const roles = { system: ChatRole.SYSTEM, user: ChatRole.USER, assistant: ChatRole.ASSISTANT };
  return messages.map((m) => ({ role: roles[m.role], content: m.content }));
}

/** runAgent answers a routed question: plan, call skills, retrieve examples, stream the answer. */
export function runAgent(deps: AgentDeps, catalogue: (agent: AgentDefinition, ctx: HandlerContext) => Promise<CatalogueEntry[]>) {
  const skillCalls = deps.skillCalls ?? new SkillCalls(deps.skills, { timeoutMs: deps.skillTimeoutMs });
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
    const out = new StreamQueue<ConversationEvent>(joinText);

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
      const skills = await catalogue(agent, ctx);
      const byName = new Map(skills.map((s) => [s.info.name, s]));
      // The plan is parsed with every argument optional, so that one call missing an argument is
      // reported and skipped on its own instead of failing the whole plan.
      const parser = new IncrementalPlanParser({
        schema: planSchema(skills.map((s) => ({ name: s.info.name, inputSchema: { ...s.inputSchema, required: [] } }))),
      });
      const pending: Promise<SkillResult>[] = [];
      const seen = new Set<string>();
      const slots = semaphore(deps.maxConcurrentSkills);
      // Calls the agent's planner makes nearly every turn (the job the question is asked next to,
      // the member asking) start while the plan is written; the same call in the plan takes their
      // result instead of calling again. Only calls the plan asks for reach the prompt. They are few
      // and are not counted against the turn's limit on concurrent calls.
      const prefetched = new Map<string, { skill: string; call: Promise<Screened>; used: boolean }>();
      const prefetch = () => {
        if (deps.prefetch === false || ctx.signal.aborted) return;
        const turn = { kind: content?.kind ?? "none", contentId: content?.id ?? "", title: content?.title ?? "", memberId: req.memberId };
        for (const p of agent.prefetch) {
          const args = prefetchArgs(p, turn);
          const entry = args && byName.get(p.skill);
          if (!args || !entry) continue;
          const key = `${p.skill}:${stableJson(args)}`;
          // A call the plan made already is not made twice.
          if (prefetched.has(key) || seen.has(key)) continue;
          // Screened as soon as it arrives, while the plan is still being written.
          const call = skillCalls.invoke(entry.definition, JSON.stringify(args), agent.name, ctx).then(screened);
          // Not awaited when the plan does not ask for it.
          call.catch(() => undefined);
          prefetched.set(key, { skill: p.skill, call, used: false });
        }
      };
      let attachmentSeq = 0;
      let firstDispatch: number | undefined;
      const dispatch = (item: PlanItem) => {
        firstDispatch ??= performance.now();
        const args = item.args ?? {};
        const key = `${item.skill}:${stableJson(args)}`;
        if (seen.has(key)) return;
        seen.add(key);
        const callId = `c${seen.size}`;
        const argsJson = JSON.stringify(args);
        const dispatchedAt = performance.now();
        out.push(event({ case: "skillCallStarted", value: { callId, skill: item.skill, argsJson } }));
        const finish = (status: SkillCallStatus, message: string, attachmentIds: string[] = []) => {
          const durationMs = performance.now() - dispatchedAt;
          timings.push(create(StageTimingSchema, { stage: `skill:${callId}`, startMs: dispatchedAt - started, durationMs }));
          out.push(event({ case: "skillCallFinished", value: { callId, skill: item.skill, status, message, durationMs, attachmentIds } }));
          deps.planStats?.called(item.skill, SkillCallStatus[status]);
        };
        const entry = byName.get(item.skill);
        if (!entry || !validate(args, entry.inputSchema)) {
          const why = entry ? `arguments ${argsJson} do not match the skill's input schema` : `no skill named ${item.skill}`;
          finish(entry ? SkillCallStatus.INVALID_ARGUMENT : SkillCallStatus.UNKNOWN_SKILL, why);
          pending.push(Promise.resolve({ callId, skill: item.skill, attachmentIds: [], body: `error: the call was not made (${why})`, ok: false }));
          return;
        }
        const early = prefetched.get(key);
        if (early) early.used = true;
        const call = slots(async (): Promise<SkillResult> => {
          try {
            // A prefetch that failed is not the plan's answer: the planned call is made.
            const invoke = () => skillCalls.invoke(entry.definition, argsJson, agent.name, ctx).then(screened);
            const { res, clean } = await (early ? early.call.catch(invoke) : invoke());
            const attachments: Attachment[] = res.entities.map((a) => ({ ...a, attachmentId: `a${++attachmentSeq}`, callId }));
            for (const a of attachments) out.push(event({ case: "attachment", value: a }));
            finish(SkillCallStatus.OK, "", attachments.map((a) => a.attachmentId));
            if (clean.removed.length > 0) deps.logger.warn({ skill: item.skill, removed: clean.removed.length }, "instructions removed from a skill result");
            return { callId, skill: item.skill, attachmentIds: attachments.map((a) => a.attachmentId), body: clean.text, ok: true };
          } catch (e) {
            if (ctx.signal.aborted) throw e;
            const err = ConnectError.from(e);
            finish(STATUS_OF[err.code] ?? SkillCallStatus.INTERNAL, err.rawMessage);
            return { callId, skill: item.skill, attachmentIds: [], body: `error: could not look this up (${err.rawMessage})`, ok: false };
          }
        });
        // A call fails only when the turn was cancelled; the turn may then end before it awaits the
        // calls, and a rejection nobody awaits would take the whole process down.
        call.catch(() => undefined);
        pending.push(call);
      };
      // Each call is dispatched the moment the parser sees it complete, while the plan still streams.
      const planning = timed("plan", () =>
        generate(
          ModelRole.PLANNER,
          plannerPrompt({
            agent: agent.name,
            agentInstructions: agent.instructions,
            question: req.question,
            content,
            memberId: req.memberId,
            skills: skills.map((s) => s.info),
            history,
            hints: deps.planStats?.hints() ?? [],
          }),
          (delta) => {
            const ready = parser.push(delta);
            if (!deps.dispatchAfterPlan) ready.forEach(dispatch);
          },
        ),
      );
      // Once the plan request is on its way, before the plan's first text can arrive: the calls the
      // plan nearly always makes, then the examples, which only the answer needs. Issuing a call
      // costs this process a few tenths of a millisecond, which the plan request does not wait for.
      setImmediate(prefetch);
      const examplesP = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => timed("retrieve", () => retrieveExamples(deps, ctx, agent, req.question)))
        .catch((e: unknown) => {
          deps.logger.warn({ err: String(e) }, "example retrieval failed; answering without examples");
          return [] as AnswerExample[];
        });
      await planning;
      try {
        const plan = parser.end();
        plan.items.forEach(dispatch);
        deps.planStats?.repaired(plan.repairs.map((r) => r.kind));
      } catch (e) {
        if (!(e instanceof RepairError)) throw e;
        deps.planStats?.unrecoverable(e.reason);
        deps.logger.warn({ reason: e.reason }, "unreadable plan; answering with the calls already made");
      }
      const results = await Promise.all(pending);
      for (const p of prefetched.values()) deps.planStats?.prefetched(p.skill, p.used ? "used" : "unused");
      if (firstDispatch !== undefined) {
        timings.push(create(StageTimingSchema, { stage: "skills", startMs: firstDispatch - started, durationMs: performance.now() - firstDispatch }));
      }
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
    // A caller that reads batches gets the events that are ready together in one message: a skill
    // call's attachments with its end, the text's start with its first delta, its end with done.
    if (req.batchEvents) for await (const events of out.batches()) yield create(RunResponseSchema, { events });
    else for await (const e of out) yield create(RunResponseSchema, { event: e });
  };
}

async function retrieveExamples(deps: AgentDeps, ctx: HandlerContext, agent: AgentDefinition, question: string): Promise<AnswerExample[]> {
  if (deps.examples === 0) return [];
  const key = `${agent.name}\n${question}`;
  const cached = deps.examplesCache?.get(key);
  if (cached) return cached;
  const found = await searchExamples(deps, ctx, agent, question);
  // None found may mean the examples are not loaded yet: ask again next time.
  if (found.length > 0) deps.examplesCache?.set(key, found);
  return found;
}

async function searchExamples(deps: AgentDeps, ctx: HandlerContext, agent: AgentDefinition, question: string): Promise<AnswerExample[]> {
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

/** Screened is a skill's response with the text the model reads of it. */
interface Screened {
  res: InvokeResponse;
  clean: { text: string; removed: string[] };
}

/**
 * screened takes the instructions planted in members' posts or listings out of what the model reads
 * of a skill result: they are data. What was removed is logged when the result is used.
 */
function screened(res: InvokeResponse): Screened {
  return { res, clean: neutraliseResult(res.resultJson, res.resultYaml) };
}

/**
 * neutraliseResult removes instruction-like sentences from every string of a skill result, then
 * renders it again as YAML; a result with nothing to remove keeps the registry's own rendering.
 */
export function neutraliseResult(json: string, yaml: string): { text: string; removed: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return neutraliseUntrusted(yaml);
  }
  const removed: string[] = [];
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const r = neutraliseUntrusted(v);
      removed.push(...r.removed);
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== "");
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const cleaned = walk(value);
  return removed.length === 0 ? { text: yaml, removed } : { text: compactYaml(cleaned).trim(), removed };
}

/** joinText folds a text delta into a waiting delta of the same part. */
function joinText(waiting: ConversationEvent, next: ConversationEvent): ConversationEvent | undefined {
  const a = waiting.body;
  const b = next.body;
  if (a.case !== "textDelta" || b.case !== "textDelta" || a.value.partId !== b.value.partId) return undefined;
  a.value.delta += b.value.delta;
  return waiting;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** semaphore runs at most limit tasks at once; the rest wait in order. */
function semaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
