/**
 * A fetch for the openai client that hands it a server-sent event stream one event per chunk.
 *
 * The client's parser copies the bytes that follow each event it finds in a network read, so a
 * read carrying n events costs O(n²) copying — and reads carry many events exactly when the server
 * is fast and the service is loaded. Cutting each read at event boundaries (views, no copies) keeps
 * the parser's work linear; any cut is valid for an SSE parser, so the events are unchanged.
 */

const LF = 0x0a;

/** splitEvents is a TransformStream that cuts byte chunks after every blank line ("\n\n"). */
export function splitEvents(): TransformStream<Uint8Array, Uint8Array> {
  let lastWasLf = false;
  return new TransformStream({
    transform(chunk, out) {
      let start = 0;
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] !== LF) {
          lastWasLf = false;
          continue;
        }
        if (lastWasLf) {
          out.enqueue(chunk.subarray(start, i + 1));
          start = i + 1;
          lastWasLf = false;
        } else {
          lastWasLf = true;
        }
      }
      if (start < chunk.length) out.enqueue(chunk.subarray(start));
    },
  });
}

/** eventSplittingFetch wraps fetch so that event-stream bodies arrive one event per chunk. */
export function eventSplittingFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    if (res.body === null || !(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) return res;
    return new Response(res.body.pipeThrough(splitEvents()), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
