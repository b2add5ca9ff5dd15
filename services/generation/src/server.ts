import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { LlmUsageSchema } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import {
  ChatRole,
  GenerationService,
  ModelRole,
  type GenerateRequest,
  type GenerateResponse,
  GenerateResponseSchema,
} from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { bind, invalidArgument, StreamQueue, type Logger, type ServiceBinding } from "@springboard/runtime";
import type { GenAiMetrics } from "@springboard/telemetry";
import OpenAI from "openai";
import { ReasoningFilter } from "./reasoning.js";
import { readChunk, SseReader } from "./sse.js";

export interface GenerationConfig {
  baseUrl: string;
  apiKey: string;
  /** models maps a role name ("router", "planner", "generator", "judge") or "agent:role" to a model. */
  models: Record<string, string>;
  defaultModel: string;
  firstTokenTimeoutMs: number;
  stallTimeoutMs: number;
  totalTimeoutMs: number;
  retries: number;
  maxPromptChars: number;
}

const ROLE_NAMES: Record<number, string> = {
  [ModelRole.ROUTER]: "router",
  [ModelRole.PLANNER]: "planner",
  [ModelRole.GENERATOR]: "generator",
  [ModelRole.JUDGE]: "judge",
};
const STAGES: Record<number, string> = {
  [ModelRole.ROUTER]: "route",
  [ModelRole.PLANNER]: "plan",
  [ModelRole.GENERATOR]: "generate",
  [ModelRole.JUDGE]: "judge",
};
const CHAT_ROLES: Record<number, "system" | "user" | "assistant"> = {
  [ChatRole.SYSTEM]: "system",
  [ChatRole.USER]: "user",
  [ChatRole.ASSISTANT]: "assistant",
};

/** Timeout marks which of the generation deadlines fired. */
class Timeout extends Error {
  constructor(readonly which: "first token" | "stall" | "total", readonly ms: number) {
    super(`no ${which === "first token" ? "first token" : which === "stall" ? "token" : "end of completion"} within ${ms} ms`);
  }
}

export function createGenerationService(config: GenerationConfig, logger: Logger, metrics?: GenAiMetrics): ServiceBinding[] {
  const upstreamUrl = new URL(config.baseUrl);
  const client = new OpenAI({ baseURL: config.baseUrl, apiKey: config.apiKey, maxRetries: 0, timeout: config.totalTimeoutMs });

  const modelFor = (req: GenerateRequest) => {
    const role = ROLE_NAMES[req.role]!;
    return config.models[`${req.agent}:${role}`] ?? config.models[role] ?? config.defaultModel;
  };

  async function* generate(req: GenerateRequest, ctx: HandlerContext): AsyncGenerator<GenerateResponse> {
    if (!ROLE_NAMES[req.role]) throw invalidArgument("role is unset; choose ROUTER, PLANNER, GENERATOR or JUDGE");
    if (req.messages.length === 0) throw invalidArgument("messages is empty");
    let promptChars = 0;
    const messages = req.messages.map((m, i) => {
      const role = CHAT_ROLES[m.role];
      if (!role) throw invalidArgument(`messages[${i}].role is unset`);
      promptChars += m.content.length;
      return { role, content: m.content };
    });
    if (promptChars > config.maxPromptChars) {
      throw new ConnectError(`prompt is ${promptChars} characters; the limit is ${config.maxPromptChars}`, Code.InvalidArgument);
    }
    const model = modelFor(req);
    const attrs = metrics?.attributes({
      provider: "openai",
      requestModel: model,
      responseModel: model,
      serverAddress: upstreamUrl.hostname,
      serverPort: Number(upstreamUrl.port) || (upstreamUrl.protocol === "https:" ? 443 : 80),
    });
    const firstTokenMs = req.firstTokenTimeoutMs || config.firstTokenTimeoutMs;
    const stallMs = req.stallTimeoutMs || config.stallTimeoutMs;
    const started = performance.now();
    const filter = new ReasoningFilter();
    let firstAt: number | undefined;
    let lastAt = started;
    const gaps: number[] = [];
    let finishReason = "";
    let usage: OpenAI.CompletionUsage | undefined;
    let chunks = 0;

    // Upstream tokens are read as fast as they come; while the caller keeps up each goes out at
    // once, while it lags they are joined into fewer messages.
    const queue = new StreamQueue<Outgoing>(joinDeltas);
    const pump = async () => {
      for (let attempt = 0; ; attempt++) {
        const upstream = new AbortController();
        const onCallerGone = () => upstream.abort(ctx.signal.reason);
        ctx.signal.addEventListener("abort", onCallerGone);
        let timer: NodeJS.Timeout | undefined;
        let fired: Timeout | undefined;
        // A Timeout is an Error, and capturing its stack costs: it is made only when it fires.
        const arm = (which: Timeout["which"], ms: number) => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            fired = new Timeout(which, ms);
            upstream.abort(fired);
          }, ms);
        };
        // The stall deadline is checked by one timer that re-arms only when it fires, not per token:
        // a timer per token is a measurable share of the CPU a token costs.
        const watchStall = () => {
          const quiet = performance.now() - lastAt;
          if (quiet >= stallMs) {
            fired = new Timeout("stall", stallMs);
            upstream.abort(fired);
          } else {
            timer = setTimeout(watchStall, stallMs - quiet);
          }
        };
        const totalLeft = config.totalTimeoutMs - (performance.now() - started);
        arm("first token", Math.min(firstTokenMs, totalLeft));
        const totalTimer = setTimeout(() => {
          fired = new Timeout("total", config.totalTimeoutMs);
          upstream.abort(fired);
        }, totalLeft);
        try {
          // The openai client sends the request and turns HTTP errors into APIErrors; the event
          // stream is read by SseReader, which costs a fraction of the client's own reader per token.
          const response = await client.chat.completions
            .create(
              {
                model,
                messages,
                stream: true,
                stream_options: { include_usage: true },
                ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
                ...(req.temperature ? { temperature: req.temperature } : {}),
                ...(req.stop.length ? { stop: req.stop } : {}),
              },
              { signal: upstream.signal },
            )
            .asResponse();
          if (response.body === null) throw new Error("upstream answered without a body");
          const events = new SseReader((data) => {
            const chunk = readChunk(data);
            if (chunk.error !== undefined) throw new Error(`upstream error: ${chunk.error}`);
            if (chunk.usage) usage = chunk.usage;
            if (chunk.finishReason) finishReason = chunk.finishReason;
            const content = chunk.content;
            if (!content) return;
            const now = performance.now();
            chunks++;
            if (firstAt === undefined) {
              firstAt = now;
              clearTimeout(timer);
              timer = setTimeout(watchStall, stallMs);
            } else {
              gaps.push(now - lastAt);
            }
            lastAt = now;
            const visible = filter.push(content);
            if (visible) queue.push(visible);
          });
          for await (const bytes of response.body) events.push(bytes);
          if (upstream.signal.aborted) throw upstream.signal.reason;
          events.end();
          break;
        } catch (e) {
          const failed = (err: ConnectError) => {
            if (attrs) metrics!.recordDuration((performance.now() - started) / 1000, attrs, Code[err.code]);
            return err;
          };
          if (ctx.signal.aborted) throw failed(new ConnectError("caller cancelled the generation", Code.Canceled));
          if (fired) {
            logger.warn({ model, timeout: fired.which, ms: fired.ms, chunks }, "generation timed out");
            throw failed(new ConnectError(`${model}: ${fired.message}`, Code.DeadlineExceeded));
          }
          const err = upstreamError(e, model);
          // Once a token reached the caller, a retry would repeat text: only retry before it.
          if (firstAt === undefined && attempt < config.retries && isRetryable(err)) {
            logger.warn({ model, attempt, err: err.rawMessage }, "retrying generation");
            await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
            continue;
          }
          throw failed(err);
        } finally {
          clearTimeout(timer);
          clearTimeout(totalTimer);
          ctx.signal.removeEventListener("abort", onCallerGone);
        }
      }
      const tail = filter.end();
      if (tail) queue.push(tail);
      const completion = usage?.completion_tokens ?? chunks;
      const reasoningShare = chunks > 0 ? filter.reasoningChunks / chunks : 0;
      const reasoningTokens = usage?.completion_tokens_details?.reasoning_tokens ?? Math.round(completion * reasoningShare);
      gaps.sort((a, b) => a - b);
      const durationMs = performance.now() - started;
      if (attrs) {
        metrics!.recordDuration(durationMs / 1000, attrs);
        if (firstAt !== undefined) {
          metrics!.recordTtft((firstAt - started) / 1000, attrs);
          // Hidden reasoning tokens cost time between tokens like visible ones, so both count here.
          if (completion > 1) metrics!.recordTpot((durationMs - (firstAt - started)) / 1000 / (completion - 1), attrs);
        }
        metrics!.recordUsage({ input: usage?.prompt_tokens ?? 0, output: completion - reasoningTokens, reasoning: reasoningTokens }, attrs);
      }
      queue.push(create(GenerateResponseSchema, {
        body: {
          case: "done",
          value: {
            finishReason: finishReason || "stop",
            tbtMsP50: gaps.length ? gaps[Math.floor(gaps.length / 2)]! : 0,
            usage: create(LlmUsageSchema, {
              stage: STAGES[req.role]!,
              model,
              inputTokens: usage?.prompt_tokens ?? 0,
              outputTokens: completion - reasoningTokens,
              reasoningTokens,
              ttftMs: firstAt === undefined ? 0 : firstAt - started,
              durationMs,
            }),
          },
        },
      }));
    };
    pump().then(
      () => queue.close(),
      (e: unknown) => queue.close(e),
    );
    for await (const out of queue) yield typeof out === "string" ? create(GenerateResponseSchema, { body: { case: "delta", value: { text: out } } }) : out;
  }

  const impl: ServiceImpl<typeof GenerationService> = { generate };
  return [bind(GenerationService, impl)];
}

/**
 * Outgoing is a message waiting in the queue: member-visible text is kept as a string, joined with
 * the text that follows while it waits, and made a message only when it leaves.
 */
type Outgoing = GenerateResponse | string;

function joinDeltas(waiting: Outgoing, next: Outgoing): Outgoing | undefined {
  return typeof waiting === "string" && typeof next === "string" ? waiting + next : undefined;
}

function upstreamError(e: unknown, model: string): ConnectError {
  if (e instanceof OpenAI.APIError && e.status !== undefined) {
    const body = (e.error ?? {}) as { code?: string };
    if (e.status === 400 && body.code === "context_length_exceeded") {
      return new ConnectError(`${model}: prompt exceeds the model's context: ${e.message}`, Code.InvalidArgument);
    }
    if (e.status === 400 || e.status === 422) return new ConnectError(`${model} refused the request: ${e.message}`, Code.InvalidArgument);
    if (e.status === 401 || e.status === 403) return new ConnectError(`${model}: upstream refused the credentials`, Code.Unavailable);
    if (e.status === 404) return new ConnectError(`${model}: model not found upstream`, Code.FailedPrecondition);
    if (e.status === 429) return new ConnectError(`${model}: upstream is rate limiting`, Code.ResourceExhausted);
    return new ConnectError(`${model}: upstream answered HTTP ${e.status}`, Code.Unavailable);
  }
  if (e instanceof OpenAI.APIConnectionError) return new ConnectError(`${model}: upstream unreachable: ${e.message}`, Code.Unavailable);
  if (e instanceof ConnectError) return e;
  return new ConnectError(`${model}: upstream stream broke: ${e instanceof Error ? e.message : String(e)}`, Code.Unavailable);
}

function isRetryable(e: ConnectError): boolean {
  return e.code === Code.Unavailable || e.code === Code.ResourceExhausted;
}
