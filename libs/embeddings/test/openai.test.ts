import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EmbeddingDimensionError, EmbeddingError, HashedNgramEmbedder, OpenAiEmbedder } from "../src/index.js";

interface Seen {
  path: string;
  auth: string | undefined;
  body: { model: string; input: string[]; dimensions?: number; encoding_format?: string };
}

/** FakeApi answers POST /v1/embeddings like an OpenAI-compatible server, with a scripted status per request. */
class FakeApi {
  readonly seen: Seen[] = [];
  statuses: number[] = [];
  dimension = 16;
  base64 = false;
  private server!: Server;
  private readonly embedder = new HashedNgramEmbedder(16);

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Seen["body"];
    this.seen.push({ path: req.url ?? "", auth: req.headers.authorization, body });
    const status = this.statuses.shift() ?? 200;
    if (status !== 200) {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `scripted ${status}` } }));
      return;
    }
    const data = body.input.map((text, index) => {
      const v = new Float32Array(this.dimension);
      v.set(this.embedder.embed(text).subarray(0, this.dimension));
      const embedding = this.base64 ? Buffer.from(v.buffer).toString("base64") : Array.from(v);
      return { object: "embedding", index, embedding };
    });
    // Out of order on purpose: clients must place embeddings by index.
    data.reverse();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ object: "list", data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
  }
}

describe("OpenAiEmbedder", () => {
  let api: FakeApi;
  let baseUrl: string;
  const local = new HashedNgramEmbedder(16);

  beforeEach(async () => {
    api = new FakeApi();
    baseUrl = await api.start();
  });
  afterEach(() => api.stop());

  it("posts the model and inputs with the API key, and places embeddings by index", async () => {
    const e = new OpenAiEmbedder({ baseUrl: `${baseUrl}/`, apiKey: "sk-test", model: "embed-small", dimension: 16 });
    assert.equal(e.name, "openai:embed-small:16");
    const vs = await e.embedBatch(["data engineer", "gardening tips"]);
    assert.deepEqual(vs, [local.embed("data engineer"), local.embed("gardening tips")]);
    assert.equal(api.seen.length, 1);
    assert.equal(api.seen[0]!.path, "/v1/embeddings");
    assert.equal(api.seen[0]!.auth, "Bearer sk-test");
    assert.deepEqual(api.seen[0]!.body, { model: "embed-small", input: ["data engineer", "gardening tips"], encoding_format: "float" });
  });

  it("splits long lists into batches and merges concurrent calls into one request", async () => {
    const e = new OpenAiEmbedder({ baseUrl, model: "m", dimension: 16, maxBatch: 4, sendDimensions: true });
    const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
    const vs = await e.embedBatch(texts);
    assert.deepEqual(vs, texts.map((t) => local.embed(t)));
    assert.deepEqual(api.seen.map((s) => s.body.input.length), [4, 4, 2]);
    assert.equal(api.seen[0]!.body.dimensions, 16);

    api.seen.length = 0;
    const [a, b, c] = await Promise.all([e.embedBatch(["one"]), e.embedBatch(["two"]), e.embedBatch(["three"])]);
    assert.deepEqual([a![0], b![0], c![0]], [local.embed("one"), local.embed("two"), local.embed("three")]);
    assert.equal(api.seen.length, 1, "three concurrent single-text calls share one request");
  });

  it("reads base64 float32 embeddings", async () => {
    api.base64 = true;
    const e = new OpenAiEmbedder({ baseUrl, model: "m", dimension: 16 });
    assert.deepEqual(await e.embedBatch(["hello world"]), [local.embed("hello world")]);
  });

  it("refuses vectors of another dimension with a message that says what to set", async () => {
    api.dimension = 12;
    const e = new OpenAiEmbedder({ baseUrl, model: "m", dimension: 16 });
    await assert.rejects(e.embedBatch(["x"]), (err: unknown) => {
      assert.ok(err instanceof EmbeddingDimensionError, String(err));
      assert.match(err.message, /returned vectors of 12 dimensions, but the index expects 16: set RETRIEVAL_DIMENSION=12/);
      return true;
    });
  });

  it("retries 429 and 5xx, and gives up on other 4xx with the server's message", async () => {
    api.statuses = [503, 429];
    const e = new OpenAiEmbedder({ baseUrl, model: "m", dimension: 16, retries: 2 });
    assert.deepEqual(await e.embedBatch(["x"]), [local.embed("x")]);
    assert.equal(api.seen.length, 3);

    api.statuses = [400];
    await assert.rejects(e.embedBatch(["x"]), (err: unknown) => err instanceof EmbeddingError && !err.retryable && /answered 400: scripted 400/.test(err.message));
    api.statuses = [500, 500, 500];
    await assert.rejects(e.embedBatch(["x"]), (err: unknown) => err instanceof EmbeddingError && err.retryable && /answered 500/.test(err.message));
  });

  it("fails clearly when nothing listens", async () => {
    await api.stop();
    const e = new OpenAiEmbedder({ baseUrl, model: "m", dimension: 16, retries: 0 });
    await assert.rejects(e.embedBatch(["x"]), (err: unknown) => err instanceof EmbeddingError && err.retryable && /embeddings endpoint http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings failed/.test(err.message));
    api = new FakeApi();
    await api.start();
  });
});
