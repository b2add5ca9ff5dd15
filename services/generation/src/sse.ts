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
