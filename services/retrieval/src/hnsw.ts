import { Worker } from "node:worker_threads";
import type { Logger } from "@springboard/runtime";
import { HnswHost } from "./hnsw-host.js";
import type { HnswHits, HnswReply, HnswRequest, HnswUpdate } from "./hnsw-protocol.js";
import type { RowFilter, ScoredId, VectorMatrix } from "./matrix.js";

type Call = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** HnswThread says where an engine's HNSW indexes live: in a worker thread, or in the serving thread. */
export type HnswThread = "worker" | "main";

/**
 * HnswWorker runs the HNSW indexes of an engine (HnswHost). With thread "worker" (the default) they
 * live in a worker thread (hnsw-worker.ts), so that building them, about a millisecond per vector,
 * runs beside the thread serving requests on the CPU that thread and Redis leave; each search then
 * crosses threads twice. With "main" they live in the serving thread: a search is a plain call, and
 * building runs one point per event-loop turn between requests.
 */
export class HnswWorker {
  private readonly worker: Worker | undefined;
  private readonly host: HnswHost | undefined;
  private readonly calls = new Map<number, Call>();
  private readonly applied = new Map<string, (seq: number) => void>();
  private nextId = 1;
  private closing = false;
  /** failed says why the worker stopped, once it has; searches then scan exactly. */
  failed: string | undefined;

  /** nice lowers the worker thread's priority (Linux), so that indexing runs on the CPU requests leave. */
  constructor(
    private readonly logger: Logger,
    readonly thread: HnswThread = "worker",
    nice = WORKER_NICE,
  ) {
    if (thread === "main") {
      this.host = new HnswHost((msg) => this.receive(msg));
      return;
    }
    this.worker = new Worker(new URL("./hnsw-worker.js", import.meta.url), { workerData: { nice } });
    this.worker.unref();
    this.worker.on("message", (msg: HnswReply) => this.receive(msg));
    this.worker.on("error", (e) => this.fail(e.message));
    this.worker.on("exit", (code) => this.fail(`exited with code ${code}`));
  }

  /** onApplied registers the listener of an index's progress. */
  onApplied(index: string, listener: (seq: number) => void): void {
    this.applied.set(index, listener);
  }

  post(update: HnswUpdate): void {
    if (this.failed) return;
    if (this.host) return this.host.receive(update);
    const transfer = update.op === "add" ? [update.rows.buffer, update.vectors.buffer] : update.op === "remove" ? [update.rows.buffer] : [];
    this.worker!.postMessage(update, transfer as ArrayBuffer[]);
  }

  request<T>(req: DistributiveOmit<HnswRequest, "id">): Promise<T> {
    return this.call<T>((id) => this.send({ ...req, id } as HnswRequest));
  }

  /** load replaces an index with a saved one, in update order, and answers its element count. */
  load(index: string, seq: number, path: string): Promise<number> {
    return this.call<number>((id) => this.send({ op: "load", index, seq, id, path }));
  }

  private send(msg: HnswRequest | HnswUpdate): void {
    if (this.host) this.host.receive(msg);
    else this.worker!.postMessage(msg);
  }

  /**
   * close stops the worker between two points before terminating it: terminating it in the middle
   * of a native call aborts the whole process.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.request<boolean>({ op: "stop" }).catch(() => undefined);
    await this.worker?.terminate();
  }

  private call<T>(send: (id: number) => void): Promise<T> {
    if (this.failed) return Promise.reject(new Error(`the HNSW worker ${this.failed}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      send(id);
    });
  }

  private receive(msg: HnswReply): void {
    if (msg.kind === "applied") {
      this.applied.get(msg.index)?.(msg.seq);
      return;
    }
    const call = this.calls.get(msg.id);
    if (!call) return;
    this.calls.delete(msg.id);
    if (msg.ok) call.resolve(msg.value);
    else call.reject(new Error(msg.error));
  }

  private fail(why: string): void {
    if (this.failed) return;
    this.failed = why;
    if (!this.closing) this.logger.error({ why }, "the HNSW worker stopped; searches scan exactly from now on");
    for (const call of this.calls.values()) call.reject(new Error(`the HNSW worker ${why}`));
    this.calls.clear();
    // Nothing will be indexed any more: release whoever waits for it.
    for (const listener of this.applied.values()) listener(Infinity);
  }
}

/** WORKER_NICE is the worker thread's nice value: indexing is background work. */
const WORKER_NICE = 10;

/** AnnParams configure the in-process HNSW index of the plain engine. */
export interface AnnParams {
  m: number;
  efConstruction: number;
  /** efSearch is the candidate list of a search; a search for more documents uses more. */
  efSearch: number;
  /** exactBelow is the size up to which an index is scanned exactly: faster than HNSW when small. */
  exactBelow: number;
}

/** DEFAULT_ANN matches the Query Engine's defaults (DEFAULT_HNSW); 20,000 rows scan exactly in about 1.5 ms. */
export const DEFAULT_ANN: AnnParams = { m: 16, efConstruction: 200, efSearch: 100, exactBelow: 20_000 };

/** AnnStats count how an index's searches were answered, and what its HNSW index lags behind. */
export interface AnnStats {
  /** backlog counts the rows the HNSW index does not hold up to date yet. */
  backlog: number;
  /** hnswSearches went through the HNSW index (plus the backlog); exactSearches scanned exactly. */
  hnswSearches: number;
  exactSearches: number;
  /** fallbacks are filtered HNSW searches that found too few matches and scanned exactly instead. */
  fallbacks: number;
  /** builtFrom says whether the HNSW index was last loaded from a snapshot or built from the rows. */
  builtFrom: "snapshot" | "rows";
}

/** A filter keeping at most this share of an index is answered by an exact scan of what it keeps. */
const SELECTIVE_SHARE = 0.1;
/** A backlog of at least this many rows is logged when the HNSW index catches up with it. */
const LOG_BACKLOG = 1_000;
/** MAX_FETCH bounds the over-fetch of a filtered HNSW search before it falls back to an exact scan. */
const MAX_FETCH = 2_000;
/**
 * A filter whose HNSW searches fell back to an exact scan this often (a moving share, each search
 * weighing a quarter) is scanned exactly at once; one search in PROBE_EVERY still tries HNSW, so
 * that the share follows the data. At most FILTERS_KEPT filters are remembered.
 */
const FALLBACK_SKIP = 0.5;
const PROBE_EVERY = 8;
const FILTERS_KEPT = 256;

/**
 * AnnIndex keeps an HNSW index (in the worker) in step with an index's matrix. Every change is
 * acknowledged as soon as the matrix has it; the HNSW index catches up in the background. Until it
 * has, the changed rows are "pending": searches take the HNSW candidates that are up to date, add
 * every pending row, and score them all exactly against the matrix, so a search never misses a
 * write nor returns a stale score.
 */
export class AnnIndex {
  private seq = 0;
  private appliedSeq = 0;
  /** pending maps each row whose HNSW entry is missing or stale to the sequence number of its last change. */
  private readonly pending = new Map<number, number>();
  /** fifo lists [row, seq] pairs in the order sent, to retire pending rows as the worker applies them. */
  private fifo: number[] = [];
  private head = 0;
  /**
   * ready is false from the moment an index is (re)opened or loaded until the worker has done it:
   * until then searches scan exactly and no snapshot of the HNSW index is taken.
   */
  private ready = false;
  private loading = false;
  private openSeq = 0;
  private idleWaiters: (() => void)[] = [];
  private readyWaiters: (() => void)[] = [];
  private warned = false;
  private readonly counts = { hnswSearches: 0, exactSearches: 0, fallbacks: 0 };
  /** fallbackShare maps a filter (filterKey) to the moving share of its HNSW searches that fell back. */
  private readonly fallbackShare = new Map<string, { share: number; searches: number }>();
  /** peak is the largest backlog since the HNSW index last caught up. */
  private peak = 0;
  private builtFrom: AnnStats["builtFrom"] = "rows";

  constructor(
    private readonly worker: HnswWorker,
    readonly name: string,
    private readonly matrix: VectorMatrix,
    readonly params: AnnParams,
    private readonly logger: Logger,
    private readonly onIdle: () => void = () => undefined,
  ) {
    worker.onApplied(name, (seq) => this.applied(seq));
  }

  /** backlog counts the rows the HNSW index does not hold up to date yet. */
  get backlog(): number {
    return this.pending.size;
  }

  stats(): AnnStats {
    return { backlog: this.pending.size, ...this.counts, builtFrom: this.builtFrom };
  }

  /** isReady is true once the worker holds the index as last opened or loaded. */
  get isReady(): boolean {
    return this.ready && !this.worker.failed;
  }

  /** open starts an empty HNSW index, dropping any previous one. */
  open(): void {
    this.openSeq = ++this.seq;
    this.worker.post({ op: "close", index: this.name });
    this.worker.post({
      op: "open", index: this.name, seq: this.openSeq, dimension: this.matrix.dimension,
      m: this.params.m, efConstruction: this.params.efConstruction, capacity: Math.max(1024, this.matrix.rowCount),
    });
    this.pending.clear();
    this.fifo = [];
    this.head = 0;
    this.appliedSeq = this.openSeq - 1;
    this.ready = false;
    this.builtFrom = "rows";
  }

  /**
   * load opens the index from a saved file, and answers whether it could. The caller then sends the
   * rows the saved index does not hold up to date (changed), or every row (open, then rebuild).
   */
  async load(path: string): Promise<boolean> {
    this.open();
    this.loading = true;
    try {
      const count = await this.worker.load(this.name, this.seq, path);
      this.setReady();
      this.builtFrom = "snapshot";
      this.logger.info({ index: this.name, elements: count }, "HNSW index loaded from its snapshot");
      return true;
    } catch (e) {
      this.logger.warn({ index: this.name, err: errorText(e) }, "cannot load the HNSW snapshot");
      return false;
    } finally {
      this.loading = false;
    }
  }

  /** rebuild sends every live row again, as after open on a filled matrix. */
  rebuild(): void {
    const rows: number[] = [];
    for (let r = 0; r < this.matrix.rowCount; r++) if (this.matrix.isLive(r)) rows.push(r);
    this.changed(rows);
  }

  /** changed sends rows of the matrix that were set or deleted since they were last sent. */
  changed(rows: Iterable<number>): void {
    const add: number[] = [];
    const remove: number[] = [];
    for (const r of rows) (this.matrix.hasDirection(r) ? add : remove).push(r);
    if (add.length > 0) {
      const seq = this.track(add);
      this.worker.post({ op: "add", index: this.name, seq, rows: Int32Array.from(add), vectors: this.matrix.copyVectors(add) });
    }
    if (remove.length > 0) {
      const seq = this.track(remove);
      this.worker.post({ op: "remove", index: this.name, seq, rows: Int32Array.from(remove) });
    }
  }

  /** pendingRows lists the rows the HNSW index does not hold up to date. */
  pendingRows(): number[] {
    return [...this.pending.keys()];
  }

  /** save writes the HNSW index to a file; rows pending when called may or may not be in it. */
  async save(path: string): Promise<void> {
    if (!this.isReady) throw new Error("the HNSW index is not open yet");
    await this.worker.request<number>({ op: "save", index: this.name, path });
  }

  /** whenReady resolves once the worker holds the index as last opened or loaded, or after timeoutMs. */
  whenReady(timeoutMs: number): Promise<void> {
    if (this.isReady || this.worker.failed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** whenIndexed resolves once the HNSW index holds every row up to date. */
  whenIndexed(): Promise<void> {
    if (this.pending.size === 0 || this.worker.failed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * search answers like VectorMatrix.search. Small indexes, indexes whose HNSW index is mostly
   * behind, and selective filters are scanned exactly; otherwise HNSW candidates (over-fetched for
   * a filter) and every pending row are scored exactly, falling back to an exact scan when a filter
   * leaves too few of them.
   */
  async search(query: Float32Array, k: number, minScore: number, filter: RowFilter | undefined): Promise<ScoredId[]> {
    const m = this.matrix;
    const n = m.size;
    const exact = () => {
      this.counts.exactSearches++;
      return m.search(query, k, minScore, filter);
    };
    if (!this.ready || this.worker.failed || n <= this.params.exactBelow || this.pending.size * 2 > n) return exact();
    const filtering = filter !== undefined && (filter.tags.length > 0 || filter.ranges.length > 0);
    let fetch = Math.max(k, Math.min(2 * k, this.params.efSearch));
    let history: { share: number; searches: number } | undefined;
    if (filtering) {
      const expected = m.estimate(filter);
      if (expected <= n * SELECTIVE_SHARE) return exact();
      history = this.filterHistory(filter);
      if (history.share >= FALLBACK_SKIP && history.searches++ % PROBE_EVERY !== 0) return exact();
      fetch = Math.min(MAX_FETCH, Math.ceil((k * n * 1.5) / Math.max(1, expected)) + k);
    }
    let hits: HnswHits;
    try {
      hits = await this.worker.request<HnswHits>({ op: "search", index: this.name, vector: query, k: fetch, ef: Math.max(this.params.efSearch, fetch) });
    } catch (e) {
      if (!this.warned) this.logger.warn({ index: this.name, err: errorText(e) }, "HNSW search failed; scanning exactly");
      this.warned = true;
      return exact();
    }
    this.counts.hnswSearches++;
    // From here on nothing awaits: the pending rows are those of the moment the reply arrived.
    const rows: number[] = [];
    let passing = 0;
    for (const row of hits.labels) {
      if (this.pending.has(row)) continue;
      rows.push(row);
      if (filtering && m.isLive(row) && m.matches(row, filter)) passing++;
    }
    const exhausted = hits.labels.length < fetch || 1 - hits.distances[hits.distances.length - 1]! < minScore;
    const fallBack = filtering && passing < k && !exhausted;
    if (history) history.share = 0.75 * history.share + (fallBack ? 0.25 : 0);
    if (fallBack) {
      // A filter correlated with the query keeps fewer candidates than its share suggests (looking
      // eight times deeper rarely helps then): scan what it keeps exactly.
      this.counts.fallbacks++;
      return m.search(query, k, minScore, filter);
    }
    for (const row of this.pending.keys()) rows.push(row);
    return m.searchRows(query, rows, k, minScore, filter);
  }

  /** filterHistory is what is remembered of a filter's HNSW searches, kept for the latest FILTERS_KEPT filters. */
  private filterHistory(filter: RowFilter): { share: number; searches: number } {
    const key = filterKey(filter);
    let h = this.fallbackShare.get(key);
    if (h === undefined) {
      h = { share: 0, searches: 0 };
      this.fallbackShare.set(key, h);
      if (this.fallbackShare.size > FILTERS_KEPT) this.fallbackShare.delete(this.fallbackShare.keys().next().value!);
    }
    return h;
  }

  private setReady(): void {
    this.ready = true;
    for (const w of this.readyWaiters.splice(0)) w();
  }

  /** track gives the rows consecutive sequence numbers and marks them pending; it returns the first. */
  private track(rows: number[]): number {
    const first = this.seq + 1;
    for (const r of rows) {
      const seq = ++this.seq;
      this.pending.set(r, seq);
      this.fifo.push(r, seq);
    }
    this.peak = Math.max(this.peak, this.pending.size);
    return first;
  }

  private applied(seq: number): void {
    if (!this.ready && !this.loading && seq >= this.openSeq) this.setReady();
    if (seq <= this.appliedSeq) return;
    this.appliedSeq = seq;
    const fifo = this.fifo;
    while (this.head < fifo.length && fifo[this.head + 1]! <= seq) {
      const row = fifo[this.head]!;
      if (this.pending.get(row) === fifo[this.head + 1]) this.pending.delete(row);
      this.head += 2;
    }
    if (this.head > 65_536 && this.head * 2 > fifo.length) {
      this.fifo = fifo.slice(this.head);
      this.head = 0;
    }
    if (this.pending.size === 0) {
      if (this.peak >= LOG_BACKLOG && seq !== Infinity) {
        this.logger.info({ index: this.name, documents: this.matrix.size, backlog_peak: this.peak }, "HNSW index caught up");
      }
      this.peak = 0;
      for (const w of this.idleWaiters.splice(0)) w();
      this.onIdle();
    }
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** filterKey names a filter the same whatever the order of its parts. */
function filterKey(filter: RowFilter): string {
  const tags = filter.tags.map((t) => `${t.field}=${[...t.anyOf].sort().join("|")}`).sort();
  const ranges = filter.ranges.map((r) => `${r.field}:${r.min}..${r.max}`).sort();
  return JSON.stringify([tags, ranges]);
}
