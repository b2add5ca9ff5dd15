import { Redis } from "ioredis";
import type { Logger } from "@springboard/runtime";
import type { VectorEngine } from "./engine.js";
import { PlainVectorEngine, waitForRedis, type PlainEngineOptions } from "./engine-plain.js";
import { QueryVectorEngine, type HnswParams, type RedisCaller } from "./engine-query.js";

export const ENGINE_CHOICES = ["auto", "query-engine", "plain"] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];

/** SEARCH_MODULES are the names under which MODULE LIST reports the Redis Query Engine. */
const SEARCH_MODULES = new Set(["search", "searchlight", "ft"]);

/**
 * hasQueryEngine asks the server whether it runs the Query Engine: MODULE LIST naming the search
 * module, or else FT._LIST answering (MODULE LIST can be refused by ACLs or renamed).
 */
export async function hasQueryEngine(redis: Pick<RedisCaller, "call">): Promise<boolean> {
  try {
    const modules = await redis.call("MODULE", "LIST");
    if (Array.isArray(modules)) {
      for (const m of modules) {
        if (!Array.isArray(m)) continue;
        for (let i = 0; i + 1 < m.length; i += 2) {
          if (String(m[i]).toLowerCase() === "name" && SEARCH_MODULES.has(String(m[i + 1]).toLowerCase())) return true;
        }
      }
    }
  } catch {
    // Fall through to FT._LIST.
  }
  try {
    await redis.call("FT._LIST");
    return true;
  } catch {
    return false;
  }
}

export interface ConnectEngineOptions {
  redisUrl: string;
  engine: EngineChoice;
  /** hnsw configures the Query Engine's HNSW index, and the plain engine's in-process one (efRuntime as its efSearch). */
  hnsw?: Partial<HnswParams>;
  /** plain holds the options of the plain engine beyond its HNSW parameters. */
  plain?: Pick<PlainEngineOptions, "snapshotDir" | "snapshotIntervalMs" | "hnswThread" | "hitCacheSize"> & { exactBelow?: number; inProcessHnsw?: boolean };
  connectTimeoutMs?: number;
  logger?: Logger;
}

/** connectEngine opens the engine chosen by RETRIEVAL_ENGINE, probing the server when it is "auto". */
export async function connectEngine(opts: ConnectEngineOptions): Promise<VectorEngine> {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  await waitForRedis(opts.redisUrl, connectTimeoutMs);
  const probe = new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  probe.on("error", () => undefined);
  let available: boolean;
  try {
    await probe.connect();
    available = await hasQueryEngine({ call: (command, ...args) => probe.call(command, ...args) });
  } finally {
    probe.disconnect();
  }
  const useQueryEngine = opts.engine === "query-engine" || (opts.engine === "auto" && available);
  if (opts.engine === "query-engine" && !available) {
    throw new Error(
      "RETRIEVAL_ENGINE=query-engine, but this Redis has no Query Engine (MODULE LIST names no search module and FT._LIST fails); " +
        "use Redis 8 or Redis Stack, or set RETRIEVAL_ENGINE=auto or plain",
    );
  }
  opts.logger?.info({ engine: useQueryEngine ? "query-engine" : "in-process", requested: opts.engine, query_engine_available: available }, "vector engine chosen");
  return useQueryEngine
    ? QueryVectorEngine.connect({ redisUrl: opts.redisUrl, hnsw: opts.hnsw, connectTimeoutMs, logger: opts.logger })
    : PlainVectorEngine.connect({
        redisUrl: opts.redisUrl,
        connectTimeoutMs,
        logger: opts.logger,
        ann: opts.plain?.inProcessHnsw === false ? false : {
          ...(opts.hnsw?.m !== undefined && { m: opts.hnsw.m }),
          ...(opts.hnsw?.efConstruction !== undefined && { efConstruction: opts.hnsw.efConstruction }),
          ...(opts.hnsw?.efRuntime !== undefined && { efSearch: opts.hnsw.efRuntime }),
          ...(opts.plain?.exactBelow !== undefined && { exactBelow: opts.plain.exactBelow }),
        },
        hnswThread: opts.plain?.hnswThread,
        snapshotDir: opts.plain?.snapshotDir,
        hitCacheSize: opts.plain?.hitCacheSize,
        snapshotIntervalMs: opts.plain?.snapshotIntervalMs,
      });
}
