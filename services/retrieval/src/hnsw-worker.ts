/**
 * The HNSW worker thread: it owns one hnswlib index per retrieval index, applies the changes the
 * engine sends in order, one point at a time so that searches never wait long, answers searches
 * between two points, and saves or loads an index to or from a file.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import hnswlib from "hnswlib-node";
import type { HnswReply, HnswRequest, HnswUpdate } from "./hnsw-protocol.js";

type Index = InstanceType<typeof hnswlib.HierarchicalNSW>;

interface Slot {
  index: Index;
  dimension: number;
  /** applied is the sequence number of the last change applied. */
  applied: number;
}

const ACK_EVERY_MS = 20;
const port = parentPort;
if (!port) throw new Error("hnsw-worker.js runs as a worker thread");

lowerPriority((workerData as { nice?: number } | undefined)?.nice ?? 0);

const slots = new Map<string, Slot>();
const queue: HnswUpdate[] = [];
/** cursor is how many rows of the queue's first "add" are applied. */
let cursor = 0;
let scheduled = false;
/** stopped is set before the thread is terminated: no native call may be under way then. */
let stopped = false;
/** paused counts the saves and loads in progress: the indexes must not change under them. */
let paused = 0;
let lastAck = 0;
const dirty = new Set<string>();

port.on("message", (msg: HnswRequest | HnswUpdate) => {
  switch (msg.op) {
    case "search":
      return reply(msg.id, () => {
        if (stopped) throw new Error("the HNSW worker is stopping");
        return search(msg.index, msg.vector, msg.k, msg.ef);
      });
    case "save":
      return void persist(msg.id, () => slot(msg.index).index.writeIndex(msg.path).then(() => slot(msg.index).applied));
    case "stop":
      stopped = true;
      queue.length = 0;
      return reply(msg.id, () => true);
    default:
      queue.push(msg);
      schedule();
  }
});

function reply(id: number, run: () => unknown): void {
  let out: HnswReply;
  try {
    out = { kind: "reply", id, ok: true, value: run() };
  } catch (e) {
    out = { kind: "reply", id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  port!.postMessage(out);
}

/** persist runs a save or load with every change held back until it is done. */
async function persist(id: number, run: () => Promise<unknown>): Promise<void> {
  paused++;
  try {
    const value = await run();
    port!.postMessage({ kind: "reply", id, ok: true, value } satisfies HnswReply);
  } catch (e) {
    port!.postMessage({ kind: "reply", id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies HnswReply);
  } finally {
    paused--;
    schedule();
  }
}

function slot(name: string): Slot {
  const s = slots.get(name);
  if (!s) throw new Error(`index "${name}" is not open in the HNSW worker`);
  return s;
}

function search(name: string, vector: Float32Array, k: number, ef: number): { labels: Int32Array; distances: Float32Array } {
  const { index } = slot(name);
  const n = Math.min(k, index.getCurrentCount(), index.getMaxElements());
  if (n < 1) return { labels: new Int32Array(0), distances: new Float32Array(0) };
  index.setEf(Math.max(ef, n));
  const r = index.searchKnn(Array.from(vector), n);
  return { labels: Int32Array.from(r.neighbors), distances: Float32Array.from(r.distances) };
}

function schedule(): void {
  if (scheduled || stopped || paused > 0 || queue.length === 0) return;
  scheduled = true;
  setImmediate(step);
}

/** step applies the next change (one point of an "add"), then yields so that searches are answered. */
function step(): void {
  scheduled = false;
  if (stopped || paused > 0) return;
  const op = queue[0];
  if (!op) return;
  switch (op.op) {
    case "open":
      open(op.index, op.dimension, op.m, op.efConstruction, op.capacity);
      done(op.index, op.seq);
      break;
    case "load":
      queue.shift();
      void persist(op.id, async () => {
        const s = slot(op.index);
        // A fresh object: one whose read fails is left unusable, and must not be the slot's.
        const loaded = new hnswlib.HierarchicalNSW("cosine", s.dimension);
        await loaded.readIndex(op.path, false);
        s.index = loaded;
        s.applied = op.seq;
        dirty.add(op.index);
        return loaded.getCurrentCount();
      });
      return;
    case "add":
      addOne(op);
      break;
    case "remove":
      for (const row of op.rows) markDeleted(op.index, row);
      done(op.index, op.seq + op.rows.length - 1);
      break;
    case "close":
      slots.delete(op.index);
      queue.shift();
      break;
  }
  acknowledge();
  schedule();
}

function open(name: string, dimension: number, m: number, efConstruction: number, capacity: number): void {
  const index = new hnswlib.HierarchicalNSW("cosine", dimension);
  index.initIndex({ maxElements: Math.max(16, capacity), m, efConstruction, randomSeed: 100, allowReplaceDeleted: false });
  slots.set(name, { index, dimension, applied: 0 });
}

function addOne(op: Extract<HnswUpdate, { op: "add" }>): void {
  const s = slot(op.index);
  const d = s.dimension;
  const row = op.rows[cursor]!;
  if (s.index.getCurrentCount() >= s.index.getMaxElements()) s.index.resizeIndex(s.index.getMaxElements() * 2);
  s.index.addPoint(Array.from(op.vectors.subarray(cursor * d, (cursor + 1) * d)), row);
  s.applied = op.seq + cursor;
  dirty.add(op.index);
  cursor++;
  if (cursor === op.rows.length) {
    cursor = 0;
    queue.shift();
  }
}

function markDeleted(name: string, row: number): void {
  try {
    slot(name).index.markDelete(row);
  } catch {
    // Never added, or already deleted: either way it is not found any more.
  }
}

function done(name: string, seq: number): void {
  const s = slots.get(name);
  if (s) {
    s.applied = seq;
    dirty.add(name);
  }
  queue.shift();
  cursor = 0;
}

/** acknowledge tells the engine how far each index has applied, at most every ACK_EVERY_MS and when idle. */
function acknowledge(): void {
  const now = performance.now();
  if (dirty.size === 0 || (queue.length > 0 && now - lastAck < ACK_EVERY_MS)) return;
  lastAck = now;
  for (const name of dirty) {
    const s = slots.get(name);
    if (s) port!.postMessage({ kind: "applied", index: name, seq: s.applied } satisfies HnswReply);
  }
  dirty.clear();
}

/**
 * lowerPriority makes this thread (not the process) nicer on Linux, so that building the index
 * yields the CPU to the thread serving requests and to Redis, and runs on what they leave.
 */
function lowerPriority(nice: number): void {
  if (nice <= 0) return;
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, nice);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}
