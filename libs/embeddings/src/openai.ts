import { EmbeddingDimensionError, EmbeddingError, type Embedder } from "./embedder.js";

export interface OpenAiEmbedderOptions {
  /** baseUrl is the API root, for example http://localhost:50058/v1; "/embeddings" is appended. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  dimension: number;
  /** sendDimensions asks the server for `dimension` components (OpenAI's text-embedding-3 models honour it). */
  sendDimensions?: boolean;
  /** maxBatch is the most texts sent in one request; longer lists are split, shorter concurrent ones merged. */
  maxBatch?: number;
  /** maxConcurrency bounds the requests in flight. */
  maxConcurrency?: number;
  /** timeoutMs bounds one request. */
  timeoutMs?: number;
  /** retries is how many times a retryable failure (network, timeout, 429, 5xx) is tried again. */
  retries?: number;
  /** fetch is the HTTP client; the global fetch by default. */
  fetch?: typeof fetch;
}

interface Job {
  vectors: (Float32Array | undefined)[];
  left: number;
  done: boolean;
  cleanup?: () => void;
  resolve(v: Float32Array[]): void;
  reject(e: unknown): void;
}

interface Entry {
  text: string;
  job: Job;
  at: number;
}

const RETRY_BASE_MS = 200;
const RETRY_MAX_MS = 2_000;

/**
 * OpenAiEmbedder embeds through an OpenAI-compatible `POST /embeddings` endpoint (OpenAI, Azure,
 * vLLM, TGI, llama.cpp, Ollama, LiteLLM, llm-sim). Texts from concurrent calls are merged into
 * requests of up to maxBatch inputs, with at most maxConcurrency requests in flight, and every
 * returned vector is checked against the configured dimension.
 */
export class OpenAiEmbedder implements Embedder {
  readonly name: string;
  readonly dimension: number;
  private readonly url: string;
  private readonly maxBatch: number;
  private readonly maxConcurrency: number;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly fetch: typeof fetch;
  private readonly queue: Entry[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly opts: OpenAiEmbedderOptions) {
    if (!Number.isInteger(opts.dimension) || opts.dimension < 1) throw new RangeError(`embedding dimension must be a positive integer, got ${opts.dimension}`);
    if (!opts.model) throw new RangeError("the embedding model name is empty");
    this.dimension = opts.dimension;
    this.name = `openai:${opts.model}:${opts.dimension}`;
    this.url = `${opts.baseUrl.replace(/\/+$/, "")}/embeddings`;
    this.maxBatch = positive("maxBatch", opts.maxBatch ?? 256);
    this.maxConcurrency = positive("maxConcurrency", opts.maxConcurrency ?? 4);
    this.timeoutMs = positive("timeoutMs", opts.timeoutMs ?? 10_000);
    this.retries = opts.retries ?? 2;
    this.fetch = opts.fetch ?? globalThis.fetch;
  }

  embedBatch(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise<Float32Array[]>((resolve, reject) => {
      const job: Job = { vectors: new Array(texts.length), left: texts.length, done: false, resolve, reject };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => this.fail(job, signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener("abort", onAbort);
      }
      texts.forEach((text, at) => this.queue.push({ text, job, at }));
      this.schedule();
    });
  }

  /** schedule sends queued texts once the current I/O phase has queued everything it will. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.maxConcurrency && this.queue.length > 0) {
      const batch: Entry[] = [];
      while (batch.length < this.maxBatch && this.queue.length > 0) {
        const e = this.queue.shift()!;
        if (!e.job.done) batch.push(e);
      }
      if (batch.length === 0) return;
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        this.dispatch();
      });
    }
  }

  private async send(batch: Entry[]): Promise<void> {
    try {
      const vectors = await this.request(batch.map((e) => e.text));
      batch.forEach((e, i) => {
        if (e.job.done) return;
        e.job.vectors[e.at] = vectors[i]!;
        if (--e.job.left === 0) {
          e.job.done = true;
          e.job.cleanup?.();
          e.job.resolve(e.job.vectors as Float32Array[]);
        }
      });
    } catch (err) {
      for (const e of batch) this.fail(e.job, err);
    }
  }

  private fail(job: Job, err: unknown): void {
    if (job.done) return;
    job.done = true;
    job.cleanup?.();
    job.reject(err);
  }

  /** request posts one batch, retrying retryable failures with backoff. */
  private async request(input: string[]): Promise<Float32Array[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.post(input);
      } catch (e) {
        const retryable = e instanceof EmbeddingError && e.retryable;
        if (!retryable || attempt >= this.retries) throw e;
        const wait = (e as EmbeddingError & { retryAfterMs?: number }).retryAfterMs ?? RETRY_BASE_MS * 2 ** attempt;
        await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, wait)));
      }
    }
  }

  private async post(input: string[]): Promise<Float32Array[]> {
    const body: Record<string, unknown> = { model: this.opts.model, input, encoding_format: "float" };
    if (this.opts.sendDimensions) body.dimensions = this.dimension;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.opts.apiKey) headers.authorization = `Bearer ${this.opts.apiKey}`;
    let res: Response;
    try {
      res = await this.fetch(this.url, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const why = e instanceof Error && e.name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : errorText(e);
      throw new EmbeddingError(`embeddings endpoint ${this.url} failed: ${why}`, true);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) {
      const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
      const err = new EmbeddingError(`embeddings endpoint ${this.url} answered ${res.status}: ${serverMessage(text)}`, retryable);
      const after = Number(res.headers.get("retry-after"));
      if (Number.isFinite(after) && after > 0) Object.assign(err, { retryAfterMs: after * 1000 });
      throw err;
    }
    return this.parse(text, input.length);
  }

  /** parse reads `{data: [{index, embedding}]}`, embeddings as float arrays or base64 float32. */
  private parse(text: string, count: number): Float32Array[] {
    let data: unknown;
    try {
      data = (JSON.parse(text) as { data?: unknown }).data;
    } catch {
      throw new EmbeddingError(`embeddings endpoint ${this.url} answered with invalid JSON`, false);
    }
    if (!Array.isArray(data) || data.length !== count) {
      throw new EmbeddingError(`embeddings endpoint ${this.url} returned ${Array.isArray(data) ? data.length : "no"} embeddings for ${count} inputs`, false);
    }
    const out = new Array<Float32Array>(count);
    data.forEach((item: { index?: unknown; embedding?: unknown }, i) => {
      const at = typeof item?.index === "number" ? item.index : i;
      if (!Number.isInteger(at) || at < 0 || at >= count || out[at]) {
        throw new EmbeddingError(`embeddings endpoint ${this.url} returned an embedding with index ${String(item?.index)}`, false);
      }
      out[at] = this.vector(item.embedding);
    });
    return out;
  }

  private vector(raw: unknown): Float32Array {
    let v: Float32Array;
    if (typeof raw === "string") {
      const b = Buffer.from(raw, "base64");
      v = new Float32Array(b.length >> 2);
      for (let i = 0; i < v.length; i++) v[i] = b.readFloatLE(i * 4);
    } else if (Array.isArray(raw)) {
      v = Float32Array.from(raw as number[]);
    } else {
      throw new EmbeddingError(`embeddings endpoint ${this.url} returned an embedding that is neither a float array nor base64`, false);
    }
    if (v.length !== this.dimension) throw new EmbeddingDimensionError(this.name, this.dimension, v.length, `embeddings endpoint ${this.url} (model ${this.opts.model})`);
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new EmbeddingError(`embeddings endpoint ${this.url} returned a non-finite component`, false);
    }
    return v;
  }
}

function positive(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got ${n}`);
  return n;
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
}

/** serverMessage is the error message of an OpenAI-style error body, or the body's start. */
function serverMessage(body: string): string {
  try {
    const m = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof m === "string" && m) return m;
  } catch {
    // not JSON
  }
  return body.slice(0, 200) || "(empty body)";
}
