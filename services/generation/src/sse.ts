import type { CompletionUsage } from "openai/resources/completions";

/**
 * A server-sent events reader for OpenAI-compatible chat completion streams.
 *
 * The openai package sends the request and reports HTTP errors; the event stream itself is read
 * here. Its own reader costs tens of microseconds per event (web-stream hops, a copy of the rest of
 * the read after every event, several async generators per chunk) — at one event per token that
 * was most of the generation service's CPU. This one decodes each network read once and hands
 * every event to a synchronous callback.
 */

/** SseReader splits a byte stream into events and passes each event's data to onData. */
export class SseReader {
  private readonly decoder = new TextDecoder();
  private buffer = "";
  private heldCr = false;
  /** done is set once the stream's "[DONE]" event has been read. */
  done = false;

  constructor(private readonly onData: (data: string) => void) {}

  /** push reads one network chunk; events after "[DONE]" are ignored. */
  push(bytes: Uint8Array): void {
    let text = this.decoder.decode(bytes, { stream: true });
    if (this.heldCr) {
      text = "\r" + text;
      this.heldCr = false;
    }
    if (text.includes("\r")) {
      // A "\r\n" may be split across reads: hold a trailing "\r" back until the next one.
      if (text.endsWith("\r")) {
        this.heldCr = true;
        text = text.slice(0, -1);
      }
      text = text.replace(/\r\n?/g, "\n");
    }
    let buf = this.buffer.length > 0 ? this.buffer + text : text;
    let start = 0;
    for (;;) {
      const end = buf.indexOf("\n\n", start);
      if (end < 0) break;
      const event = buf.slice(start, end);
      start = end + 2;
      if (this.done) continue;
      const data = dataOf(event);
      if (data === undefined) continue;
      if (data === "[DONE]") {
        this.done = true;
        continue;
      }
      this.onData(data);
    }
    buf = start === 0 ? buf : buf.slice(start);
    if (buf.length > 1 << 20) throw new Error("upstream sent an event over 1 MiB");
    this.buffer = buf;
  }

  /** end checks that the stream finished with "[DONE]"; a stream cut short is an error. */
  end(): void {
    if (this.done) return;
    const rest = this.buffer.trim();
    if (rest !== "") {
      const data = dataOf(rest);
      if (data === "[DONE]") {
        this.done = true;
        return;
      }
      if (data !== undefined) this.onData(data);
    }
    throw new Error("upstream closed the event stream before [DONE]");
  }
}

/** dataOf joins an event's data lines; undefined for an event without data (a comment, a keep-alive). */
function dataOf(event: string): string | undefined {
  if (event.startsWith("data: ") && !event.includes("\n")) return event.slice(6);
  let data: string | undefined;
  for (const line of event.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === undefined ? value : `${data}\n${value}`;
  }
  return data;
}

/** ChunkFields is what generation reads from one chat completion chunk. */
export interface ChunkFields {
  content?: string;
  finishReason?: string;
  usage?: CompletionUsage;
  error?: string;
}

/**
 * CONTENT_DELTA matches a content delta written the way OpenAI-compatible servers write one, in
 * their key order: id, object, created, model, any further fields of the chunk whose values are a
 * string or null (system_fingerprint, service_tier; never error or usage), then exactly one choice
 * that carries content and nothing else of note. Its one group is the content as a JSON string.
 */
const CONTENT_DELTA =
  /^\{"id":"[^"\\\u0000-\u001f]*","object":"chat\.completion\.chunk","created":\d+,"model":"[^"\\\u0000-\u001f]*",(?:(?!"(?:error|usage|choices)")"[A-Za-z_]+":(?:"[^"\\\u0000-\u001f]*"|null),)*"choices":\[\{"index":0,"delta":\{"content":("(?:[^"\\\u0000-\u001f]|\\.)*")\},"logprobs":null,"finish_reason":null\}\](?:,"usage":null)?\}$/;

/**
 * readChunk reads the fields generation needs from a chunk's JSON. Nearly every chunk of a stream
 * is a content delta in the standard layout: those are read by one match, with JSON.parse only for
 * content that has escapes, instead of building the whole chunk object (a fifth of the CPU of a
 * token in this service). Anything else is parsed in full, so both paths give the same fields.
 */
export function readChunk(data: string): ChunkFields {
  const m = CONTENT_DELTA.exec(data);
  if (m !== null) {
    const literal = m[1]!;
    if (!literal.includes("\\")) return { content: literal.slice(1, -1) };
    try {
      return { content: JSON.parse(literal) as string };
    } catch {
      // An invalid escape: the full parse below reports it.
    }
  }
  let chunk: { error?: { message?: string } | string; usage?: CompletionUsage | null; choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[] };
  try {
    chunk = JSON.parse(data) as typeof chunk;
  } catch {
    throw new Error(`upstream sent an event that is not JSON: ${data.slice(0, 80)}`);
  }
  if (typeof chunk !== "object" || chunk === null) throw new Error(`upstream sent an event that is not a JSON object: ${data.slice(0, 80)}`);
  const out: ChunkFields = {};
  if (chunk.error) out.error = typeof chunk.error === "string" ? chunk.error : (chunk.error.message ?? JSON.stringify(chunk.error));
  if (chunk.usage) out.usage = chunk.usage;
  const choice = chunk.choices?.[0];
  if (choice?.finish_reason) out.finishReason = choice.finish_reason;
  const content = choice?.delta?.content;
  if (typeof content === "string") out.content = content;
  return out;
}
