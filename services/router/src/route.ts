import { create } from "@bufbuild/protobuf";
import { type CallOptions, type Client } from "@connectrpc/connect";
import { LlmUsageSchema, type LlmUsage } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { ChatRole, GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { ConnectError, invalidArgument, type Logger } from "@springboard/runtime";
import type { PromptMessage } from "@springboard/prompts";
import { type ContextKind, type Label } from "./labels.js";
import type { Decision, RouterModel } from "./model.js";
import { parseLabel, routerPrompt } from "./prompt.js";

export const MAX_QUESTION_CHARS = 4000;
export const DEFAULT_LLM_TIMEOUT_MS = 1500;

export interface RouteInput {
  question: string;
  kind: ContextKind;
  title: string;
  history?: { role: "member" | "assistant"; text: string }[];
}

export interface RouteOutcome {
  label: Label;
  confidence: number;
  scores: Record<Label, number>;
  path: "model" | "llm";
  usage?: LlmUsage;
}

export interface Fallback {
  generation: Client<typeof GenerationService>;
  logger?: Logger;
}

/**
 * cleanQuestion checks a question's length and removes control characters and broken-encoding
 * marks, so that binary or mixed-script text still gets a decision (possibly on an empty string).
 * It throws INVALID_ARGUMENT for a blank or over-long question.
 */
export function cleanQuestion(question: string): string {
  if (question.length > MAX_QUESTION_CHARS) {
    throw invalidArgument(`question is ${question.length} characters long; the limit is ${MAX_QUESTION_CHARS}: shorten it`);
  }
  if (question.trim().length === 0) throw invalidArgument(`question is empty; send 1 to ${MAX_QUESTION_CHARS} characters`);
  return question.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, " ").trim();
}

/**
 * route answers with the model when it is confident enough, and otherwise asks the LLM through
 * the generation service, falling back to the model's answer if the LLM fails, is late, or answers
 * something that is not a label.
 */
export async function route(
  model: RouterModel,
  input: RouteInput,
  threshold: number,
  fallback: Fallback | undefined,
  callOptions: CallOptions,
  classified?: Decision,
): Promise<RouteOutcome> {
  const d = classified ?? model.classify(input.question, input.kind);
  const own: RouteOutcome = { label: d.label, confidence: d.confidence, scores: d.scores, path: "model" };
  if (!fallback || d.confidence >= threshold) return own;
  const messages = routerPrompt({ question: input.question, kind: input.kind, title: input.title, history: input.history, examples: model.fewShot });
  const started = performance.now();
  try {
    const { text, usage } = await generate(fallback.generation, messages, callOptions);
    const label = parseLabel(text);
    if (!label) {
      fallback.logger?.warn({ answer: text.slice(0, 200) }, "router LLM answered no label; using the model's answer");
      return usage ? { ...own, usage } : own;
    }
    return { label, confidence: model.llmAccuracy, scores: d.scores, path: "llm", ...(usage ? { usage } : {}) };
  } catch (e) {
    const err = ConnectError.from(e);
    fallback.logger?.warn({ err: err.message, ms: Math.round(performance.now() - started) }, "router LLM fallback failed; using the model's answer");
    return own;
  }
}

async function generate(generation: Client<typeof GenerationService>, messages: PromptMessage[], callOptions: CallOptions) {
  const roles = { system: ChatRole.SYSTEM, user: ChatRole.USER, assistant: ChatRole.ASSISTANT };
  let text = "";
  let usage: LlmUsage | undefined;
  const stream = generation.generate(
    { role: ModelRole.ROUTER, messages: messages.map((m) => ({ role: roles[m.role], content: m.content })), maxTokens: 16, temperature: 0 },
    callOptions,
  );
  for await (const res of stream) {
    if (res.body.case === "delta") text += res.body.value.text;
    else if (res.body.case === "done" && res.body.value.usage) {
      usage = create(LlmUsageSchema, { ...res.body.value.usage, stage: res.body.value.usage.stage || "route" });
    }
  }
  return { text, usage };
}
