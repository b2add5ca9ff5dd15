import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { EmbeddingDimensionError, EmbeddingError, type Embedder } from "@springboard/embeddings";
import {
  DeleteResponseSchema,
  RetrievalService,
  SearchResponseSchema,
  StatsResponseSchema,
  UpsertResponseSchema,
  type Document,
  type SearchRequest,
  type UpsertRequest,
} from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { bind, checkText, Code, ConnectError, ExpiringCache, invalidArgument, notFound, type ServiceBinding } from "@springboard/runtime";
import { MAX_BATCH, UnknownIndexError, type FilterFields, type StoredDocument, type VectorEngine, type VectorQuery } from "./engine.js";


/** INDEXES are the indexes the service creates on start. */
export const INDEXES = ["examples", "knowledge", "skills"] as const;
export type IndexName = (typeof INDEXES)[number];

/**
 * FILTER_FIELDS are the tags and numbers each index can filter on with the Redis Query Engine
 * (the in-process engine filters on any field). RETRIEVAL_FILTER_TAGS / RETRIEVAL_FILTER_NUMBERS
 * add more, as "index.field" lists (see filterFields).
 */
export const FILTER_FIELDS: Record<IndexName, FilterFields> = {
  examples: { tags: ["agent", "kind"], numbers: [] },
  knowledge: { tags: ["kind", "topic", "author_id"], numbers: ["published_day"] },
  skills: { tags: ["skill", "agents", "tags"], numbers: [] },
};

/** filterFields adds "index.field" entries (comma-separated) to FILTER_FIELDS, refusing unknown indexes. */
export function filterFields(extraTags = "", extraNumbers = ""): Record<IndexName, FilterFields> {
  const out = Object.fromEntries(
    INDEXES.map((i) => [i, { tags: [...FILTER_FIELDS[i].tags], numbers: [...FILTER_FIELDS[i].numbers] }]),
  ) as Record<IndexName, { tags: string[]; numbers: string[] }>;
  const add = (list: string, kind: "tags" | "numbers", variable: string) => {
    for (const entry of list.split(",").map((e) => e.trim()).filter(Boolean)) {
      const m = /^([^.]+)\.([a-z][a-z0-9_]{0,63})$/.exec(entry);
      const index = m?.[1] as IndexName | undefined;
      if (!m || !index || !INDEXES.includes(index)) {
        throw new RangeError(`${variable}: "${entry}" must be index.field, with index one of ${INDEXES.join(", ")} and field lower-case letters, digits or "_"`);
      }
      if (!out[index][kind].includes(m[2]!)) out[index][kind].push(m[2]!);
    }
  };
  add(extraTags, "tags", "RETRIEVAL_FILTER_TAGS");
  add(extraNumbers, "numbers", "RETRIEVAL_FILTER_NUMBERS");
  return out;
}

export const LIMITS = {
  documentsPerMessage: MAX_BATCH,
  idChars: 256,
  textBytes: 32 * 1024,
  payloadBytes: 64 * 1024,
  tagFields: 64,
  tagKeyChars: 128,
  tagValueChars: 1_024,
  queryChars: 4_000,
  k: 100,
  defaultK: 5,
  deleteIds: 10_000,
  filterValues: 1_000,
} as const;

export interface RetrievalServiceOptions {
  /** queryCacheSize is how many query embeddings are kept, least recently used first out. */
  queryCacheSize?: number;
}

/** createRetrievalService serves RetrievalService over an engine whose indexes are already ensured. */
export function createRetrievalService(
  engine: VectorEngine,
  embedder: Embedder,
  opts: RetrievalServiceOptions = {},
): ServiceBinding[] {
  const queries = new ExpiringCache<string, Float32Array>(Infinity, opts.queryCacheSize ?? 1_000);
  const embedding = new Map<string, Promise<Float32Array>>();
  /** embedQuery answers a cached embedding, or joins the embedding of the same text already under way. */
  const embedQuery = (text: string): Promise<Float32Array> => {
    const cached = queries.get(text);
    if (cached) return Promise.resolve(cached);
    let p = embedding.get(text);
    if (!p) {
      p = embedder
        .embedBatch([text])
        .then(([v]) => {
          queries.set(text, v!);
          return v!;
        })
        .finally(() => embedding.delete(text));
      embedding.set(text, p);
    }
    return p;
  };
  const requireIndex = (index: string) => {
    const known = engine.indexes();
    if (!known.includes(index)) {
      const named = known.map((k) => `"${k}"`).join(", ");
      throw index === "" ? invalidArgument(`index is empty; name one of ${named}`) : notFound(`unknown index "${index}"; known indexes: ${named}`);
    }
  };

  const impl: ServiceImpl<typeof RetrievalService> = {
    async upsert(requests, ctx) {
      let upserted = 0;
      let writing: Promise<number> | undefined;
      let message = 0;
      try {
        for await (const req of requests) {
          message++;
          requireIndex(req.index);
          const docs = await guard(prepareDocuments(req, embedder, message, ctx.signal));
          // One write in flight while the next message is validated and embedded.
          if (writing) upserted += await writing;
          writing = guard(engine.upsert(req.index, docs));
          // It is awaited only once the next message is ready: until then a failed write must not
          // count as an unhandled rejection, which would end the process.
          writing.catch(() => undefined);
        }
        if (writing) upserted += await writing;
        writing = undefined;
      } finally {
        if (writing) await writing.catch(() => undefined);
      }
      return create(UpsertResponseSchema, { upserted });
    },

    async search(req) {
      requireIndex(req.index);
      const query = await guard(toQuery(req, embedder.dimension, embedQuery));
      const hits = await guard(engine.search(req.index, query));
      return create(SearchResponseSchema, { hits });
    },

    async delete(req) {
      requireIndex(req.index);
      if (req.ids.length > LIMITS.deleteIds) {
        throw invalidArgument(`${req.ids.length} ids in one request; the limit is ${LIMITS.deleteIds}, send several requests`);
      }
      for (const id of req.ids) checkId(id);
      const deleted = await guard(engine.delete(req.index, req.ids));
      return create(DeleteResponseSchema, { deleted });
    },

    async stats(req) {
      requireIndex(req.index);
      const s = await guard(engine.stats(req.index));
      return create(StatsResponseSchema, { ...s, documents: BigInt(s.documents) });
    },
  };
  return [bind(RetrievalService, impl)];
}

/**
 * prepareDocuments validates every document of a message before any is written, and embeds those
 * sent without a vector, in one batch.
 */
async function prepareDocuments(req: UpsertRequest, embedder: Embedder, message: number, signal?: AbortSignal): Promise<StoredDocument[]> {
  const where = `message ${message} (index "${req.index}")`;
  if (req.documents.length > LIMITS.documentsPerMessage) {
    throw invalidArgument(
      `${where} has ${req.documents.length} documents; the limit is ${LIMITS.documentsPerMessage} per message: split it over several messages; nothing of it was written`,
    );
  }
  const problems: string[] = [];
  req.documents.forEach((doc, i) => {
    const problem = documentProblem(doc, embedder.dimension);
    if (problem) problems.push(doc.id && doc.id.length <= LIMITS.idChars ? `document "${doc.id}": ${problem}` : `document #${i + 1}: ${problem}`);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join("; ") + (problems.length > 5 ? `; and ${problems.length - 5} more` : "");
    throw invalidArgument(`${where}: ${shown}; nothing of this message was written`);
  }
  const unembedded = req.documents.filter((doc) => doc.vector.length === 0);
  const embedded = await embedder.embedBatch(unembedded.map((doc) => doc.text), signal);
  let next = 0;
  return req.documents.map((doc) => ({
    id: doc.id,
    text: doc.text,
    vector: doc.vector.length > 0 ? Float32Array.from(doc.vector) : embedded[next++]!,
    tags: { ...doc.tags },
    numbers: { ...doc.numbers },
    payloadJson: doc.payloadJson,
  }));
}

function documentProblem(doc: Document, dimension: number): string | undefined {
  if (doc.id.length === 0) return "id is empty";
  if (doc.id.length > LIMITS.idChars) return `id is ${doc.id.length} characters long; the limit is ${LIMITS.idChars}`;
  if (doc.id.includes("\uFFFD") || doc.text.includes("\uFFFD")) return "not valid UTF-8";
  const bytes = Buffer.byteLength(doc.text, "utf8");
  if (bytes > LIMITS.textBytes) return `text is ${bytes} bytes; the limit is ${LIMITS.textBytes} (32 KiB)`;
  if (doc.vector.length === 0 && doc.text.trim().length === 0) return "has neither text nor vector";
  if (doc.vector.length > 0) {
    const p = vectorProblem(doc.vector, dimension);
    if (p) return p;
  }
  const tags = Object.entries(doc.tags as Record<string, unknown>);
  if (tags.length > LIMITS.tagFields) return `has ${tags.length} tags; the limit is ${LIMITS.tagFields}`;
  for (const [k, v] of tags) {
    if (k.length === 0 || k.length > LIMITS.tagKeyChars) return `tag name "${k}" must be 1 to ${LIMITS.tagKeyChars} characters`;
    if (typeof v !== "string") return `tag "${k}" is a ${typeof v}; tag values are strings`;
    if (v.length > LIMITS.tagValueChars) return `tag "${k}" is ${v.length} characters long; the limit is ${LIMITS.tagValueChars}`;
  }
  const numbers = Object.entries(doc.numbers as Record<string, unknown>);
  if (numbers.length > LIMITS.tagFields) return `has ${numbers.length} numbers; the limit is ${LIMITS.tagFields}`;
  for (const [k, v] of numbers) {
    if (k.length === 0 || k.length > LIMITS.tagKeyChars) return `number name "${k}" must be 1 to ${LIMITS.tagKeyChars} characters`;
    if (typeof v !== "number" || !Number.isFinite(v)) return `number "${k}" is ${String(v)}; numbers must be finite`;
  }
  if (doc.payloadJson !== "") {
    const payloadBytes = Buffer.byteLength(doc.payloadJson, "utf8");
    if (payloadBytes > LIMITS.payloadBytes) return `payload_json is ${payloadBytes} bytes; the limit is ${LIMITS.payloadBytes}`;
    try {
      JSON.parse(doc.payloadJson);
    } catch {
      return "payload_json is not valid JSON";
    }
  }
  return undefined;
}

function vectorProblem(vector: readonly number[], dimension: number): string | undefined {
  if (vector.length !== dimension) return `vector has ${vector.length} dimensions; the index has ${dimension}`;
  for (let i = 0; i < vector.length; i++) {
    if (!Number.isFinite(vector[i])) return `vector[${i}] is ${vector[i]}; every component must be a finite number`;
  }
  return undefined;
}

function checkId(id: string): void {
  if (id.length === 0) throw invalidArgument("an id is empty");
  if (id.length > LIMITS.idChars) throw invalidArgument(`id "${id.slice(0, 40)}…" is ${id.length} characters long; the limit is ${LIMITS.idChars}`);
}

async function toQuery(req: SearchRequest, dimension: number, embedQuery: (text: string) => Promise<Float32Array>): Promise<VectorQuery> {
  if (req.k > LIMITS.k) throw invalidArgument(`k is ${req.k}; ask for 1 to ${LIMITS.k} documents`);
  const k = req.k === 0 ? LIMITS.defaultK : req.k;
  if (!Number.isFinite(req.minScore) || req.minScore < -1 || req.minScore > 1) {
    throw invalidArgument(`min_score is ${req.minScore}; a cosine similarity lies from -1 to 1`);
  }
  let vector: Float32Array;
  if (req.vector.length > 0) {
    const p = vectorProblem(req.vector, dimension);
    if (p) throw invalidArgument(`query ${p}`);
    vector = Float32Array.from(req.vector);
  } else {
    if (req.query.trim().length === 0) throw invalidArgument("send a query text or a query vector");
    vector = await embedQuery(checkText("query", req.query, { required: true, max: LIMITS.queryChars }));
  }
  const tags = req.tags.map((t) => {
    if (t.field === "") throw invalidArgument("a tag filter has an empty field name");
    if (t.anyOf.length === 0) throw invalidArgument(`the tag filter on "${t.field}" has no values; give any_of at least one`);
    if (t.anyOf.length > LIMITS.filterValues) throw invalidArgument(`the tag filter on "${t.field}" has more than ${LIMITS.filterValues} values`);
    return { field: t.field, anyOf: t.anyOf };
  });
  const ranges = req.numbers.map((r) => {
    if (r.field === "") throw invalidArgument("a range filter has an empty field name");
    for (const [name, v] of [["min", r.min], ["max", r.max]] as const) {
      if (v !== undefined && Number.isNaN(v)) throw invalidArgument(`the range filter on "${r.field}" has ${name} NaN`);
    }
    if (r.min !== undefined && r.max !== undefined && r.min > r.max) {
      throw invalidArgument(`the range filter on "${r.field}" has min ${r.min} above max ${r.max}`);
    }
    return { field: r.field, min: r.min, max: r.max };
  });
  return { vector, k, tags, ranges, minScore: req.minScore };
}

/**
 * guard turns an engine's or embedder's errors into statuses: input problems are INVALID_ARGUMENT,
 * a misconfigured embedder FAILED_PRECONDITION, and storage or embedding outages UNAVAILABLE.
 */
async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ConnectError) throw e;
    if (e instanceof UnknownIndexError) throw notFound(e.message);
    if (e instanceof RangeError) throw new ConnectError(e.message, Code.InvalidArgument);
    if (e instanceof EmbeddingDimensionError) throw new ConnectError(e.message, Code.FailedPrecondition);
    if (e instanceof EmbeddingError) {
      throw e.retryable
        ? new ConnectError(`embedding failed: ${e.message}; retry shortly`, Code.Unavailable)
        : new ConnectError(`embedding failed: ${e.message}`, Code.FailedPrecondition);
    }
    throw new ConnectError(`storage failed: ${e instanceof Error ? e.message : String(e)}; retry shortly`, Code.Unavailable);
  }
}
