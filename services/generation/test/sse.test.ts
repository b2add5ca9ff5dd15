import assert from "node:assert/strict";
import { readChunk, SseReader, type ChunkFields } from "../src/sse.js";

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

describe("readChunk", () => {
  /** reference reads the same fields from the fully parsed chunk. */
  function reference(data: string): ChunkFields {
    const c = JSON.parse(data) as { error?: { message?: string } | string; usage?: ChunkFields["usage"] | null; choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[] };
    const out: ChunkFields = {};
    if (c.error) out.error = typeof c.error === "string" ? c.error : (c.error.message ?? JSON.stringify(c.error));
    if (c.usage) out.usage = c.usage;
    const choice = c.choices?.[0];
    if (choice?.finish_reason) out.finishReason = choice.finish_reason;
    if (typeof choice?.delta?.content === "string") out.content = choice.delta.content;
    return out;
  }

  const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764130000,"model":"m"';
  const delta = (content: string, extra = "") => `${head}${extra},"choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}],"usage":null}`;

  it("reads content deltas in the standard layout, escapes and all", () => {
    for (const content of [" word", "", 'a "quoted" word', "back\\slash", "line\nbreak\ttab", "é ü 中文 🙂", "\u0000\u001f", "[[job-00042]]", '\\"'])
      assert.deepEqual(readChunk(delta(content)), { content }, content);
    assert.deepEqual(readChunk(delta("x", ',"system_fingerprint":"fp_1","service_tier":null')), { content: "x" });
  });

  it("reads whatever else arrives exactly as a full parse does", () => {
    const samples = [
      delta("x").replace(',"usage":null', ""),
      delta("x", ',"error":"quota"'),
      delta("x", ',"usage":"x"'),
      delta("x").replace('"finish_reason":null', '"finish_reason":"stop"'),
      delta("x").replace('"logprobs":null', '"logprobs":{"content":[]}'),
      delta("x").replace('{"content":"x"}', '{"role":"assistant","content":"x"}'),
      delta("x").replace('{"content":"x"}', '{"content":"x","reasoning_content":"y"}'),
      delta("x").replace('"usage":null', '"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}'),
      delta("x").replace('"index":0', '"index":1'),
      delta("x").replace('}],"usage"', '},{"index":1,"delta":{"content":"z"},"logprobs":null,"finish_reason":null}],"usage"'),
      `${head},"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}`,
      `${head},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}]}`,
      '{"error":{"message":"model overloaded","type":"server_error"}}',
      '{"choices":[{"delta":{"content":"out of order"},"index":0}],"id":"x","object":"chat.completion.chunk"}',
      JSON.stringify(JSON.parse(delta("pretty")), null, 1),
      delta("x") + " ",
    ];
    for (const s of samples) assert.deepEqual(readChunk(s), reference(s), s);
    // A raw control character is not JSON, wherever it stands.
    for (const s of [delta("raw\u0001").replace("\\u0001", "\u0001"), delta("x").replace('"m"', '"m\n"'), delta("x", ',"system_fingerprint":"fp\t"').replace("\\t", "\t")])
      assert.throws(() => readChunk(s), /not JSON/, s);
  });

  it("agrees with a full parse on chunks cut and spliced at random", () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const base = [delta('say "hi"\\n'), delta("x", ',"system_fingerprint":"fp"'), `${head},"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`];
    let compared = 0;
    for (let i = 0; i < 5_000; i++) {
      const s = base[i % base.length]!;
      const a = Math.floor(rand() * s.length);
      const b = a + Math.floor(rand() * 6);
      const insert = ['"', "\\", ",", "}", '"error":"e",', '"usage":null,', "0", ""][Math.floor(rand() * 8)]!;
      const mutated = s.slice(0, a) + insert + s.slice(b);
      let want: ChunkFields | Error;
      try {
        want = reference(mutated);
      } catch (e) {
        want = e as Error;
      }
      if (want instanceof Error) assert.throws(() => readChunk(mutated), /not JSON|not a JSON object|Cannot read/, mutated);
      else {
        assert.deepEqual(readChunk(mutated), want, mutated);
        compared++;
      }
    }
    assert.ok(compared > 500, `only ${compared} mutated chunks were valid JSON`);
  });
});
