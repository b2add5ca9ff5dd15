/**
 * Text embedders: a built-in one that needs no model and no network (hashed word and character
 * n-grams), and a client of any OpenAI-compatible `/v1/embeddings` endpoint.
 */

export { EmbeddingDimensionError, EmbeddingError, type Embedder } from "./embedder.js";
export { HashedNgramEmbedder, cosine, fnv1a, normalize, tokenize } from "./hashed.js";
export { OpenAiEmbedder, type OpenAiEmbedderOptions } from "./openai.js";
