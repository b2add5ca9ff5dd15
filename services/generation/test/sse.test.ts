import assert from "node:assert/strict";
import { splitEvents } from "../src/sse.js";

async function cut(chunks: string[]): Promise<string[]> {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const source = new ReadableStream<Uint8Array>({
    start(c) {
      for (const s of chunks) c.enqueue(enc.encode(s));
      c.close();
    },
  });
  const out: string[] = [];
  for await (const piece of source.pipeThrough(splitEvents())) out.push(dec.decode(piece));
  return out;
}

describe("splitEvents", () => {
  it("cuts a read that carries several events after each blank line", async () => {
    const read = 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n';
    assert.deepEqual(await cut([read]), ['data: {"a":1}\n\n', 'data: {"b":2}\n\n', "data: [DONE]\n\n"]);
  });

  it("keeps every byte in order when events and blank lines straddle reads", async () => {
    const chunks = ['data: {"a"', ":1}\n", '\ndata: {"b":2}\n\nda', "ta: x\n\n\n"];
    const out = await cut(chunks);
    assert.equal(out.join(""), chunks.join(""));
    assert.deepEqual(out, ['data: {"a"', ":1}\n", "\n", 'data: {"b":2}\n\n', "da", "ta: x\n\n", "\n"]);
  });
});
