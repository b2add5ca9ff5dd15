/**
 * Embedder turns texts into vectors of a fixed dimension. Vectors of texts embedded by two embedders
 * with different names cannot be compared.
 */
export interface Embedder {
  /** name identifies the embedder and its settings; an index built with another name must be rebuilt. */
  readonly name: string;
  readonly dimension: number;
  /**
   * embedBatch returns one vector per text, in order, each of `dimension` components. It rejects with
   * an EmbeddingError when the texts cannot be embedded.
   */
  embedBatch(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** EmbeddingError is a failure to embed; retryable ones (timeouts, 429, 5xx) may succeed later. */
export class EmbeddingError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = "EmbeddingError";
  }
}

/**
 * EmbeddingDimensionError is an embedder returning vectors of another dimension than configured:
 * a configuration mistake that no retry fixes.
 */
export class EmbeddingDimensionError extends EmbeddingError {
  constructor(readonly embedder: string, readonly expected: number, readonly got: number, where: string) {
    super(
      `${where} returned vectors of ${got} dimensions, but the index expects ${expected}: ` +
        `set RETRIEVAL_DIMENSION=${got} (and rebuild the indexes once with RETRIEVAL_REBUILD=true), ` +
        `or use a model that returns ${expected} dimensions`,
      false,
    );
    this.name = "EmbeddingDimensionError";
  }
}
