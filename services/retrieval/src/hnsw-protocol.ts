/**
 * The messages between the engine and its HNSW worker thread (hnsw-worker.ts). Changes carry
 * sequence numbers, one per row, rising per index: the worker applies them in order and reports the
 * last one applied, so the engine knows which rows the HNSW index holds up to date.
 */

/** HnswUpdate changes an index; the worker applies updates in the order sent. */
export type HnswUpdate =
  | { op: "open"; index: string; seq: number; dimension: number; m: number; efConstruction: number; capacity: number }
  /** load replaces an open index with one saved to a file; it answers like a request. */
  | { op: "load"; index: string; seq: number; id: number; path: string }
  /** add sets rows[i] to vectors[i·d .. (i+1)·d) with sequence number seq + i. */
  | { op: "add"; index: string; seq: number; rows: Int32Array; vectors: Float32Array }
  /** remove marks rows[i] deleted with sequence number seq + i. */
  | { op: "remove"; index: string; seq: number; rows: Int32Array }
  | { op: "close"; index: string };

/** HnswRequest is answered at once, between two updates. */
export type HnswRequest =
  | { op: "search"; id: number; index: string; vector: Float32Array; k: number; ef: number }
  /** save writes the index to a file, holding updates back meanwhile; it answers the sequence number saved. */
  | { op: "save"; id: number; index: string; path: string }
  /** stop drops every update not applied yet and applies none any more, so that the thread can end between two points. */
  | { op: "stop"; id: number };

export type HnswReply =
  | { kind: "reply"; id: number; ok: true; value: unknown }
  | { kind: "reply"; id: number; ok: false; error: string }
  /** applied says every update of the index up to seq is applied. */
  | { kind: "applied"; index: string; seq: number };

export interface HnswHits {
  labels: Int32Array;
  distances: Float32Array;
}
