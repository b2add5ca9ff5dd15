import hnswlib from "hnswlib-node";
import type { HnswHits, HnswReply, HnswRequest, HnswUpdate } from "./hnsw-protocol.js";

type Index = InstanceType<typeof hnswlib.HierarchicalNSW>;

interface Slot {
  index: Index;
  dimension: number;
  /** applied is the sequence number of the last change applied. */
  applied: number;
}

const ACK_EVERY_MS = 20;

/**
 * HnswHost owns one hnswlib index per retrieval index: it applies the changes it is sent in order,
 * one point per event-loop turn so that searches never wait long, answers searches between two
 * points, and saves or loads an index to or from a file. It runs in the HNSW worker thread
 * (hnsw-worker.ts), or in the serving thread itself (RETRIEVAL_HNSW_THREAD=main).
 */
export class HnswHost {
  private readonly slots = new Map<string, Slot>();
  private readonly queue: HnswUpdate[] = [];
  /** cursor is how many rows of the queue's first "add" are applied. */
  private cursor = 0;
  private scheduled = false;
  /** stopped is set before the thread is terminated: no native call may be under way then. */
  private stopped = false;
  /** paused counts the saves and loads in progress: the indexes must not change under them. */
  private paused = 0;
  private lastAck = 0;
  /** idleWaiters are called once no save or load is in progress. */
  private idleWaiters: (() => void)[] = [];
  private readonly dirty = new Set<string>();
  private readonly step = () => this.applyNext();

  constructor(private readonly send: (reply: HnswReply) => void) {}

  receive(msg: HnswRequest | HnswUpdate): void {
    switch (msg.op) {
      case "search":
        return this.reply(msg.id, () => this.search(msg.index, msg.vector, msg.k, msg.ef));
      case "save":
        return void this.persist(msg.id, () => this.slot(msg.index).index.writeIndex(msg.path).then(() => this.slot(msg.index).applied));
      case "stop":
        this.stopped = true;
        this.queue.length = 0;
        // A save or load runs on libuv's thread pool, outside this thread's event loop: the thread
        // is terminated after "stop" is answered, and must not be while one is under way.
        return void this.idle().then(() => this.reply(msg.id, () => true));
      default:
        this.queue.push(msg);
        this.schedule();
    }
  }

  /** search answers a search at once, from the points applied so far. */
  search(name: string, vector: Float32Array, k: number, ef: number): HnswHits {
    if (this.stopped) throw new Error("the HNSW index is stopping");
    const { index } = this.slot(name);
    const n = Math.min(k, index.getCurrentCount(), index.getMaxElements());
    if (n < 1) return { labels: new Int32Array(0), distances: new Float32Array(0) };
    index.setEf(Math.max(ef, n));
    const r = index.searchKnn(Array.from(vector), n);
    return { labels: Int32Array.from(r.neighbors), distances: Float32Array.from(r.distances) };
  }

  private reply(id: number, run: () => unknown): void {
    let out: HnswReply;
    try {
      out = { kind: "reply", id, ok: true, value: run() };
    } catch (e) {
      out = { kind: "reply", id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    this.send(out);
  }

  /** idle resolves once no save or load is in progress. */
  private idle(): Promise<void> {
    return this.paused === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** persist runs a save or load with every change held back until it is done. */
  private async persist(id: number, run: () => Promise<unknown>): Promise<void> {
    if (this.stopped) {
      this.send({ kind: "reply", id, ok: false, error: "the HNSW index is stopping" });
      return;
    }
    this.paused++;
    try {
      const value = await run();
      this.send({ kind: "reply", id, ok: true, value });
    } catch (e) {
      this.send({ kind: "reply", id, ok: false, error: e instanceof Error ? e.message : String(e) });
    } finally {
      if (--this.paused === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      this.schedule();
    }
  }

  private slot(name: string): Slot {
    const s = this.slots.get(name);
    if (!s) throw new Error(`index "${name}" is not open in the HNSW host`);
    return s;
  }

  private schedule(): void {
    if (this.scheduled || this.stopped || this.paused > 0 || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(this.step);
  }

  /** applyNext applies the next change (one point of an "add"), then yields so that searches are answered. */
  private applyNext(): void {
    this.scheduled = false;
    if (this.stopped || this.paused > 0) return;
    const op = this.queue[0];
    if (!op) return;
    switch (op.op) {
      case "open":
        this.open(op.index, op.dimension, op.m, op.efConstruction, op.capacity);
        this.done(op.index, op.seq);
        break;
      case "load":
        this.queue.shift();
        void this.persist(op.id, async () => {
          const s = this.slot(op.index);
          // A fresh object: one whose read fails is left unusable, and must not be the slot's.
          const loaded = new hnswlib.HierarchicalNSW("cosine", s.dimension);
          await loaded.readIndex(op.path, false);
          s.index = loaded;
          s.applied = op.seq;
          this.dirty.add(op.index);
          return loaded.getCurrentCount();
        });
        return;
      case "add":
        this.addOne(op);
        break;
      case "remove":
        for (const row of op.rows) this.markDeleted(op.index, row);
        this.done(op.index, op.seq + op.rows.length - 1);
        break;
      case "close":
        this.slots.delete(op.index);
        this.queue.shift();
        break;
    }
    this.acknowledge();
    this.schedule();
  }

  private open(name: string, dimension: number, m: number, efConstruction: number, capacity: number): void {
    const index = new hnswlib.HierarchicalNSW("cosine", dimension);
    index.initIndex({ maxElements: Math.max(16, capacity), m, efConstruction, randomSeed: 100, allowReplaceDeleted: false });
    this.slots.set(name, { index, dimension, applied: 0 });
  }

  private addOne(op: Extract<HnswUpdate, { op: "add" }>): void {
    const s = this.slot(op.index);
    const d = s.dimension;
    const row = op.rows[this.cursor]!;
    if (s.index.getCurrentCount() >= s.index.getMaxElements()) s.index.resizeIndex(s.index.getMaxElements() * 2);
    s.index.addPoint(Array.from(op.vectors.subarray(this.cursor * d, (this.cursor + 1) * d)), row);
    s.applied = op.seq + this.cursor;
    this.dirty.add(op.index);
    this.cursor++;
    if (this.cursor === op.rows.length) {
      this.cursor = 0;
      this.queue.shift();
    }
  }

  private markDeleted(name: string, row: number): void {
    try {
      this.slot(name).index.markDelete(row);
    } catch {
      // Never added, or already deleted: either way it is not found any more.
    }
  }

  private done(name: string, seq: number): void {
    const s = this.slots.get(name);
    if (s) {
      s.applied = seq;
      this.dirty.add(name);
    }
    this.queue.shift();
    this.cursor = 0;
  }

  /** acknowledge reports how far each index has applied, at most every ACK_EVERY_MS and when idle. */
  private acknowledge(): void {
    const now = performance.now();
    if (this.dirty.size === 0 || (this.queue.length > 0 && now - this.lastAck < ACK_EVERY_MS)) return;
    this.lastAck = now;
    for (const name of this.dirty) {
      const s = this.slots.get(name);
      if (s) this.send({ kind: "applied", index: name, seq: s.applied });
    }
    this.dirty.clear();
  }
}
