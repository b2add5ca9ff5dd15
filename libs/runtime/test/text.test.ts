import assert from "node:assert/strict";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { getTextEncoding } from "@bufbuild/protobuf/wire";
import { RouteResponseSchema } from "@springboard/proto/springboard/router/v1/router_pb.js";
import "../src/index.js";

describe("string encoding for Protobuf-ES", () => {
  const samples = ["", "job-00042", "é ü 中文 🙂", "a\u0000b", "lone \ud800 surrogate", "\udc00 first", "x".repeat(5_000) + "é", "end \ud83d"];

  it("writes the same UTF-8 as TextEncoder, lone surrogates included", () => {
    assert.ok(Buffer.isBuffer(getTextEncoding().encodeUtf8("x")), "the runtime's encoder is not the one in use");
    const te = new TextEncoder();
    for (const s of samples) assert.deepEqual(Buffer.from(getTextEncoding().encodeUtf8(s)), Buffer.from(te.encode(s)), JSON.stringify(s.slice(0, 20)));
  });

  it("round-trips messages, each string its own bytes while Node's buffer pool is shared", () => {
    const wellFormed = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));
    const messages = samples.map((decline, i) => create(RouteResponseSchema, { decline, scores: { [`label ${i}`]: i, [decline]: 0.5 } }));
    const wire = messages.map((m) => toBinary(RouteResponseSchema, m));
    wire.forEach((bytes, i) => {
      const back = fromBinary(RouteResponseSchema, bytes);
      assert.equal(back.decline, wellFormed(samples[i]!));
      assert.deepEqual(back.scores, { [`label ${i}`]: i, [wellFormed(samples[i]!)]: 0.5 });
    });
  });
});
