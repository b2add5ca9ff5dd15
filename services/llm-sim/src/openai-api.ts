import { randomBytes } from "node:crypto";
import type * as http from "node:http";
import { HashedNgramEmbedder } from "@springboard/embeddings";
import type { HttpRequest, HttpResponse, HttpRoute } from "@springboard/runtime";
import { answer, type ChatMessage } from "./answers.js";
import type { Engine, Job } from "./engine.js";
import { seedOf } from "./latency.js";
import { countTokens } from "./tokens.js";

/** ApiSettings are what the OpenAI-compatible routes need besides the engine. */
export interface ApiSettings {
  models: readonly string[];
  embeddingModel: string;
  embeddingDimensions: number;
  maxContextTokens: number;
  malformedRate: number;
  reasoningTokens: number;
  answerTokens: number;
  maxBodyBytes: number;
}

const MALFORMATION_HEADER = "x-llm-sim-malformation";
const FINGERPRINT = "fp_llm_sim";

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = "invalid_request_error",
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

type Res = http.ServerResponse;

function sendJson(res: Res, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(data), ...headers });
  res.end(data);
}

function sendError(res: Res, e: ApiError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, e.status, { error: { message: e.message, type: e.type, param: e.param, code: e.code } });
}

async function readJson(req: HttpRequest, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > limit) throw new ApiError(413, `The request body is larger than ${limit} bytes.`, "invalid_request_error", null, "request_too_large");
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
    );
  }
}

type Body = Record<string, unknown>;

function asBody(v: unknown): Body {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new ApiError(400, "The request body must be a JSON object.");
  return v as Body;
}

function contentText(content: unknown, i: number): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === "object" && p !== null && typeof (p as Body).text === "string" ? ((p as Body).text as string) : ""))
      .join("");
  }
  throw new ApiError(400, `Invalid type for 'messages[${i}].content': expected a string or an array of content parts.`, "invalid_request_error", `messages.[${i}].content`, "invalid_type");
}

function readMessages(body: Body): ChatMessage[] {
  const raw = body.messages;
  if (raw === undefined || raw === null) throw new ApiError(400, "Missing required parameter: 'messages'.", "invalid_request_error", "messages", "missing_required_parameter");
  if (!Array.isArray(raw)) throw new ApiError(400, "Invalid type for 'messages': expected an array of message objects.", "invalid_request_error", "messages", "invalid_type");
  if (raw.length === 0) throw new ApiError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", "invalid_request_error", "messages", "empty_array");
  return raw.map((m: unknown, i) => {
    if (typeof m !== "object" || m === null || typeof (m as Body).role !== "string") {
      throw new ApiError(400, `Missing required parameter: 'messages[${i}].role'.`, "invalid_request_error", `messages.[${i}].role`, "missing_required_parameter");
    }
    return { role: (m as Body).role as string, content: contentText((m as Body).content, i) };
  });
}

function optionalInt(body: Body, name: string, min: number): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new ApiError(400, `Invalid '${name}': expected an integer of at least ${min}, got ${JSON.stringify(v)}.`, "invalid_request_error", name, "invalid_value");
  }
  return v;
}

function readStops(body: Body): string[] {
  const v = body.stop;
  if (v === undefined || v === null) return [];
  if (typeof v === "string") return v ? [v] : [];
  if (Array.isArray(v) && v.every((s) => typeof s === "string")) return (v as string[]).filter(Boolean).slice(0, 4);
  throw new ApiError(400, "Invalid 'stop': expected a string or an array of up to 4 strings.", "invalid_request_error", "stop", "invalid_type");
}

/** applyStop cuts the tokens before the first stop sequence; it says whether one was found. */
function applyStop(tokens: string[], stops: string[]): { tokens: string[]; stopped: boolean } {
  if (stops.length === 0) return { tokens, stopped: false };
  const text = tokens.join("");
  let at = -1;
  for (const s of stops) {
    const i = text.indexOf(s);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return { tokens, stopped: false };
  const out: string[] = [];
  let pos = 0;
  for (const t of tokens) {
    if (pos + t.length <= at) out.push(t);
    else {
      if (at > pos) out.push(t.slice(0, at - pos));
      break;
    }
    pos += t.length;
  }
  return { tokens: out, stopped: true };
}

function newId(prefix: string): string {
  return `${prefix}-${randomBytes(12).toString("hex")}`;
}

function waitDrain(res: Res): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** chatCompletions serves POST /v1/chat/completions, streamed over SSE or not. */
async function chatCompletions(engine: Engine, s: ApiSettings, req: HttpRequest, res: Res): Promise<void> {
  const body = asBody(await readJson(req, s.maxBodyBytes));
  const messages = readMessages(body);
  const model = typeof body.model === "string" && body.model ? body.model : s.models[0]!;
  const stream = body.stream === true;
  const streamOptions = typeof body.stream_options === "object" && body.stream_options !== null ? (body.stream_options as Body) : {};
  const includeUsage = stream && streamOptions.include_usage === true;
  const n = optionalInt(body, "n", 1);
  if (n !== undefined && n !== 1) throw new ApiError(400, "llm-sim supports only n=1.", "invalid_request_error", "n", "unsupported_value");
  const maxTokens = optionalInt(body, "max_completion_tokens", 1) ?? optionalInt(body, "max_tokens", 1);
  const stops = readStops(body);

  const promptTokens = messages.reduce((sum, m) => sum + countTokens(m.content), 0);
  if (promptTokens > s.maxContextTokens) {
    throw new ApiError(
      400,
      `This model's maximum context length is ${s.maxContextTokens} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
      "invalid_request_error",
      "messages",
      "context_length_exceeded",
    );
  }
  if (maxTokens !== undefined && promptTokens + maxTokens > s.maxContextTokens) {
    throw new ApiError(
      400,
      `This model's maximum context length is ${s.maxContextTokens} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      "invalid_request_error",
      "messages",
      "context_length_exceeded",
    );
  }

  const a = answer(messages, { malformedRate: s.malformedRate, reasoningTokens: s.reasoningTokens, answerTokens: s.answerTokens });
  const stopped = applyStop(a.tokens, stops);
  const limit = Math.min(maxTokens ?? Infinity, s.maxContextTokens - promptTokens);
  const truncated = stopped.tokens.length > limit;
  const tokens = truncated ? stopped.tokens.slice(0, limit) : stopped.tokens;
  const finishReason = truncated ? "length" : "stop";
  const job: Job = { model, promptTokens, tokens, finishReason, seed: seedOf(model, ...messages.map((m) => m.content)) };

  const id = newId("chatcmpl");
  const created = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "x-request-id": id };
  if (a.task === "planner") headers[MALFORMATION_HEADER] = a.malformation ?? "none";
  const run = engine.run(job);
  let finished = false;
  res.on("close", () => {
    if (!finished) run.cancel();
  });
  if (res.destroyed) run.cancel();
  const usage = () => {
    const completion = run.emitted;
    return {
      prompt_tokens: promptTokens,
      completion_tokens: completion,
      total_tokens: promptTokens + completion,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: Math.min(a.reasoningTokens, completion) },
    };
  };

  if (!stream) {
    const parts: string[] = [];
    const outcome = await run.execute((t) => {
      parts.push(t);
    });
    if (outcome === "cancelled") return;
    finished = true;
    sendJson(
      res,
      200,
      {
        id,
        object: "chat.completion",
        created,
        model,
        system_fingerprint: FINGERPRINT,
        choices: [{ index: 0, message: { role: "assistant", content: parts.join(""), refusal: null }, logprobs: null, finish_reason: finishReason }],
        usage: usage(),
      },
      headers,
    );
    return;
  }

  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-accel-buffering": "no", ...headers });
  if (typeof res.flushHeaders === "function") res.flushHeaders();
  const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"${FINGERPRINT}","choices":[{"index":0,"delta":`;
  const tail = `,"logprobs":null,"finish_reason":null}]${includeUsage ? ',"usage":null' : ""}}\n\n`;
  // Events written in one turn of the event loop leave as one write (one string, one packet); the
  // first is never held longer than that turn.
  let pending = "";
  const flush = () => {
    const chunk = pending;
    pending = "";
    if (chunk !== "" && !res.writableEnded && !res.destroyed) res.write(chunk);
  };
  const write = (chunk: string): void | Promise<void> => {
    if (pending === "") setImmediate(flush);
    pending += chunk;
    if (res.writableNeedDrain) return waitDrain(res);
  };
  const outcome = await run.execute((t, i) => {
    const role = i === 0 ? `${head}{"role":"assistant","content":""}${tail}` : "";
    return write(`${role}${head}{"content":${JSON.stringify(t)}}${tail}`);
  });
  if (outcome === "cancelled") {
    res.destroy();
    return;
  }
  finished = true;
  let end = "";
  if (tokens.length === 0) end += `${head}{"role":"assistant","content":""}${tail}`;
  end += `${head}{}${`,"logprobs":null,"finish_reason":"${finishReason}"}]${includeUsage ? ',"usage":null' : ""}}\n\n`}`;
  if (includeUsage) {
    end += `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, system_fingerprint: FINGERPRINT, choices: [], usage: usage() })}\n\n`;
  }
  end += "data: [DONE]\n\n";
  res.end(pending + end);
  pending = "";
}

/** embeddings serves POST /v1/embeddings with the hashed n-gram embedder. */
async function embeddings(s: ApiSettings, embedders: Map<number, HashedNgramEmbedder>, req: HttpRequest, res: Res): Promise<void> {
  const body = asBody(await readJson(req, s.maxBodyBytes));
  const input = body.input;
  let inputs: string[];
  if (typeof input === "string") inputs = [input];
  else if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === "string")) inputs = input as string[];
  else if (input === undefined || input === null) throw new ApiError(400, "Missing required parameter: 'input'.", "invalid_request_error", "input", "missing_required_parameter");
  else throw new ApiError(400, "Invalid 'input': expected a string or a non-empty array of strings (token arrays are not supported).", "invalid_request_error", "input", "invalid_type");
  if (inputs.length > 2048) throw new ApiError(400, "Invalid 'input': at most 2048 inputs per request.", "invalid_request_error", "input", "invalid_value");
  const dims = optionalInt(body, "dimensions", 1) ?? s.embeddingDimensions;
  if (dims < 8 || dims > 8192) throw new ApiError(400, `Invalid 'dimensions': expected an integer from 8 to 8192, got ${dims}.`, "invalid_request_error", "dimensions", "invalid_value");
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") throw new ApiError(400, "Invalid 'encoding_format': expected 'float' or 'base64'.", "invalid_request_error", "encoding_format", "invalid_value");
  let embedder = embedders.get(dims);
  if (!embedder) {
    embedder = new HashedNgramEmbedder(dims);
    if (embedders.size < 16) embedders.set(dims, embedder);
  }
  let tokens = 0;
  const data = inputs.map((text, index) => {
    tokens += countTokens(text);
    const v = embedder.embed(text);
    const embedding = format === "base64" ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : Array.from(v);
    return { object: "embedding", index, embedding };
  });
  const model = typeof body.model === "string" && body.model ? body.model : s.embeddingModel;
  sendJson(res, 200, { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

function modelList(s: ApiSettings) {
  const created = 1_767_225_600;
  return [...s.models, s.embeddingModel].map((id) => ({ id, object: "model", created, owned_by: "llm-sim" }));
}

/** openAiRoute serves the OpenAI-compatible API under /v1 (the prefix is optional). */
export function openAiRoute(engine: Engine, s: ApiSettings): HttpRoute {
  const embedders = new Map<number, HashedNgramEmbedder>();
  return async (req: HttpRequest, r: HttpResponse) => {
    const res = r as unknown as Res;
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
    const p = path.startsWith("/v1/") ? path.slice(3) : path;
    const method = req.method ?? "GET";
    const only = (m: string) => {
      if (method !== m) throw new ApiError(405, `${method} is not allowed on ${path}; use ${m}.`, "invalid_request_error", null, "method_not_allowed");
    };
    try {
      if (p === "/chat/completions") {
        only("POST");
        await chatCompletions(engine, s, req, res);
      } else if (p === "/embeddings") {
        only("POST");
        await embeddings(s, embedders, req, res);
      } else if (p === "/models") {
        only("GET");
        sendJson(res, 200, { object: "list", data: modelList(s) });
      } else if (p.startsWith("/models/")) {
        only("GET");
        const id = decodeURIComponent(p.slice("/models/".length));
        const m = modelList(s).find((x) => x.id === id);
        if (!m) throw new ApiError(404, `The model '${id}' does not exist. GET /v1/models lists the served models.`, "invalid_request_error", "model", "model_not_found");
        sendJson(res, 200, m);
      } else {
        return false;
      }
    } catch (e) {
      if (e instanceof ApiError) sendError(res, e);
      else if (res.destroyed || req.destroyed) return true;
      else throw e;
    }
    return true;
  };
}

/** metricsRoute serves GET /metrics in the Prometheus text format. */
export function metricsRoute(engine: Engine): HttpRoute {
  return (req, r) => {
    if ((req.url ?? "").split("?")[0] !== "/metrics") return false;
    const res = r as unknown as Res;
    const body = engine.metrics.render();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
    return true;
  };
}
