import { endianness } from "node:os";
import { Redis } from "ioredis";
import { createLogger, type Logger } from "@springboard/runtime";
import {
  IndexMismatchError,
  UnknownIndexError,
  type Hit,
  type IndexSpec,
  type IndexStats,
  type StoredDocument,
  type VectorEngine,
  type VectorQuery,
} from "./engine.js";
import { VectorMatrix, type RowFilter } from "./matrix.js";

/**
 * Redis layout of an index (the index name is a Redis Cluster hash tag, so one write's MULTI over
 * its documents and its change stream stays within one slot):
 *   rt:{index}:meta       hash: dimension, embedder, created
 *   rt:{index}:doc:<id>   hash: text, vec (float32 little-endian), tags (JSON), numbers (JSON), payload
 *   rt:{index}:changes    stream: one entry per write, op (upsert | delete | reset) and ids (JSON)
 *   rt:{index}:idx        the Query Engine's index over the doc hashes (engine-query.ts), which also
 *                         writes t_<tag> and n_<number> fields for the declared filter fields
 */
export const keys = {
  meta: (index: string) => `rt:{${index}}:meta`,
  doc: (index: string, id: string) => `rt:{${index}}:doc:${id}`,
  docPrefix: (index: string) => `rt:{${index}}:doc:`,
  changes: (index: string) => `rt:{${index}}:changes`,
  searchIndex: (index: string) => `rt:{${index}}:idx`,
};

export interface PlainEngineOptions {
  redisUrl: string;
  /** connectTimeoutMs bounds how long to keep trying to reach Redis at start. */
  connectTimeoutMs?: number;
  /** streamMaxLen caps each change stream (approximately), in entries. */
  streamMaxLen?: number;
  /** writeVisibleTimeoutMs bounds how long a write waits to see itself in this replica's matrix. */
  writeVisibleTimeoutMs?: number;
  logger?: Logger;
}

interface IndexState {
  name: string;
  dimension: number;
  embedder: string;
  /** created is the meta's creation time; another value means the index was recreated. */
  created: string;
  matrix: VectorMatrix;
  lastId: string;
  waiters: { id: string; resolve: () => void }[];
}

export const INDEX_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const LITTLE_ENDIAN = endianness() === "LE";
export const CREATE_META = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'dimension', ARGV[1], 'embedder', ARGV[2], 'created', ARGV[3])
end
return redis.call('HMGET', KEYS[1], 'dimension', 'embedder', 'created')`;

/**
 * PlainVectorEngine keeps documents in plain Redis hashes and every index's vectors in an
 * in-process matrix searched exactly. Every write appends to the index's change stream in the same
 * MULTI; each replica follows the streams, so replicas converge and a restarted one catches up.
 */
export class PlainVectorEngine implements VectorEngine {
  readonly kind = "in-process";
  private readonly states = new Map<string, IndexState>();
  private readonly maxLen: number;
  private readonly visibleTimeoutMs: number;
  private readonly logger: Logger;
  private following: Promise<void> | undefined;
  private followerId: number | undefined;
  private statesVersion = 0;
  private followedVersion = 0;
  private recheckTrim = false;
  private closed = false;

  private constructor(
    private readonly redis: Redis,
    private readonly follower: Redis,
    opts: PlainEngineOptions,
  ) {
    this.maxLen = opts.streamMaxLen ?? 100_000;
    this.visibleTimeoutMs = opts.writeVisibleTimeoutMs ?? 5_000;
    this.logger = opts.logger ?? createLogger("retrieval");
  }

  /** connect reaches Redis, retrying until connectTimeoutMs (10 s by default), then fails with a clear message. */
  static async connect(opts: PlainEngineOptions): Promise<PlainVectorEngine> {
    await waitForRedis(opts.redisUrl, opts.connectTimeoutMs ?? 10_000);
    const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: false });
    // The follower reconnects itself (see follow): a blocked XREAD must fail when its connection
    // drops, so that the streams are re-checked, rather than hang or be resent blindly.
    const follower = new Redis(opts.redisUrl, { lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false });
    const onError = (e: Error) => opts.logger?.warn({ err: e.message }, "redis connection error");
    redis.on("error", onError);
    follower.on("error", onError);
    return new PlainVectorEngine(redis, follower, opts);
  }

  indexes(): string[] {
    return [...this.states.keys()];
  }

  async ensureIndex(index: string, spec: IndexSpec): Promise<void> {
    if (!INDEX_NAME.test(index)) throw new RangeError(`index name "${index}" must be 1 to 64 lower-case letters, digits, "_" or "-"`);
    const known = this.states.get(index);
    if (known) {
      if (known.dimension !== spec.dimension || known.embedder !== spec.embedder) throw new IndexMismatchError(index, known, spec);
      return;
    }
    let existing = await this.createMeta(index, spec);
    if (existing.dimension !== spec.dimension || existing.embedder !== spec.embedder) {
      if (!spec.rebuild) throw new IndexMismatchError(index, existing, spec);
      this.logger.warn({ index, was: existing, now: spec }, "rebuilding index: dropping its documents");
      await this.drop(index);
      existing = await this.createMeta(index, spec);
      if (existing.dimension !== spec.dimension || existing.embedder !== spec.embedder) throw new IndexMismatchError(index, existing, spec);
    }
    const state: IndexState = {
      name: index,
      dimension: spec.dimension,
      embedder: spec.embedder,
      created: existing.created,
      matrix: new VectorMatrix(spec.dimension),
      lastId: "0-0",
      waiters: [],
    };
    await this.load(state);
    this.states.set(index, state);
    this.statesVersion++;
    this.logger.info({ index, documents: state.matrix.size, dimension: spec.dimension, embedder: spec.embedder }, "index loaded");
    await this.wakeFollower();
  }

  async upsert(index: string, docs: readonly StoredDocument[]): Promise<number> {
    const state = this.state(index);
    if (docs.length === 0) return 0;
    const ids = new Set<string>();
    for (const d of docs) {
      if (d.vector.length !== state.dimension) {
        throw new RangeError(`document "${d.id}" has a vector of ${d.vector.length} dimensions; index "${index}" has ${state.dimension}`);
      }
      ids.add(d.id);
    }
    const tx = this.redis.multi();
    for (const d of docs) {
      tx.hset(keys.doc(index, d.id), {
        text: d.text,
        vec: encodeVector(d.vector),
        tags: JSON.stringify(d.tags),
        numbers: JSON.stringify(d.numbers),
        payload: d.payloadJson,
      });
    }
    tx.xadd(keys.changes(index), "MAXLEN", "~", this.maxLen, "*", "op", "upsert", "ids", JSON.stringify([...ids]));
    const results = await execOrThrow(tx);
    await this.visible(state, results[results.length - 1] as string);
    return ids.size;
  }

  async delete(index: string, ids: readonly string[]): Promise<number> {
    const state = this.state(index);
    if (ids.length === 0) return 0;
    const unique = [...new Set(ids)];
    const tx = this.redis.multi();
    tx.del(...unique.map((id) => keys.doc(index, id)));
    tx.xadd(keys.changes(index), "MAXLEN", "~", this.maxLen, "*", "op", "delete", "ids", JSON.stringify(unique));
    const results = await execOrThrow(tx);
    await this.visible(state, results[1] as string);
    return results[0] as number;
  }

  async search(index: string, query: VectorQuery): Promise<Hit[]> {
    const state = this.state(index);
    const filter: RowFilter = {
      tags: query.tags.map((t) => ({ field: t.field, anyOf: new Set(t.anyOf) })),
      ranges: query.ranges.map((r) => ({ field: r.field, min: r.min ?? -Infinity, max: r.max ?? Infinity })),
    };
    const scored = state.matrix.search(query.vector, query.k, query.minScore, filter);
    if (scored.length === 0) return [];
    const p = this.redis.pipeline();
    for (const s of scored) p.hmget(keys.doc(index, s.id), "text", "tags", "payload");
    const rows = await p.exec();
    const hits: Hit[] = [];
    scored.forEach((s, i) => {
      const [err, fields] = rows?.[i] ?? [];
      if (err) throw err;
      const [text, tags, payload] = fields as (string | null)[];
      // A document deleted by another replica since the scan is left out.
      if (text === null || text === undefined) return;
      hits.push({ id: s.id, score: s.score, text, tags: parseJson(tags, {}), payloadJson: payload ?? "" });
    });
    return hits;
  }

  async stats(index: string): Promise<IndexStats> {
    const state = this.state(index);
    return { index, documents: state.matrix.size, dimension: state.dimension, embedder: state.embedder, engine: this.kind };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.follower.disconnect();
    await this.following;
    for (const state of this.states.values()) for (const w of state.waiters.splice(0)) w.resolve();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private state(index: string): IndexState {
    const state = this.states.get(index);
    if (!state) throw new UnknownIndexError(index, this.indexes());
    return state;
  }

  private async createMeta(index: string, spec: IndexSpec): Promise<{ dimension: number; embedder: string; created: string }> {
    const [dimension, embedder, created] = (await this.redis.eval(
      CREATE_META, 1, keys.meta(index), spec.dimension, spec.embedder, new Date().toISOString(),
    )) as (string | null)[];
    return { dimension: Number(dimension), embedder: embedder ?? "", created: created ?? "" };
  }

  /** drop removes an index's documents and meta, and tells the other replicas through a reset entry. */
  private async drop(index: string): Promise<void> {
    for await (const batch of this.redis.scanStream({ match: `${keys.docPrefix(index)}*`, count: 1000 })) {
      if ((batch as string[]).length > 0) await this.redis.unlink(...(batch as string[]));
    }
    await this.redis
      .multi()
      .del(keys.meta(index))
      .xadd(keys.changes(index), "MAXLEN", "~", this.maxLen, "*", "op", "reset", "ids", "[]")
      .exec();
  }

  /** load reads every document's vector and filter fields with SCAN and pipelined HMGET. */
  private async load(state: IndexState): Promise<void> {
    // The stream position is taken first: writes made during the scan are replayed by the follower.
    const last = (await this.redis.xrevrange(keys.changes(state.name), "+", "-", "COUNT", 1)) as [string, string[]][];
    state.lastId = last[0]?.[0] ?? "0-0";
    state.matrix.clear();
    const prefix = keys.docPrefix(state.name);
    for await (const batch of this.redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      const ids = (batch as string[]).map((k) => k.slice(prefix.length));
      await this.refresh(state, ids);
    }
  }

  /** refresh makes the matrix agree with what Redis holds now for the given ids. */
  private async refresh(state: IndexState, ids: Iterable<string>): Promise<void> {
    const list = [...ids];
    for (let at = 0; at < list.length; at += 1000) {
      const chunk = list.slice(at, at + 1000);
      const p = this.redis.pipeline();
      for (const id of chunk) p.hmgetBuffer(keys.doc(state.name, id), "vec", "tags", "numbers");
      const rows = (await p.exec()) ?? [];
      chunk.forEach((id, i) => {
        const [err, fields] = rows[i] ?? [];
        if (err) throw err;
        const [vec, tags, numbers] = fields as (Buffer | null)[];
        if (!vec) {
          state.matrix.delete(id);
          return;
        }
        if (vec.length !== state.dimension * 4) {
          this.logger.warn({ index: state.name, id, bytes: vec.length }, "stored vector has the wrong dimension; skipped");
          state.matrix.delete(id);
          return;
        }
        state.matrix.set(id, decodeVector(vec), parseJson(tags?.toString(), {}), parseJson(numbers?.toString(), {}));
      });
    }
  }

  /** visible waits until this replica's follower has applied the change stream up to id. */
  private async visible(state: IndexState, id: string): Promise<void> {
    if (compareIds(state.lastId, id) >= 0 || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn({ index: state.name, id, timeout_ms: this.visibleTimeoutMs }, "write stored but not yet applied in this replica");
        resolve();
      }, this.visibleTimeoutMs);
      state.waiters.push({
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** wakeFollower returns once the follower reads every ensured index's stream. */
  private async wakeFollower(): Promise<void> {
    this.following ??= this.follow();
    const deadline = Date.now() + 5_000;
    while (!this.closed && this.followedVersion < this.statesVersion && Date.now() < deadline) {
      if (this.followerId !== undefined) await this.redis.client("UNBLOCK", this.followerId).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private async follow(): Promise<void> {
    while (!this.closed) {
      try {
        if (this.follower.status !== "ready") {
          this.followerId = undefined;
          await this.follower.connect();
        }
        this.followerId ??= (await this.follower.client("ID")) as number;
        if (this.recheckTrim) {
          for (const state of this.states.values()) await this.reloadIfTrimmed(state);
          this.recheckTrim = false;
        }
        const states = [...this.states.values()];
        this.followedVersion = this.statesVersion;
        const reply = (await this.follower.xread(
          "COUNT", 1000, "BLOCK", 5000,
          "STREAMS", ...states.map((s) => keys.changes(s.name)), ...states.map((s) => s.lastId),
        )) as [string, [string, string[]][]][] | null;
        for (const [stream, entries] of reply ?? []) {
          const state = states.find((s) => keys.changes(s.name) === stream);
          if (state && entries.length > 0) await this.apply(state, entries);
        }
      } catch (e) {
        if (this.closed) break;
        this.followerId = undefined;
        if (this.follower.status === "ready") this.follower.disconnect();
        this.recheckTrim = true;
        this.logger.warn({ err: e instanceof Error ? e.message : String(e) }, "following the change streams failed; retrying");
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private async apply(state: IndexState, entries: [string, string[]][]): Promise<void> {
    let pending = new Set<string>();
    for (const [, fields] of entries) {
      const f = fieldMap(fields);
      if (f.op === "reset") {
        state.matrix.clear();
        pending = new Set();
        continue;
      }
      for (const id of parseJson<string[]>(f.ids, [])) pending.add(id);
    }
    await this.refresh(state, pending);
    state.lastId = entries[entries.length - 1]![0];
    this.release(state);
  }

  private release(state: IndexState): void {
    if (state.waiters.length === 0) return;
    const still: IndexState["waiters"] = [];
    for (const w of state.waiters) {
      if (compareIds(state.lastId, w.id) >= 0) w.resolve();
      else still.push(w);
    }
    state.waiters = still;
  }

  /**
   * reloadIfTrimmed reloads an index whose change stream lost entries this replica had not read:
   * trimmed past its position, or gone or behind it because Redis lost data.
   */
  private async reloadIfTrimmed(state: IndexState): Promise<void> {
    const stream = keys.changes(state.name);
    let why: string | undefined;
    const created = await this.redis.hget(keys.meta(state.name), "created");
    if (created !== state.created) {
      why = created === null ? "index meta is gone" : "index was recreated";
      if (created === null) {
        // Redis lost the index (for example a restart without persistence): recreate its meta.
        state.created = (await this.createMeta(state.name, state)).created;
      } else {
        state.created = created;
      }
    } else if ((await this.redis.exists(stream)) === 0) {
      if (state.lastId !== "0-0") why = "change stream is gone";
    } else {
      const f = fieldMap((await this.redis.xinfo("STREAM", stream)) as unknown[]);
      const deleted = typeof f["max-deleted-entry-id"] === "string" ? f["max-deleted-entry-id"] : "0-0";
      const last = typeof f["last-generated-id"] === "string" ? f["last-generated-id"] : "0-0";
      if (compareIds(deleted, state.lastId) > 0) why = `change stream trimmed up to ${deleted}`;
      else if (compareIds(last, state.lastId) < 0) why = "change stream is behind this replica";
    }
    if (!why) return;
    this.logger.warn({ index: state.name, last_read: state.lastId, why }, "this replica missed changes; reloading the index");
    await this.load(state);
    this.release(state);
  }
}

export async function waitForRedis(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 2_000 });
    let cause = "";
    probe.on("error", (e: Error) => (cause ||= e.message));
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch (e) {
      probe.disconnect();
      last = cause || (e instanceof Error ? e.message : String(e));
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `cannot reach Redis at ${redact(url)} after ${Math.round(timeoutMs / 1000)} s (${last}); ` +
          `start Redis or point REDIS_URL at a running one`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

export async function execOrThrow(tx: ReturnType<Redis["multi"]>): Promise<unknown[]> {
  const results = await tx.exec();
  if (!results) throw new Error("Redis transaction was aborted");
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

export function encodeVector(v: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const b = Buffer.allocUnsafe(v.length * 4);
  for (let i = 0; i < v.length; i++) b.writeFloatLE(v[i]!, i * 4);
  return b;
}

export function decodeVector(b: Buffer): Float32Array {
  const v = new Float32Array(b.length >> 2);
  if (LITTLE_ENDIAN) new Uint8Array(v.buffer).set(b.subarray(0, v.length * 4));
  else for (let i = 0; i < v.length; i++) v[i] = b.readFloatLE(i * 4);
  return v;
}

/** compareIds orders two stream ids ("ms-seq"). */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am - bm || (as ?? 0) - (bs ?? 0);
}

function fieldMap(flat: unknown[]): Record<string, unknown> & { op?: string; ids?: string } {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out as Record<string, unknown> & { op?: string; ids?: string };
}

export function parseJson<T>(raw: string | null | undefined, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
