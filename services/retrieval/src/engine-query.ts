import { Redis } from "ioredis";
import { createLogger, type Logger } from "@springboard/runtime";
import {
  checkDocuments,
  checkQueryVector,
  IndexMismatchError,
  UnknownIndexError,
  type FilterFields,
  type Hit,
  type IndexSpec,
  type IndexStats,
  type StoredDocument,
  type VectorEngine,
  type VectorQuery,
} from "./engine.js";
import { CREATE_META, encodeVector, execOrThrow, INDEX_NAME, keys, parseJson, waitForRedis } from "./engine-plain.js";

export type RedisArg = string | number | Buffer;

/** RedisCaller is the part of a Redis client this engine uses: raw commands and MULTI/EXEC. */
export interface RedisCaller {
  call(command: string, ...args: RedisArg[]): Promise<unknown>;
  /** transaction runs the commands in one MULTI/EXEC and returns their replies, throwing the first error. */
  transaction(commands: RedisArg[][]): Promise<unknown[]>;
  close(): Promise<void>;
}

export function ioredisCaller(redis: Redis): RedisCaller {
  return {
    call: (command, ...args) => redis.call(command, ...args),
    async transaction(commands) {
      const tx = redis.multi();
      for (const [command, ...args] of commands) tx.call(String(command), ...args);
      return execOrThrow(tx);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export interface HnswParams {
  m: number;
  efConstruction: number;
  /** efRuntime is the default candidate list of a query; a query for more than efRuntime documents uses k. */
  efRuntime: number;
}

/**
 * DEFAULT_HNSW are M 16 and EF_CONSTRUCTION 200 (the usual defaults) with a query candidate list
 * of 100: on 100,000 realistic 384-d embeddings, recall@10 is 0.96 at 64 and 0.98 at 100, for a
 * few hundredths of a millisecond more (libs/bench retrieval).
 */
export const DEFAULT_HNSW: HnswParams = { m: 16, efConstruction: 200, efRuntime: 100 };

export interface QueryEngineOptions {
  redisUrl: string;
  connectTimeoutMs?: number;
  hnsw?: Partial<HnswParams>;
  logger?: Logger;
}

/** TAG_SEPARATOR splits a TAG field into tags; a stored value containing it is refused. */
export const TAG_SEPARATOR = "|";
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const VECTOR_FIELD = "vec";
const SCORE = "score";

interface IndexState {
  dimension: number;
  embedder: string;
  tags: Set<string>;
  numbers: Set<string>;
}

/**
 * QueryVectorEngine keeps documents in the same hashes as the in-process engine and searches them
 * with the Redis Query Engine: an HNSW VECTOR field with COSINE distance, plus one TAG field per
 * declared tag and one NUMERIC field per declared number, used as a KNN pre-filter. Redis indexes
 * a hash when it is written, so every replica sees every write at once; no change stream is needed.
 */
export class QueryVectorEngine implements VectorEngine {
  readonly kind = "query-engine";
  private readonly states = new Map<string, IndexState>();
  private readonly hnsw: HnswParams;
  private readonly logger: Logger;
  private closed = false;

  constructor(
    private readonly redis: RedisCaller,
    opts: { hnsw?: Partial<HnswParams>; logger?: Logger } = {},
  ) {
    this.hnsw = { ...DEFAULT_HNSW, ...opts.hnsw };
    for (const [k, v] of Object.entries(this.hnsw)) {
      if (!Number.isInteger(v) || v < 1) throw new RangeError(`HNSW ${k} must be a positive integer, got ${v}`);
    }
    this.logger = opts.logger ?? createLogger("retrieval");
  }

  static async connect(opts: QueryEngineOptions): Promise<QueryVectorEngine> {
    await waitForRedis(opts.redisUrl, opts.connectTimeoutMs ?? 10_000);
    const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 });
    redis.on("error", (e: Error) => opts.logger?.warn({ err: e.message }, "redis connection error"));
    return new QueryVectorEngine(ioredisCaller(redis), opts);
  }

  indexes(): string[] {
    return [...this.states.keys()];
  }

  async ensureIndex(index: string, spec: IndexSpec): Promise<void> {
    if (!INDEX_NAME.test(index)) throw new RangeError(`index name "${index}" must be 1 to 64 lower-case letters, digits, "_" or "-"`);
    const filters = checkFilterFields(spec.filters ?? { tags: [], numbers: [] });
    const known = this.states.get(index);
    if (known) {
      if (known.dimension !== spec.dimension || known.embedder !== spec.embedder) throw new IndexMismatchError(index, known, spec);
      await this.addMissingFields(index, filters, known);
      return;
    }
    let meta = await this.createMeta(index, spec);
    let info = (await this.exists(index)) ? parseInfo(await this.redis.call("FT.INFO", keys.searchIndex(index))) : undefined;
    const existingDimension = info?.vectorDimension ?? meta.dimension;
    if (meta.dimension !== spec.dimension || meta.embedder !== spec.embedder || existingDimension !== spec.dimension) {
      const existing = { dimension: existingDimension, embedder: meta.embedder };
      if (!spec.rebuild) throw new IndexMismatchError(index, existing, spec);
      this.logger.warn({ index, was: existing, now: spec }, "rebuilding index: dropping its documents");
      await this.drop(index, info !== undefined);
      meta = await this.createMeta(index, spec);
      info = undefined;
    }
    const state: IndexState = { dimension: spec.dimension, embedder: spec.embedder, tags: new Set(), numbers: new Set() };
    if (!info) {
      try {
        await this.redis.call("FT.CREATE", ...createCommandArgs(index, spec.dimension, filters, this.hnsw));
        filters.tags.forEach((t) => state.tags.add(t));
        filters.numbers.forEach((n) => state.numbers.add(n));
      } catch (e) {
        // Another replica created it first.
        if (!/already exists/i.test(errorMessage(e))) throw e;
        info = parseInfo(await this.redis.call("FT.INFO", keys.searchIndex(index)));
      }
    }
    if (info) {
      info.tags.forEach((t) => state.tags.add(t));
      info.numbers.forEach((n) => state.numbers.add(n));
      await this.addMissingFields(index, filters, state);
      if (info.indexing) this.logger.warn({ index, percent_indexed: info.percentIndexed }, "Redis is still indexing existing documents; searches may miss some until it is done");
    }
    this.states.set(index, state);
    const documents = info?.documents ?? 0;
    this.logger.info({ index, documents, dimension: spec.dimension, embedder: spec.embedder, engine: this.kind }, "index ready");
  }

  async upsert(index: string, docs: readonly StoredDocument[]): Promise<number> {
    const state = this.state(index);
    if (docs.length === 0) return 0;
    checkDocuments(index, state.dimension, docs);
    const ids = new Set<string>();
    const commands: RedisArg[][] = [];
    for (const d of docs) {
      ids.add(d.id);
      const key = keys.doc(index, d.id);
      const fields: RedisArg[] = [
        "text", d.text,
        VECTOR_FIELD, encodeVector(d.vector),
        "tags", JSON.stringify(d.tags),
        "numbers", JSON.stringify(d.numbers),
        "payload", d.payloadJson,
      ];
      for (const [name, value] of Object.entries(d.tags)) {
        if (!state.tags.has(name) || value.trim() === "") continue;
        if (value.includes(TAG_SEPARATOR)) {
          throw new RangeError(`document "${d.id}": tag "${name}" contains "${TAG_SEPARATOR}", which the Redis Query Engine reads as a tag separator; leave it out of filterable tags`);
        }
        fields.push(`t_${name}`, value);
      }
      for (const [name, value] of Object.entries(d.numbers)) {
        if (state.numbers.has(name)) fields.push(`n_${name}`, formatNumber(value));
      }
      // DEL first so that a replaced document keeps no filter field of its previous version.
      commands.push(["DEL", key], ["HSET", key, ...fields]);
    }
    await this.redis.transaction(commands);
    return ids.size;
  }

  async search(index: string, query: VectorQuery): Promise<Hit[]> {
    const state = this.state(index);
    checkQueryVector(index, state.dimension, query.vector);
    const filter = buildFilter(index, state, query);
    if (filter === undefined) return [];
    const reply = await this.redis.call("FT.SEARCH", ...searchCommandArgs(index, filter, query.vector, query.k, Math.max(this.hnsw.efRuntime, query.k)));
    const prefix = keys.docPrefix(index);
    const hits: Hit[] = [];
    for (const row of parseSearchReply(reply)) {
      const score = 1 - Number(row.fields[SCORE]);
      if (!Number.isFinite(score) || score < query.minScore) continue;
      hits.push({
        id: row.key.startsWith(prefix) ? row.key.slice(prefix.length) : row.key,
        score,
        text: row.fields.text ?? "",
        tags: parseJson(row.fields.tags, {}),
        payloadJson: row.fields.payload ?? "",
      });
    }
    return hits;
  }

  async delete(index: string, ids: readonly string[]): Promise<number> {
    this.state(index);
    if (ids.length === 0) return 0;
    const unique = [...new Set(ids)];
    return Number(await this.redis.call("DEL", ...unique.map((id) => keys.doc(index, id))));
  }

  async stats(index: string): Promise<IndexStats> {
    const state = this.state(index);
    const info = parseInfo(await this.redis.call("FT.INFO", keys.searchIndex(index)));
    return { index, documents: info.documents, dimension: state.dimension, embedder: state.embedder, engine: this.kind };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.redis.close();
  }

  private state(index: string): IndexState {
    const state = this.states.get(index);
    if (!state) throw new UnknownIndexError(index, this.indexes());
    return state;
  }

  private async exists(index: string): Promise<boolean> {
    const list = await this.redis.call("FT._LIST");
    return Array.isArray(list) && list.some((name) => String(name) === keys.searchIndex(index));
  }

  private async createMeta(index: string, spec: IndexSpec): Promise<{ dimension: number; embedder: string }> {
    const [dimension, embedder] = (await this.redis.call(
      "EVAL", CREATE_META, 1, keys.meta(index), spec.dimension, spec.embedder, new Date().toISOString(),
    )) as (string | null)[];
    return { dimension: Number(dimension), embedder: embedder ?? "" };
  }

  /** drop removes the search index with its documents, any document it had not indexed, and the meta. */
  private async drop(index: string, indexed: boolean): Promise<void> {
    if (indexed) {
      try {
        await this.redis.call("FT.DROPINDEX", keys.searchIndex(index), "DD");
      } catch (e) {
        if (!/unknown index|no such index/i.test(errorMessage(e))) throw e;
      }
    }
    let cursor = "0";
    do {
      const [next, batch] = (await this.redis.call("SCAN", cursor, "MATCH", `${keys.docPrefix(index)}*`, "COUNT", 1000)) as [string, string[]];
      if (batch.length > 0) await this.redis.call("UNLINK", ...batch);
      cursor = String(next);
    } while (cursor !== "0");
    await this.redis.call("DEL", keys.meta(index));
  }

  /** addMissingFields adds declared filter fields that an existing index lacks; Redis then re-indexes in the background. */
  private async addMissingFields(index: string, filters: FilterFields, state: IndexState): Promise<void> {
    const missing = [
      ...filters.tags.filter((t) => !state.tags.has(t)).map((t) => ({ name: t, kind: "tag" as const })),
      ...filters.numbers.filter((n) => !state.numbers.has(n)).map((n) => ({ name: n, kind: "number" as const })),
    ];
    for (const field of missing) {
      try {
        await this.redis.call("FT.ALTER", keys.searchIndex(index), "SCHEMA", "ADD", ...fieldSchema(field.kind, field.name));
      } catch (e) {
        if (!/duplicate/i.test(errorMessage(e))) throw e;
      }
      (field.kind === "tag" ? state.tags : state.numbers).add(field.name);
      this.logger.warn(
        { index, field: field.name, kind: field.kind },
        "added a filter field to an existing index; documents written before carry no value for it until they are upserted again",
      );
    }
  }
}

function checkFilterFields(filters: FilterFields): FilterFields {
  for (const name of [...filters.tags, ...filters.numbers]) {
    if (!FIELD_NAME.test(name)) throw new RangeError(`filter field "${name}" must be 1 to 64 lower-case letters, digits or "_", starting with a letter`);
  }
  return { tags: [...new Set(filters.tags)], numbers: [...new Set(filters.numbers)] };
}

function fieldSchema(kind: "tag" | "number", name: string): string[] {
  return kind === "tag" ? [`t_${name}`, "TAG", "SEPARATOR", TAG_SEPARATOR, "CASESENSITIVE"] : [`n_${name}`, "NUMERIC"];
}

/** createCommandArgs are FT.CREATE's arguments for an index over the documents' hashes. */
export function createCommandArgs(index: string, dimension: number, filters: FilterFields, hnsw: HnswParams): RedisArg[] {
  return [
    keys.searchIndex(index),
    "ON", "HASH",
    "PREFIX", 1, keys.docPrefix(index),
    "SCHEMA",
    VECTOR_FIELD, "VECTOR", "HNSW", 12,
    "TYPE", "FLOAT32",
    "DIM", dimension,
    "DISTANCE_METRIC", "COSINE",
    "M", hnsw.m,
    "EF_CONSTRUCTION", hnsw.efConstruction,
    "EF_RUNTIME", hnsw.efRuntime,
    ...filters.tags.flatMap((t) => fieldSchema("tag", t)),
    ...filters.numbers.flatMap((n) => fieldSchema("number", n)),
  ];
}

/** searchCommandArgs are FT.SEARCH's arguments for a KNN query under a pre-filter ("*" for none). */
export function searchCommandArgs(index: string, filter: string, vector: Float32Array, k: number, ef: number): RedisArg[] {
  return [
    keys.searchIndex(index),
    `${filter}=>[KNN $k @${VECTOR_FIELD} $blob EF_RUNTIME $ef AS ${SCORE}]`,
    "PARAMS", 6, "k", k, "blob", encodeVector(vector), "ef", ef,
    "SORTBY", SCORE,
    "RETURN", 4, "text", "tags", "payload", SCORE,
    "LIMIT", 0, k,
    "DIALECT", 2,
  ];
}

/**
 * buildFilter turns the query's filters into a Query Engine pre-filter: "*" when there are none,
 * undefined when nothing can match. A filter on an undeclared field is refused.
 */
export function buildFilter(index: string, fields: { tags: ReadonlySet<string>; numbers: ReadonlySet<string> }, query: Pick<VectorQuery, "tags" | "ranges">): string | undefined {
  const parts: string[] = [];
  for (const t of query.tags) {
    if (!fields.tags.has(t.field)) throw undeclared(index, "tag", t.field, fields);
    // The Query Engine trims the whitespace around a tag when it indexes it: a filter value is trimmed alike.
    const values = [...new Set(t.anyOf.map((v) => v.trim()).filter((v) => v !== ""))];
    if (values.length === 0) return undefined;
    parts.push(`@t_${t.field}:{${values.map(escapeTag).join(" | ")}}`);
  }
  for (const r of query.ranges) {
    if (!fields.numbers.has(r.field)) throw undeclared(index, "number", r.field, fields);
    const min = r.min === undefined || r.min === -Infinity ? "-inf" : r.min === Infinity ? "+inf" : formatNumber(r.min);
    const max = r.max === undefined || r.max === Infinity ? "+inf" : r.max === -Infinity ? "-inf" : formatNumber(r.max);
    parts.push(`@n_${r.field}:[${min} ${max}]`);
  }
  return parts.length === 0 ? "*" : `(${parts.join(" ")})`;
}

function undeclared(index: string, kind: "tag" | "number", field: string, fields: { tags: ReadonlySet<string>; numbers: ReadonlySet<string> }): RangeError {
  const list = (s: ReadonlySet<string>) => (s.size === 0 ? "none" : [...s].join(", "));
  const env = kind === "tag" ? "RETRIEVAL_FILTER_TAGS" : "RETRIEVAL_FILTER_NUMBERS";
  return new RangeError(
    `index "${index}" cannot filter on ${kind} "${field}": with the Redis Query Engine it filters only on declared fields ` +
      `(tags: ${list(fields.tags)}; numbers: ${list(fields.numbers)}); add it with ${env}=${index}.${field} and restart, then upsert the documents again`,
  );
}

/**
 * escapeTag backslash-escapes ASCII punctuation and whitespace (every printable ASCII character but
 * letters, digits and "_") so a value reads as one literal tag inside {...}: unescaped, they end it
 * or change the query. The query lexer accepts a backslash before punctuation or whitespace only.
 */
export function escapeTag(value: string): string {
  return value.replace(/[\t\n\v\f\r\x20-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7e]/g, (c) => `\\${c}`);
}

/**
 * formatNumber writes a number as the query lexer reads it: an exponent has no "+" sign
 * ("1e21", not "1e+21"), and infinities are "+inf" / "-inf".
 */
export function formatNumber(n: number): string {
  if (n === Infinity) return "+inf";
  if (n === -Infinity) return "-inf";
  return String(n).replace("e+", "e");
}

/** SearchRow is one document of an FT.SEARCH reply: its key and the fields asked for with RETURN. */
export interface SearchRow {
  key: string;
  fields: Record<string, string>;
}

/** parseSearchReply reads FT.SEARCH's RESP2 reply: [total, key, [field, value, ...], key, [...], ...]. */
export function parseSearchReply(reply: unknown): SearchRow[] {
  if (!Array.isArray(reply)) throw new Error(`unexpected FT.SEARCH reply: ${String(reply)}`);
  const rows: SearchRow[] = [];
  for (let i = 1; i < reply.length; i += 2) {
    const key = String(reply[i]);
    const flat = reply[i + 1];
    const fields: Record<string, string> = {};
    if (Array.isArray(flat)) for (let j = 0; j + 1 < flat.length; j += 2) fields[String(flat[j])] = String(flat[j + 1]);
    rows.push({ key, fields });
  }
  return rows;
}

export interface IndexInfo {
  documents: number;
  tags: string[];
  numbers: string[];
  /** vectorDimension is the vector field's DIM when FT.INFO reports it. */
  vectorDimension?: number;
  indexing: boolean;
  percentIndexed: number;
}

/**
 * parseInfo reads FT.INFO's RESP2 reply: a flat array of name/value pairs, where "attributes" is an
 * array of flat arrays (identifier, attribute, type, then type options).
 */
export function parseInfo(reply: unknown): IndexInfo {
  const top = pairs(reply);
  const info: IndexInfo = {
    documents: Number(top.num_docs ?? 0),
    tags: [],
    numbers: [],
    indexing: Number(top.indexing ?? 0) !== 0,
    percentIndexed: Number(top.percent_indexed ?? 1),
  };
  for (const raw of Array.isArray(top.attributes) ? top.attributes : []) {
    const a = pairs(raw, true);
    const name = String(a.attribute ?? a.identifier ?? "");
    const type = String(a.type ?? "").toUpperCase();
    if (type === "TAG" && name.startsWith("t_")) info.tags.push(name.slice(2));
    else if (type === "NUMERIC" && name.startsWith("n_")) info.numbers.push(name.slice(2));
    else if (type === "VECTOR" && name === VECTOR_FIELD && a.dim !== undefined) info.vectorDimension = Number(a.dim);
  }
  return info;
}

function pairs(flat: unknown, lowerCase = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(flat)) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out[lowerCase ? String(flat[i]).toLowerCase() : String(flat[i])] = flat[i + 1];
  return out;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
