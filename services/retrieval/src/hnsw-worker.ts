/**
 * The HNSW worker thread: it hosts the engine's hnswlib indexes (HnswHost) beside the thread serving
 * requests, at a lower priority, so that building them runs on the CPU requests leave.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { HnswHost } from "./hnsw-host.js";
import type { HnswRequest, HnswUpdate } from "./hnsw-protocol.js";

const port = parentPort;
if (!port) throw new Error("hnsw-worker.js runs as a worker thread");

lowerPriority((workerData as { nice?: number } | undefined)?.nice ?? 0);

const host = new HnswHost((reply) => port.postMessage(reply));
port.on("message", (msg: HnswRequest | HnswUpdate) => host.receive(msg));

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
