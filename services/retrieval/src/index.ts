export { createRetrievalService, INDEXES, LIMITS, LruCache, type RetrievalServiceOptions } from "./server.js";
export { PlainVectorEngine, keys, type PlainEngineOptions } from "./engine-plain.js";
export {
  IndexMismatchError,
  UnknownIndexError,
  type Hit,
  type IndexSpec,
  type IndexStats,
  type StoredDocument,
  type VectorEngine,
  type VectorQuery,
} from "./engine.js";
export { VectorMatrix, type RowFilter, type ScoredId } from "./matrix.js";
