import { randomBytes } from "node:crypto";
import { endianness } from "node:os";
import { Redis } from "ioredis";
import { createLogger, ExpiringCache, type Logger } from "@springboard/runtime";
import {
  checkDocuments,
  checkQueryVector,
  IndexMismatchError,
  UnknownIndexError,
  type Hit,
  type IndexSpec,
  type IndexStats,
  type StoredDocument,
  type VectorEngine,
  type VectorQuery,
} from "./engine.js";
import { AnnIndex, DEFAULT_ANN, HnswWorker, type AnnParams, type AnnStats, type HnswThread } from "./hnsw.js";
import { VectorMatrix, type RowFilter } from "./matrix.js";
import { SnapshotStore, type LoadedSnapshot } from "./snapshot.js";

/**
 * Redis layout of an index (the index name is a Redis Cluster hash tag, so one write's MULTI over
 * its documents and its change stream stays within one slot):
 *   rt:{index}:meta       hash: dimension, embedder, created
 *   rt:{index}:doc:<id>   hash: text, vec (float32 little-endian), tags (JSON), numbers (JSON), payload
 *   rt:{index}:changes    stream: one entry per write, op (upsert | delete | reset), ids (JSON) and
 *                         w, the writing replica's name for the write
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
  /**
   * ann configures the in-process HNSW index, built in a worker thread behind the writes; indexes up
   * to ann.exactBelow documents are still scanned exactly. false scans every index exactly.
   */
  ann?: Partial<AnnParams> | false;
  /** hnswThread says where the HNSW indexes live: a worker thread (default) or the serving thread. */
  hnswThread?: HnswThread;
  /** snapshotDir keeps a snapshot of each index (rows and HNSW index) so that a restart is ready in seconds; unset keeps none. */
  snapshotDir?: string;
  /**
   * snapshotIntervalMs is how often a changed index is snapshotted; it is also snapshotted on close
   * and once the HNSW index has caught up with 10,000 changes or more. 0 keeps only those two.
   */
  snapshotIntervalMs?: number;
  /**
   * hitCacheSize is how many documents of each index keep their text and payload in memory once a
   * search has read them from Redis, least recently used first out (5,000 by default; 0 reads
   * every hit from Redis).
   */
  hitCacheSize?: number;
  logger?: Logger;
}

/** CachedHit is what a search read from Redis about a document, at one version of its row (whose tags the matrix holds). */
interface CachedHit {
  version: number;
  text: string;
  payloadJson: string;
}

/** OwnWrite is what a write of this replica changed, kept until its follower has applied it. */
type OwnWrite = { docs: readonly StoredDocument[] } | { deleted: readonly string[] };

/** A drained HNSW backlog of at least this many changes since the last snapshot is snapshotted at once. */
const SNAPSHOT_AFTER_CHANGES = 10_000;

interface IndexState {
  name: string;
  dimension: number;
  embedder: string;
  /** created is the meta's creation time; another value means the index was recreated. */
  created: string;
  matrix: VectorMatrix;
  ann: AnnIndex | undefined;
  lastId: string;
  waiters: { id: string; resolve: () => void }[];
  /** changes counts the rows changed in the matrix; snapshotChanges is the count the last snapshot reflects. */
  changes: number;
  snapshotChanges: number;
  saving: Promise<void> | undefined;
  /** loadedFrom says where the matrix was last loaded from. */
  loadedFrom: "snapshot" | "redis";
  /** hits keeps recently found documents by id; an entry holds only while its row keeps its version. */
  hits: ExpiringCache<string, CachedHit>;
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
 * in-process matrix, searched exactly while the index is small and through an HNSW index built in
 * a worker thread once it is large (hnsw.ts). Every write appends to the index's change stream in
 * the same MULTI; each replica follows the streams, so replicas converge and a restarted one
 * catches up. A write is acknowledged once it is in Redis and in this replica's matrix, where
 * searches see it at once; the HNSW index catches up behind. Snapshots of each index (rows, HNSW
 * index and the stream position they reflect) let a restarted replica replay only what changed.
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
  private readonly ann: AnnParams | undefined;
  private readonly hnswThread: HnswThread;
  private readonly hitCacheSize: number;
  private worker: HnswWorker | undefined;
  private readonly snapshots: SnapshotStore | undefined;
  private readonly snapshotTimer: NodeJS.Timeout | undefined;
  /** replica names this engine's writes in the change streams; own holds those its follower has not applied yet. */
  private readonly replica = randomBytes(6).toString("hex");
  private writes = 0;
  private readonly own = new Map<string, OwnWrite>();

  private constructor(
    private readonly redis: Redis,
    private readonly follower: Redis,
    opts: PlainEngineOptions,
  ) {
    this.maxLen = opts.streamMaxLen ?? 100_000;
    this.visibleTimeoutMs = opts.writeVisibleTimeoutMs ?? 5_000;
    this.logger = opts.logger ?? createLogger("retrieval");
    this.ann = opts.ann === false ? undefined : checkAnn({ ...DEFAULT_ANN, ...opts.ann });
    this.hnswThread = opts.hnswThread ?? "worker";
    this.hitCacheSize = opts.hitCacheSize ?? 5_000;
    this.snapshots = opts.snapshotDir ? new SnapshotStore(opts.snapshotDir) : undefined;
    const interval = opts.snapshotIntervalMs ?? 300_000;
    if (this.snapshots && interval > 0) {
      this.snapshotTimer = setInterval(() => void this.snapshotAll(), interval);
      this.snapshotTimer.unref();
    }
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
    const matrix = new VectorMatrix(spec.dimension);
    const state: IndexState = {
      name: index,
      dimension: spec.dimension,
      embedder: spec.embedder,
      created: existing.created,
      matrix,
      ann: undefined,
      lastId: "0-0",
      waiters: [],
      changes: 0,
      snapshotChanges: 0,
      saving: undefined,
      loadedFrom: "redis",
      hits: new ExpiringCache(Infinity, this.hitCacheSize),
    };
    if (this.ann) state.ann = new AnnIndex(this.hnswWorker(), index, matrix, this.ann, this.logger, () => this.snapshotWhenIndexed(state));
    const started = performance.now();
    const from = await this.load(state);
    this.states.set(index, state);
    this.statesVersion++;
    this.logger.info(
      { index, documents: matrix.size, dimension: spec.dimension, embedder: spec.embedder, from, ms: Math.round(performance.now() - started), hnsw_backlog: state.ann?.backlog },
      "index loaded",
    );
    await this.wakeFollower();
  }

  /** whenIndexed resolves once the index's HNSW index holds every document (at once without one). */
  whenIndexed(index: string): Promise<void> {
    return this.state(index).ann?.whenIndexed() ?? Promise.resolve();
  }

  /** loadedFrom says whether the index was last loaded from its snapshot or from Redis. */
  loadedFrom(index: string): "snapshot" | "redis" {
    return this.state(index).loadedFrom;
  }

  /** annStats says how an index's searches were answered and how far its HNSW index lags; undefined without one. */
  annStats(index: string): AnnStats | undefined {
    return this.state(index).ann?.stats();
  }

  /** snapshot saves the index's snapshot now, when it changed since the last one and a snapshot directory is set. */
  async snapshot(index: string): Promise<void> {
    await this.saveSnapshot(this.state(index));
  }

  async upsert(index: string, docs: readonly StoredDocument[]): Promise<number> {
    const state = this.state(index);
    if (docs.length === 0) return 0;
    checkDocuments(index, state.dimension, docs);
    const ids = new Set(docs.map((d) => d.id));
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
    await this.write(state, tx, { docs }, "upsert", [...ids]);
    return ids.size;
  }

  async delete(index: string, ids: readonly string[]): Promise<number> {
    const state = this.state(index);
    if (ids.length === 0) return 0;
    const unique = [...new Set(ids)];
    const tx = this.redis.multi();
    tx.del(...unique.map((id) => keys.doc(index, id)));
    const results = await this.write(state, tx, { deleted: unique }, "delete", unique);
    return results[0] as number;
  }

  /**
   * write runs a transaction with its change stream entry, and waits until this replica's follower
   * has applied it. The entry names the write, so that the follower applies this replica's own
   * writes from what it wrote rather than reading them back from Redis.
   */
  private async write(state: IndexState, tx: ReturnType<Redis["multi"]>, own: OwnWrite, op: "upsert" | "delete", ids: string[]): Promise<unknown[]> {
    const token = `${this.replica}:${++this.writes}`;
    this.own.set(token, own);
    try {
      tx.xadd(keys.changes(state.name), "MAXLEN", "~", this.maxLen, "*", "op", op, "ids", JSON.stringify(ids), "w", token);
      const results = await execOrThrow(tx);
      await this.visible(state, results[results.length - 1] as string);
      return results;
    } finally {
      this.own.delete(token);
    }
  }

  async search(index: string, query: VectorQuery): Promise<Hit[]> {
    const state = this.state(index);
    checkQueryVector(index, state.dimension, query.vector);
    const filter: RowFilter = {
      tags: query.tags.map((t) => ({ field: t.field, anyOf: new Set(t.anyOf) })),
      ranges: query.ranges.map((r) => ({ field: r.field, min: r.min ?? -Infinity, max: r.max ?? Infinity })),
    };
    const scored = state.ann
      ? await state.ann.search(query.vector, query.k, query.minScore, filter)
      : state.matrix.search(query.vector, query.k, query.minScore, filter);
    if (scored.length === 0) return [];
    // A document's text and payload come from the cache while its row keeps the version it had
    // when they were read, and from Redis otherwise. The versions are taken before Redis is read:
    // a change applied meanwhile gives its row a new version, so what was read is never kept for it.
    const hits: (Hit | undefined)[] = new Array(scored.length);
    const missing: { at: number; version: number | undefined }[] = [];
    scored.forEach((s, at) => {
      const version = state.matrix.versionOf(s.id);
      const cached = version === undefined ? undefined : state.hits.get(s.id);
      if (cached !== undefined && cached.version === version) {
        hits[at] = { id: s.id, score: s.score, text: cached.text, tags: { ...state.matrix.tagsOf(s.id) }, payloadJson: cached.payloadJson };
      } else {
        missing.push({ at, version });
      }
    });
    if (missing.length > 0) {
      const p = this.redis.pipeline();
      for (const { at } of missing) p.hmget(keys.doc(index, scored[at]!.id), "text", "tags", "payload");
      const rows = await p.exec();
      missing.forEach(({ at, version }, i) => {
        const [err, fields] = rows?.[i] ?? [];
        if (err) throw err;
        const [text, tags, payload] = fields as (string | null)[];
        // A document deleted by another replica since the scan is left out.
        if (text === null || text === undefined) return;
        const s = scored[at]!;
        const hit: Hit = { id: s.id, score: s.score, text, tags: parseJson(tags, {}), payloadJson: payload ?? "" };
        hits[at] = hit;
        if (version !== undefined) state.hits.set(s.id, { version, text, payloadJson: hit.payloadJson });
      });
    }
    return hits.filter((h): h is Hit => h !== undefined);
  }

  async stats(index: string): Promise<IndexStats> {
    const state = this.state(index);
    return { index, documents: state.matrix.size, dimension: state.dimension, embedder: state.embedder, engine: this.kind };
  }

  /** close stops following, saves a snapshot of every changed index, and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.snapshotTimer);
    this.follower.disconnect();
    await this.following;
    for (const state of this.states.values()) for (const w of state.waiters.splice(0)) w.resolve();
    for (const state of this.states.values()) {
      await state.saving;
      await this.saveSnapshot(state);
    }
    await this.worker?.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private hnswWorker(): HnswWorker {
    this.worker ??= new HnswWorker(this.logger, this.hnswThread);
    return this.worker;
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
    await this.snapshots?.remove(index);
    for await (const batch of this.redis.scanStream({ match: `${keys.docPrefix(index)}*`, count: 1000 })) {
      if ((batch as string[]).length > 0) await this.redis.unlink(...(batch as string[]));
    }
    await this.redis
      .multi()
      .del(keys.meta(index))
      .xadd(keys.changes(index), "MAXLEN", "~", this.maxLen, "*", "op", "reset", "ids", "[]")
      .exec();
  }

  /**
   * load fills the index's matrix: from its snapshot when one matches the index and the change
   * stream still holds every entry after it (replaying those), else from Redis with SCAN and
   * pipelined HMGET. It answers which of the two it used.
   */
  private async load(state: IndexState): Promise<"snapshot" | "redis"> {
    // The stream position is taken first: writes made during the load are replayed by the follower.
    const last = (await this.redis.xrevrange(keys.changes(state.name), "+", "-", "COUNT", 1)) as [string, string[]][];
    const position = last[0]?.[0] ?? "0-0";
    if (await this.restore(state, position)) {
      state.lastId = position;
      state.loadedFrom = "snapshot";
      return "snapshot";
    }
    state.loadedFrom = "redis";
    state.lastId = position;
    state.matrix.clear();
    state.ann?.open();
    const prefix = keys.docPrefix(state.name);
    for await (const batch of this.redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
      const ids = (batch as string[]).map((k) => k.slice(prefix.length));
      await this.refresh(state, ids);
    }
    return "redis";
  }

  /** restore loads the index's snapshot and replays the change stream up to position; false when it cannot. */
  private async restore(state: IndexState, position: string): Promise<boolean> {
    if (!this.snapshots) return false;
    let snap: LoadedSnapshot | undefined;
    try {
      snap = await this.snapshots.read(state.name);
    } catch (e) {
      this.logger.warn({ index: state.name, dir: this.snapshots.dir, err: errorText(e) }, "cannot read the index snapshot; loading from Redis");
      return false;
    }
    if (!snap) return false;
    const info = snap.info;
    let why: string | undefined;
    if (info.dimension !== state.dimension || info.embedder !== state.embedder) why = `it was built with ${info.embedder} (dimension ${info.dimension})`;
    else if (info.created !== state.created) why = "the index was recreated since";
    let changed: Set<string> | undefined;
    if (!why) {
      const since = await this.changedSince(state.name, info.streamId, position);
      if (typeof since === "string") why = since;
      else changed = since;
    }
    if (why || !changed) {
      this.logger.info({ index: state.name, why }, "index snapshot does not apply; loading from Redis");
      return false;
    }
    const ann = state.ann;
    const same = ann && info.hnsw && info.hnsw.m === ann.params.m && info.hnsw.efConstruction === ann.params.efConstruction;
    // The worker thread reads the HNSW index while this one reads the rows.
    const hnsw = ann && snap.hnswPath && info.hnsw && same ? ann.load(snap.hnswPath) : undefined;
    try {
      state.matrix.restore(await snap.matrix());
    } catch (e) {
      await hnsw;
      this.logger.warn({ index: state.name, err: errorText(e) }, "cannot read the index snapshot's vectors; loading from Redis");
      return false;
    }
    if (ann && hnsw && (await hnsw)) {
      ann.changed(info.hnsw!.stale);
    } else if (ann) {
      this.logger.info({ index: state.name, saved: info.hnsw ?? null, now: { m: ann.params.m, efConstruction: ann.params.efConstruction } }, "no usable HNSW snapshot; rebuilding the HNSW index in the background");
      ann.open();
      ann.rebuild();
    }
    state.snapshotChanges = state.changes;
    await this.refresh(state, changed);
    this.logger.info({ index: state.name, stream_id: info.streamId, replayed_ids: changed.size }, "index restored from its snapshot");
    return true;
  }

  /**
   * changedSince reads the ids changed by the stream entries after `from` up to `to`, or says why
   * they cannot all be known (entries trimmed, the stream lost, or the index reset).
   */
  private async changedSince(index: string, from: string, to: string): Promise<Set<string> | string> {
    const cmp = compareIds(from, to);
    if (cmp > 0) return "the change stream is behind the snapshot (Redis lost data)";
    const ids = new Set<string>();
    if (cmp === 0) return ids;
    const stream = keys.changes(index);
    let f: Record<string, unknown>;
    try {
      f = fieldMap((await this.redis.xinfo("STREAM", stream)) as unknown[]);
    } catch {
      return "the change stream is gone";
    }
    const gap = streamGap(f, from);
    if (gap) return gap;
    let start = nextId(from);
    for (;;) {
      const entries = (await this.redis.xrange(stream, start, to, "COUNT", 1000)) as [string, string[]][];
      for (const [, fields] of entries) {
        const entry = fieldMap(fields);
        if (entry.op === "reset") return "the index was reset after the snapshot";
        for (const id of parseJson<string[]>(entry.ids, [])) ids.add(id);
      }
      if (entries.length < 1000) return ids;
      start = nextId(entries[entries.length - 1]![0]);
    }
  }

  /** saveSnapshot writes the index's snapshot when it changed since the last one. */
  private async saveSnapshot(state: IndexState): Promise<void> {
    if (!this.snapshots || state.changes === state.snapshotChanges || !this.states.has(state.name)) return;
    if (state.saving) return state.saving;
    // An index just (re)opened is ready within milliseconds: a snapshot without it would rebuild it on restart.
    await state.ann?.whenReady(2_000);
    if (state.saving) return state.saving;
    const changes = state.changes;
    const started = performance.now();
    const ann = state.ann;
    const info = {
      index: state.name, dimension: state.dimension, embedder: state.embedder, created: state.created, streamId: state.lastId,
      hnsw: ann ? { m: ann.params.m, efConstruction: ann.params.efConstruction, stale: ann.pendingRows() } : undefined,
    };
    const rows = state.matrix.snapshot();
    // An HNSW index the worker has not opened yet is left out: a restart rebuilds it in the background.
    const saveHnsw = ann?.isReady ? (path: string) => ann.save(path) : undefined;
    state.saving = this.snapshots
      .write(info, rows, saveHnsw)
      .then(() => {
        state.snapshotChanges = changes;
        this.logger.info({ index: state.name, documents: state.matrix.size, stream_id: info.streamId, hnsw_stale: info.hnsw?.stale.length, ms: Math.round(performance.now() - started) }, "index snapshot saved");
      })
      .catch((e: unknown) => this.logger.warn({ index: state.name, dir: this.snapshots?.dir, err: errorText(e) }, "cannot save the index snapshot"))
      .finally(() => {
        state.saving = undefined;
      });
    return state.saving;
  }

  private async snapshotAll(): Promise<void> {
    for (const state of this.states.values()) {
      if (this.closed) return;
      await this.saveSnapshot(state);
    }
  }

  /** snapshotWhenIndexed saves a snapshot once a large backlog of changes is indexed, so that a restart need not index it again. */
  private snapshotWhenIndexed(state: IndexState): void {
    if (!this.closed && state.changes - state.snapshotChanges >= SNAPSHOT_AFTER_CHANGES) void this.saveSnapshot(state);
  }

  /** setKnown puts documents (null: deleted) in the matrix as they are known without reading Redis. */
  private setKnown(state: IndexState, docs: Map<string, StoredDocument | null>): void {
    const changed: number[] = [];
    for (const [id, d] of docs) {
      if (d) {
        changed.push(state.matrix.set(id, d.vector, { ...d.tags }, { ...d.numbers }));
        continue;
      }
      const row = state.matrix.rowOf(id);
      if (row !== undefined && state.matrix.delete(id)) changed.push(row);
    }
    state.changes += changed.length;
    state.ann?.changed(changed);
  }

  /** refresh makes the matrix agree with what Redis holds now for the given ids. */
  private async refresh(state: IndexState, ids: Iterable<string>): Promise<void> {
    const list = [...ids];
    for (let at = 0; at < list.length; at += 1000) {
      const chunk = list.slice(at, at + 1000);
      const p = this.redis.pipeline();
      for (const id of chunk) p.hmgetBuffer(keys.doc(state.name, id), "vec", "tags", "numbers");
      const rows = (await p.exec()) ?? [];
      // Synchronous from here: the matrix and the HNSW backlog change together.
      const changed: number[] = [];
      const remove = (id: string) => {
        const row = state.matrix.rowOf(id);
        if (row !== undefined && state.matrix.delete(id)) changed.push(row);
      };
      chunk.forEach((id, i) => {
        const [err, fields] = rows[i] ?? [];
        if (err) throw err;
        const [vec, tags, numbers] = fields as (Buffer | null)[];
        if (!vec) return remove(id);
        if (vec.length !== state.dimension * 4) {
          this.logger.warn({ index: state.name, id, bytes: vec.length }, "stored vector has the wrong dimension; skipped");
          return remove(id);
        }
        changed.push(state.matrix.set(id, decodeVector(vec), parseJson(tags?.toString(), {}), parseJson(numbers?.toString(), {})));
      });
      state.changes += changed.length;
      state.ann?.changed(changed);
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

  /**
   * apply brings the matrix up to the entries: the documents of this replica's own writes as it
   * wrote them, every other changed id as Redis holds it now.
   */
  private async apply(state: IndexState, entries: [string, string[]][]): Promise<void> {
    const stale = new Set<string>();
    const known = new Map<string, StoredDocument | null>();
    for (const [, fields] of entries) {
      const f = fieldMap(fields);
      if (f.op === "reset") {
        state.changes += state.matrix.size;
        state.matrix.clear();
        state.ann?.open();
        stale.clear();
        known.clear();
        continue;
      }
      const own = typeof f.w === "string" ? this.own.get(f.w) : undefined;
      if (own) {
        for (const d of "docs" in own ? own.docs : []) {
          known.set(d.id, d);
          stale.delete(d.id);
        }
        for (const id of "deleted" in own ? own.deleted : []) {
          known.set(id, null);
          stale.delete(id);
        }
        continue;
      }
      for (const id of parseJson<string[]>(f.ids, [])) {
        stale.add(id);
        known.delete(id);
      }
    }
    this.setKnown(state, known);
    await this.refresh(state, stale);
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
      why = streamGap(fieldMap((await this.redis.xinfo("STREAM", stream)) as unknown[]), state.lastId);
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

/**
 * streamGap says why entries after `from` may be missing from a change stream, given its XINFO
 * STREAM fields, or undefined when the stream holds every entry after `from`. Trimming (MAXLEN)
 * removes the oldest entries without raising max-deleted-entry-id, so the first entry is checked:
 * while `from` is still in the stream, or nothing was ever removed, nothing after it is missing.
 */
export function streamGap(f: Record<string, unknown>, from: string): string | undefined {
  const last = typeof f["last-generated-id"] === "string" ? f["last-generated-id"] : "0-0";
  if (compareIds(last, from) < 0) return "the change stream is behind (Redis lost data)";
  const deleted = typeof f["max-deleted-entry-id"] === "string" ? f["max-deleted-entry-id"] : "0-0";
  if (compareIds(deleted, from) > 0) return `change stream entries up to ${deleted} were deleted`;
  if (f["entries-added"] !== undefined && Number(f["entries-added"]) === Number(f.length ?? -1)) return undefined;
  const first = Array.isArray(f["first-entry"]) ? String(f["first-entry"][0]) : undefined;
  if (first === undefined) return compareIds(last, from) > 0 ? `the change stream was emptied after ${from}` : undefined;
  return compareIds(first, from) <= 0 ? undefined : `the change stream was trimmed past ${from} (its first entry is ${first})`;
}

/** nextId is the smallest stream id after id. */
function nextId(id: string): string {
  const [ms, seq] = id.split("-") as [string, string?];
  return `${ms}-${Number(seq ?? 0) + 1}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function checkAnn(p: AnnParams): AnnParams {
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isInteger(v) || v < (k === "exactBelow" ? 0 : 1)) throw new RangeError(`HNSW ${k} must be a ${k === "exactBelow" ? "non-negative" : "positive"} integer, got ${v}`);
  }
  return p;
}

function fieldMap(flat: unknown[]): Record<string, unknown> & { op?: string; ids?: string; w?: string } {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out as Record<string, unknown> & { op?: string; ids?: string; w?: string };
}

export function parseJson<T>(raw: string | null | undefined, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
