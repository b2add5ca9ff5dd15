import assert from "node:assert/strict";
import { SseReader } from "../src/sse.js";

function read(chunks: string[]): { data: string[]; reader: SseReader } {
  const data: string[] = [];
  const reader = new SseReader((d) => data.push(d));
  const enc = new TextEncoder();
  for (const c of chunks) reader.push(enc.encode(c));
  return { data, reader };
}

describe("SseReader", () => {
  it("reads every event of a read that carries several, and stops at [DONE]", () => {
    const { data, reader } = read(['data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n']);
    assert.deepEqual(data, ['{"a":1}', '{"b":2}']);
    reader.end();
    assert.equal(reader.done, true);
  });

  it("joins events and multi-byte characters split across reads, and CRLF line ends", () => {
    const bytes = new TextEncoder().encode('data: {"t":"caf\u00e9"}\r\n\r\n: keep-alive\r\n\r\nevent: x\r\ndata: one\r\ndata: two\r\n\r\ndata: [DONE]\r\n\r\n');
    const data: string[] = [];
    const reader = new SseReader((d) => data.push(d));
    for (let i = 0; i < bytes.length; i += 3) reader.push(bytes.subarray(i, i + 3));
    reader.end();
    assert.deepEqual(data, ['{"t":"caf\u00e9"}', "one\ntwo"]);
  });

  it("calls a stream that ends before [DONE] an error", () => {
    const { data, reader } = read(['data: {"a":1}\n\ndata: {"b"']);
    assert.deepEqual(data, ['{"a":1}']);
    assert.throws(() => reader.end(), /before \[DONE\]/);
  });
});
