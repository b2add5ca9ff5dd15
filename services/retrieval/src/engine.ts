/** StoredDocument is a document as an engine stores it: its vector is always present. */
export interface StoredDocument {
  id: string;
  text: string;
  vector: Float32Array;
  tags: Record<string, string>;
  numbers: Record<string, number>;
  payloadJson: string;
}

/**
 * FilterFields are the tag and number names an index can filter on. The in-process engine filters
 * on any name and ignores them; the Query Engine indexes only these, as hash fields t_<name> and
 * n_<name>, and refuses a filter on any other name.
 */
export interface FilterFields {
  tags: readonly string[];
  numbers: readonly string[];
}

/** IndexSpec is what an index is built with; documents embedded differently cannot be mixed. */
export interface IndexSpec {
  dimension: number;
  embedder: string;
  /** rebuild drops the index, documents included, when it exists with another spec. */
  rebuild?: boolean;
  filters?: FilterFields;
}

export interface VectorQuery {
  vector: Float32Array;
  k: number;
  /** tags keep documents whose tag field equals one of the values, for every filter. */
  tags: { field: string; anyOf: string[] }[];
  /** ranges keep documents whose number field lies in [min, max], for every filter. */
  ranges: { field: string; min?: number; max?: number }[];
  minScore: number;
}

export interface Hit {
  id: string;
  score: number;
  text: string;
  tags: Record<string, string>;
  payloadJson: string;
}

export interface IndexStats {
  index: string;
  documents: number;
  dimension: number;
  embedder: string;
  engine: string;
}

/**
 * VectorEngine stores documents with their vectors and answers filtered k-nearest-neighbour
 * queries by cosine similarity. Implementations: an in-process index over plain Redis, exact for
 * small indexes and HNSW for large ones (engine-plain.ts), and the Redis Query Engine's HNSW index
 * (engine-query.ts).
 */
export interface VectorEngine {
  /** kind names the engine in Stats: "in-process" or "query-engine". */
  readonly kind: string;
  /** ensureIndex creates the index, or checks that the existing one was built with the same spec. */
  ensureIndex(index: string, spec: IndexSpec): Promise<void>;
  /** indexes are the names ensured so far. */
  indexes(): string[];
  /** upsert stores up to MAX_BATCH documents in one atomic write, replacing those with the same ids. */
  upsert(index: string, docs: readonly StoredDocument[]): Promise<number>;
  search(index: string, query: VectorQuery): Promise<Hit[]>;
  /** delete removes documents by id and counts those that existed. */
  delete(index: string, ids: readonly string[]): Promise<number>;
  stats(index: string): Promise<IndexStats>;
  close(): Promise<void>;
}

/** MAX_BATCH is the most documents one upsert call writes; one call is one atomic write. */
export const MAX_BATCH = 1_000;

/**
 * checkDocuments refuses, before anything is written, a batch that is too large or holds a vector
 * of the wrong length or with a component that is not a finite number.
 */
export function checkDocuments(index: string, dimension: number, docs: readonly StoredDocument[]): void {
  if (docs.length > MAX_BATCH) {
    throw new RangeError(`${docs.length} documents in one upsert to index "${index}"; the limit is ${MAX_BATCH}: split them over several calls`);
  }
  for (const d of docs) {
    const problem = vectorProblem(d.vector, dimension);
    if (problem) throw new RangeError(`document "${d.id}" has a vector ${problem}; index "${index}" has ${dimension} dimensions`);
  }
}

/** checkQueryVector refuses a query vector of the wrong length or with a component that is not a finite number. */
export function checkQueryVector(index: string, dimension: number, vector: Float32Array): void {
  const problem = vectorProblem(vector, dimension);
  if (problem) throw new RangeError(`query vector ${problem}; index "${index}" has ${dimension} dimensions`);
}

function vectorProblem(v: Float32Array, dimension: number): string | undefined {
  if (v.length !== dimension) return `of ${v.length} dimensions`;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return `whose component ${i} is ${v[i]}`;
  return undefined;
}

/** UnknownIndexError is thrown for an index that was never ensured. */
export class UnknownIndexError extends Error {
  constructor(readonly index: string, readonly known: string[]) {
    super(`unknown index "${index}"; known indexes: ${known.map((k) => `"${k}"`).join(", ")}`);
    this.name = "UnknownIndexError";
  }
}

/** IndexMismatchError is thrown when an index exists with another embedder or dimension. */
export class IndexMismatchError extends Error {
  constructor(readonly index: string, readonly existing: { dimension: number; embedder: string }, readonly wanted: IndexSpec) {
    super(
      `index "${index}" was built with embedder ${existing.embedder} (dimension ${existing.dimension}), ` +
        `but this service embeds with ${wanted.embedder} (dimension ${wanted.dimension}); ` +
        `its vectors cannot be compared. Rebuild it: restart once with RETRIEVAL_REBUILD=true ` +
        `(this drops the index's documents) and upsert them again` +
        (existing.dimension !== wanted.dimension ? `, or set RETRIEVAL_DIMENSION=${existing.dimension} to keep it.` : "."),
    );
    this.name = "IndexMismatchError";
  }
}
