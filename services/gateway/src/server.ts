import { randomUUID } from "node:crypto";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { type Client, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import type { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import {
  type Attachment,
  ContentKind,
  type ConversationEvent,
  ConversationEventSchema,
  RevisionAction,
  RevisionSchema,
  RoutePath,
  TextDeltaSchema,
  WatermarkSchema,
  FinishReason,
  type LlmUsage,
  Role,
  type StageTiming,
  StageTimingSchema,
} from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import {
  AssistantService,
  type ConverseRequest,
  type ConverseResponse,
  ConverseResponseSchema,
  Rating,
  TurnSchema,
} from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import type { RouteResponse, RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import {
  bind,
  checkText,
  Code,
  codeName,
  ConnectError,
  downstream,
  invalidArgument,
  isRetryable,
  type Logger,
  notFound,
  type ServiceBinding,
  StreamQueue,
} from "@springboard/runtime";
import type { GuardAction, OutputGuard, RateLimiter, screen } from "@springboard/safety";
import type { PipelineMetrics, Stage } from "@springboard/telemetry";
import { cachedContentResolver, type ContentResolver, type MemberGraph } from "./content.js";
import type { ConversationStore } from "./store.js";

export interface GatewayDeps {
  router: Client<typeof RouterService>;
  agent: Client<typeof AgentService>;
  graph: MemberGraph;
  /** contentCacheTtlMs keeps the titles of the content questions are asked next to (0 looks each up). */
  contentCacheTtlMs?: number;
  store: ConversationStore;
  logger: Logger;
  /** turnTimeoutMs bounds a turn when the caller sets no deadline. */
  turnTimeoutMs: number;
  historyTurns: number;
  metrics?: PipelineMetrics;
  /** screen checks a question before routing; a blocked question gets a polite decline. */
  screen?: typeof screen;
  /** guard returns the incremental output check for one text part. */
  guard?: () => OutputGuard;
  /** limiter enforces per-member request rates and per-conversation token budgets. */
  limiter?: RateLimiter;
}

const STAGES = new Set<string>(["context", "route", "plan", "skills", "retrieve", "generate", "store"]);

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
type Body = MessageInitShape<typeof ConversationEventSchema>["body"];

export function createGatewayService(deps: GatewayDeps): ServiceBinding[] {
  const resolveContent = cachedContentResolver(deps.graph, deps.contentCacheTtlMs ?? 0);
  const impl: ServiceImpl<typeof AssistantService> = {
    converse: (req, ctx) => converse(deps, resolveContent, req, ctx),
    async suggestQuestions(req, ctx) {
      checkId("member_id", req.memberId);
      const limit = req.limit === 0 ? 3 : req.limit;
      if (limit > 10) throw invalidArgument(`limit is ${req.limit}; the maximum is 10`);
      const content = await resolveContent(req.context, ctx);
      const kind = content?.kind ?? ContentKind.UNSPECIFIED;
      const { agents } = await deps.agent.listAgents({}, downstream(ctx, 2_000));
      const questions = agents.flatMap((a) =>
        a.starterQuestions.filter((q) => q.kind === kind).map((q) => ({ text: q.text.replaceAll("{title}", content?.title || "this"), agent: a.name })),
      );
      return { questions: questions.slice(0, limit) };
    },
    async getConversation(req) {
      checkId("member_id", req.memberId);
      checkId("conversation_id", req.conversationId);
      const conversation = await deps.store.conversation(req.conversationId);
      // Another member's conversation is reported as missing, so ids cannot be probed.
      if (!conversation || conversation.memberId !== req.memberId) throw notFound(`conversation "${req.conversationId}" not found`);
      return { conversation };
    },
    async submitFeedback(req) {
      checkId("member_id", req.memberId);
      checkId("conversation_id", req.conversationId);
      checkId("turn_id", req.turnId);
      if (req.rating === Rating.UNSPECIFIED) throw invalidArgument("rating is unset; send POSITIVE or NEGATIVE");
      const comment = checkText("comment", req.comment, { max: 2_000 });
      const conversation = await deps.store.conversation(req.conversationId);
      if (!conversation || conversation.memberId !== req.memberId) throw notFound(`conversation "${req.conversationId}" not found`);
      if (!conversation.turns.some((t) => t.turnId === req.turnId)) throw notFound(`turn "${req.turnId}" not found in the conversation`);
      const feedbackId = randomUUID();
      await deps.store.addFeedback({
        feedbackId,
        conversationId: req.conversationId,
        turnId: req.turnId,
        memberId: req.memberId,
        rating: Rating[req.rating],
        comment,
      });
      return { feedbackId };
    },
  };
  return [bind(AssistantService, impl)];
}

function checkId(field: string, value: string): void {
  if (!value) throw invalidArgument(`${field} is empty`);
  if (!ID.test(value)) throw invalidArgument(`${field} must be 1 to 128 letters, digits or . _ : -`);
}

async function* converse(deps: GatewayDeps, resolveContent: ContentResolver, req: ConverseRequest, ctx: HandlerContext): AsyncGenerator<ConverseResponse> {
  const started = performance.now();
  checkId("member_id", req.memberId);
  const question = checkText("question", req.question, { required: true, max: 4_000 });
  if (req.conversationId) checkId("conversation_id", req.conversationId);
  const conversationId = req.conversationId || randomUUID();
  // The member's rate and the conversation's budget are read from Redis while the question is
  // screened, routed and its content looked up; the turn goes no further than that, and nothing
  // reaches the member, before they allow it.
  const admitted = deps.limiter ? admit(deps.limiter, req.memberId, req.conversationId) : undefined;
  const turnId = randomUUID();
  const timings: StageTiming[] = [];
  const usage: LlmUsage[] = [];
  const stage = (name: string, t0: number, t1 = performance.now()) =>
    timings.push(create(StageTimingSchema, { stage: name, startMs: t0 - started, durationMs: t1 - t0 }));
  const budget = ctx.timeoutMs() ?? deps.turnTimeoutMs;

  // Screening reads the question alone, and the router's model the question and the content's
  // kind: routing starts while the content's title and the history are looked up. Only a question
  // the model is unsure about waits for them, for the LLM fallback that reads them.
  const verdict = deps.screen?.(question);
  const tRoute = performance.now();
  const routing: { blocked: true; verdict: NonNullable<typeof verdict> } | { blocked: false; early: Promise<RouteResponse> } =
    verdict?.verdict === "block"
      ? { blocked: true, verdict }
      : { blocked: false, early: deps.router.route({ question, context: req.context && { kind: req.context.kind }, modelOnly: true }, downstream(ctx, Math.min(budget, 5_000))) };
  // Awaited below, unless the lookups fail first: then its failure is not the turn's.
  if (!routing.blocked) routing.early.catch(() => undefined);

  const t0 = performance.now();
  const lookups = Promise.all([
    resolveContent(req.context, ctx),
    (async () => {
      if (!req.conversationId) return [];
      const owner = await deps.store.owner(conversationId);
      if (owner !== undefined && owner !== req.memberId) throw notFound(`conversation "${conversationId}" not found`);
      return deps.store.recentTurns(conversationId, deps.historyTurns);
    })(),
  ]);
  // A member over the limit is told so, whatever the lookups found.
  if (admitted) {
    const [gate] = await Promise.allSettled([admitted, lookups]);
    if (gate.status === "rejected") throw gate.reason;
  }
  const [content, history] = await lookups;
  stage("context", t0);

  let seq = 0n;
  const envelope = (body: Body): ConverseResponse =>
    create(ConverseResponseSchema, { event: create(ConversationEventSchema, { conversationId, turnId, seq: ++seq, time: timestampNow(), body }) });

  yield envelope({ case: "turnStarted", value: { question, context: content } });
  const historyMessages = history.flatMap((t) => [
    { role: Role.MEMBER, text: t.question },
    { role: Role.ASSISTANT, text: t.answer },
  ]);

  let answer = "";
  let agentName = "";
  let ttftMs = 0;
  let finishReason = FinishReason.STOP;
  const attachments: Attachment[] = [];
  // streamAgent opens the chosen agent's stream and starts reading it at once; its events wait in
  // the returned queue until the member's stream takes them.
  const streamAgent = (agent: string): StreamQueue<ConversationEvent["body"]> => {
    agentName = agent;
    const tAgent = performance.now();
    const stream = deps.agent.run(
      {
        agent,
        memberId: req.memberId,
        question,
        context: content,
        history: historyMessages,
        conversationId,
        turnId,
        uiComponents: req.uiComponents,
        batchEvents: true,
      },
      downstream(ctx, budget),
    );
    // The agent's stream is read as fast as it comes; while the member's connection lags, text
    // deltas waiting to go out are joined.
    const bodies = new StreamQueue<ConversationEvent["body"]>(joinText);
    let guard: OutputGuard | undefined;
    // take handles one of the agent's events: its usage and timings are kept for Done, its text
    // goes through the output check.
    const take = (body: ConversationEvent["body"]) => {
      if (body.case === undefined) return;
      if (body.case === "done") {
        usage.push(...body.value.usage);
        for (const t of body.value.timings) timings.push(create(StageTimingSchema, { ...t, startMs: t.startMs + (tAgent - started) }));
        if (body.value.finishReason !== FinishReason.UNSPECIFIED) finishReason = body.value.finishReason;
        return;
      }
      if (body.case === "textStart") guard = deps.guard?.();
      if (body.case === "textDelta" && guard) {
        for (const action of guard.push(body.value.delta)) bodies.push(moderated(body.value.partId, action));
        return;
      }
      if (body.case === "textEnd" && guard) {
        for (const action of guard.end()) bodies.push(moderated(body.value.partId, action));
        answer += guard.visibleText();
        guard = undefined;
      }
      if (body.case === "textDelta") answer += body.value.delta;
      if (body.case === "attachment") attachments.push(body.value);
      bodies.push(body);
    };
    // The agent sends the events that are ready together in one message (batchEvents); an agent
    // that predates batches sends one per message, in event.
    const pump = async () => {
      for await (const res of stream) {
        if (res.event) take(res.event.body);
        for (const e of res.events) take(e.body);
      }
    };
    pump().then(
      () => bodies.close(),
      (e: unknown) => bodies.close(e),
    );
    return bodies;
  };
  try {
    if (routing.blocked) {
      const blockedBy = routing.verdict;
      finishReason = FinishReason.DECLINED;
      answer = blockedBy.message ?? "I can't help with that request.";
      ttftMs = performance.now() - started;
      yield envelope({ case: "routeDecided", value: { label: "blocked", agent: "", confidence: blockedBy.score, path: RoutePath.SCREEN, blockedCategory: blockedBy.category } });
      yield envelope({ case: "textStart", value: { partId: "p1" } });
      yield envelope({ case: "textDelta", value: { partId: "p1", delta: answer } });
      yield envelope({ case: "textEnd", value: { partId: "p1" } });
      deps.logger.info({ conversation_id: conversationId, turn_id: turnId, category: blockedBy.category }, "question blocked by screening");
    } else {
      let routed = await routing.early;
      if (routed.needsFallback) routed = await deps.router.route({ question, context: content, history: historyMessages }, downstream(ctx, Math.min(budget, 5_000)));
      stage("route", tRoute);
      if (routed.usage) usage.push(routed.usage);
      const decision = routed.decision!;
      // The agent's stream is opened, and read, before the route is written to the member: the
      // agent starts on the turn while the gateway writes that event.
      const agentBodies = decision.agent ? streamAgent(decision.agent) : undefined;
      yield envelope({ case: "routeDecided", value: decision });

      if (!agentBodies) {
        finishReason = FinishReason.DECLINED;
        answer = routed.decline;
        ttftMs = performance.now() - started;
        yield envelope({ case: "textStart", value: { partId: "p1" } });
        yield envelope({ case: "textDelta", value: { partId: "p1", delta: answer } });
        yield envelope({ case: "textEnd", value: { partId: "p1" } });
      } else {
        for await (const body of agentBodies) {
          // What the member sees first is the first text that passed the output check.
          if (ttftMs === 0 && body.case === "textDelta") ttftMs = performance.now() - started;
          if (body.case === "revision") finishReason = FinishReason.MODERATED;
          yield envelope(body);
        }
      }
    }
  } catch (e) {
    const err = ConnectError.from(e);
    if (ctx.signal.aborted && err.code === Code.Canceled) throw err;
    deps.logger.warn({ conversation_id: conversationId, turn_id: turnId, code: codeName(err.code), err: err.rawMessage }, "turn failed");
    yield envelope({
      case: "error",
      value: {
        code: codeName(err.code),
        retryable: isRetryable(err.code),
        retryAfterMs: isRetryable(err.code) ? 1_000 : 0,
        message: memberMessage(err.code),
      },
    });
    throw err;
  }

  const tStore = performance.now();
  await deps.store.appendTurn(
    conversationId,
    req.memberId,
    create(TurnSchema, { turnId, question, context: content, agent: agentName, answer, attachments, finishReason, time: timestampNow() }),
  );
  stage("store", tStore);
  if (deps.limiter) {
    const spent = usage.reduce((n, u) => n + u.inputTokens + u.outputTokens + u.reasoningTokens, 0);
    if (spent > 0) await deps.limiter.consume(conversationId, spent);
  }
  if (deps.metrics) {
    if (ttftMs > 0) deps.metrics.recordMemberTtft(ttftMs / 1000, agentName || "none");
    for (const t of timings) if (STAGES.has(t.stage)) deps.metrics.recordStage(t.stage as Stage, t.durationMs / 1000);
  }
  yield envelope({
    case: "done",
    value: { finishReason, usage, timings, lastSeq: seq + 1n, ttftMs, totalMs: performance.now() - started },
  });
}

/** admit throws RESOURCE_EXHAUSTED when the member is over the rate limit or the conversation over its budget. */
async function admit(limiter: RateLimiter, memberId: string, conversationId: string): Promise<void> {
  const rate = await limiter.request(memberId);
  if (!rate.allowed) throw exhausted(`member ${memberId} is over the request rate limit`, rate.retryAfterMs);
  if (conversationId) {
    const budget = await limiter.consume(conversationId, 0);
    if (!budget.allowed) throw exhausted(`conversation ${conversationId} has used its token budget`, budget.retryAfterMs);
  }
}

function exhausted(message: string, retryAfterMs: number): ConnectError {
  return new ConnectError(`${message}; retry in ${Math.ceil(retryAfterMs / 1000)} s`, Code.ResourceExhausted, { "retry-after-ms": String(retryAfterMs) });
}

/** moderated turns an output-check action into the event that carries it to the member. */
function moderated(partId: string, a: GuardAction): ConversationEvent["body"] {
  switch (a.type) {
    case "release":
      return { case: "textDelta", value: create(TextDeltaSchema, { partId, delta: a.text }) };
    case "watermark":
      return { case: "watermark", value: create(WatermarkSchema, { partId, committedChars: a.committedChars }) };
    case "revise":
      return {
        case: "revision",
        value: create(RevisionSchema, {
          partId,
          start: a.start,
          end: a.end,
          action: a.action === "replace" ? RevisionAction.REPLACE : RevisionAction.WITHHOLD,
          replacement: a.replacement,
          reason: a.reason,
          notice: a.notice,
        }),
      };
  }
}

function joinText(waiting: ConversationEvent["body"], next: ConversationEvent["body"]): ConversationEvent["body"] | undefined {
  if (waiting.case !== "textDelta" || next.case !== "textDelta" || waiting.value.partId !== next.value.partId) return undefined;
  waiting.value.delta += next.value.delta;
  return waiting;
}

function memberMessage(code: Code): string {
  switch (code) {
    case Code.DeadlineExceeded:
      return "This is taking longer than it should. Please try again in a moment.";
    case Code.Unavailable:
    case Code.ResourceExhausted:
      return "The assistant is busy right now. Please try again in a moment.";
    default:
      return "Something went wrong while answering. Please try again.";
  }
}
