export { createRetrievalService, FILTER_FIELDS, filterFields, INDEXES, LIMITS, type IndexName, type RetrievalServiceOptions } from "./server.js";
export { PlainVectorEngine, keys, type PlainEngineOptions } from "./engine-plain.js";
export { DEFAULT_ANN, type AnnParams, type AnnStats } from "./hnsw.js";
export { QueryVectorEngine, DEFAULT_HNSW, type HnswParams, type QueryEngineOptions, type RedisCaller } from "./engine-query.js";
export { connectEngine, hasQueryEngine, ENGINE_CHOICES, type EngineChoice } from "./engine-select.js";
export {
  MAX_BATCH,
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
export { VectorMatrix, type RowFilter, type ScoredId } from "./matrix.js";
