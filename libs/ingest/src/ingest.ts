import { fileURLToPath } from "node:url";
import type { Client } from "@connectrpc/connect";
import { loadAgents } from "@springboard/agent";
import { Health, HealthCheckResponse_ServingStatus } from "@springboard/proto/grpc/health/v1/health_pb.js";
import { PostService, type Post } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RetrievalService, type Document, type UpsertRequest } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { Code, ConnectError, serviceClient } from "@springboard/runtime";

export const INGEST_SOURCES = ["examples", "knowledge", "skills"] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

/** SOURCE_INDEX is the retrieval index each source fills. */
export const SOURCE_INDEX: Record<IngestSource, string> = { examples: "examples", knowledge: "knowledge", skills: "skills" };

/** DEFAULT_BATCH_SIZE is how many documents go in one Upsert message; retrieval accepts up to 1,000. */
export const DEFAULT_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 1_000;

/** POST_PAGE_SIZE is the largest page PostService.ListPosts returns. */
const POST_PAGE_SIZE = 50;
const TEXT_BYTES = 32 * 1024;
const HEALTH_TIMEOUT_MS = 3_000;
const CALL_TIMEOUT_MS = 10_000;

export const POST_URL_PREFIX = "https://www.springboard.example/posts/";

export type IngestService = "retrieval" | "member-graph" | "skill-registry";

export interface IngestProgress {
  source: IngestSource;
  /** done counts the documents sent so far (for skills: the skills listed). */
  done: number;
  total: number;
}

export interface IngestOptions {
  retrievalAddr: string;
  memberGraphAddr: string;
  /** skillRegistryAddr enables the skills source; without it, skills are skipped. */
  skillRegistryAddr?: string;
  /** agentsDir holds agents/<name>/agent.yaml and examples.yaml; the agent service's folder by default. */
  agentsDir?: string;
  /** only runs these sources; every source by default. */
  only?: readonly IngestSource[];
  /** batchSize is the documents per Upsert message, 1 to 1,000; 200 by default. */
  batchSize?: number;
  onProgress?: (p: IngestProgress) => void;
  signal?: AbortSignal;
}

export interface SourceSummary {
  /** documents counts the documents written (for skills: the skills the registry lists). */
  documents: number;
  /** batches counts the Upsert messages sent. */
  batches: number;
  ms: number;
  docsPerSecond: number;
}

export interface IndexStats {
  index: string;
  documents: number;
  dimension: number;
  embedder: string;
  engine: string;
}

export interface IngestSummary {
  sources: Partial<Record<IngestSource, SourceSummary>>;
  /** indexes are the Stats of each index a source filled, read once every source is done. */
  indexes: Record<string, IndexStats>;
  ms: number;
}

/** ServiceUnreachableError says which service could not be reached, and where. */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: IngestService,
    readonly address: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${service} at ${address}: ${reason}`);
    this.name = "ServiceUnreachableError";
  }
}

/** defaultAgentsDir is the agent service's agents folder. */
export function defaultAgentsDir(): string {
  return fileURLToPath(new URL("../../agents", import.meta.resolve("@springboard/agent")));
}

/**
 * runIngest fills the retrieval indexes: the agents' response examples into "examples", every post
 * and article of member-graph into "knowledge", and reports the registry's skills and the "skills"
 * index the registry keeps itself. Writes are idempotent by id, so running it again changes nothing.
 */
export async function runIngest(opts: IngestOptions): Promise<IngestSummary> {
  const started = performance.now();
  const wanted = opts.only ?? INGEST_SOURCES.filter((s) => s !== "skills" || opts.skillRegistryAddr);
  const sources = INGEST_SOURCES.filter((s) => wanted.includes(s));
  if (sources.includes("skills") && !opts.skillRegistryAddr) throw new Error("the skills source needs skillRegistryAddr");
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`batchSize is ${batchSize}; use 1 to ${MAX_BATCH_SIZE} documents per message`);
  }
  const signal = opts.signal;
  const progress = opts.onProgress ?? (() => {});

  const needed: [IngestService, string][] = [["retrieval", opts.retrievalAddr]];
  if (sources.includes("knowledge")) needed.push(["member-graph", opts.memberGraphAddr]);
  if (sources.includes("skills")) needed.push(["skill-registry", opts.skillRegistryAddr!]);
  await Promise.all(needed.map(([service, address]) => checkServing(service, address, signal)));

  const retrieval = serviceClient(RetrievalService, opts.retrievalAddr);
  const reach = <T>(service: IngestService, address: string, p: Promise<T>) => p.catch((e: unknown) => unreachable(service, address, e));
  const summary: IngestSummary = { sources: {}, indexes: {}, ms: 0 };

  for (const source of sources) {
    const t0 = performance.now();
    let written: { documents: number; batches: number };
    if (source === "examples") {
      const docs = exampleDocuments(opts.agentsDir ?? defaultAgentsDir());
      written = await reach(
        "retrieval",
        opts.retrievalAddr,
        upsertAll(retrieval, "examples", batched(fromArray(docs), batchSize), docs.length, (done, total) => progress({ source, done, total }), signal),
      );
    } else if (source === "knowledge") {
      const posts = serviceClient(PostService, opts.memberGraphAddr);
      const pages = postPages(posts, signal);
      const first = await reach("member-graph", opts.memberGraphAddr, pages.next());
      const total = first.done ? 0 : first.value.total;
      let listError: unknown;
      const docs = (async function* () {
        if (first.done) return;
        yield* first.value.posts.map(postDocument);
        try {
          for await (const page of pages) yield* page.posts.map(postDocument);
        } catch (e) {
          listError = e;
          throw e;
        }
      })();
      written = await upsertAll(retrieval, "knowledge", batched(docs, batchSize), total, (done, t) => progress({ source, done, total: t }), signal).catch(
        (e: unknown) => (listError === undefined ? unreachable("retrieval", opts.retrievalAddr, e) : unreachable("member-graph", opts.memberGraphAddr, listError)),
      );
    } else {
      const registry = serviceClient(SkillRegistryService, opts.skillRegistryAddr!);
      const res = await reach("skill-registry", opts.skillRegistryAddr!, registry.list({}, { signal, timeoutMs: CALL_TIMEOUT_MS }));
      progress({ source, done: res.skills.length, total: res.skills.length });
      written = { documents: res.skills.length, batches: 0 };
    }
    const ms = performance.now() - t0;
    summary.sources[source] = { ...written, ms, docsPerSecond: ms > 0 ? (written.documents * 1000) / ms : 0 };
  }

  for (const source of sources) {
    const index = SOURCE_INDEX[source];
    const s = await reach("retrieval", opts.retrievalAddr, retrieval.stats({ index }, { signal, timeoutMs: CALL_TIMEOUT_MS }));
    summary.indexes[index] = { index, documents: Number(s.documents), dimension: s.dimension, embedder: s.embedder, engine: s.engine };
  }
  summary.ms = performance.now() - started;
  return summary;
}

/** exampleDocuments are every agent's response examples as "examples" documents, ids <agent>/<n>. */
export function exampleDocuments(agentsDir: string): Document[] {
  const docs: Document[] = [];
  for (const agent of loadAgents(agentsDir).values()) {
    agent.examples.forEach((e, i) => {
      docs.push(document(`${agent.name}/${i + 1}`, e.question, { agent: agent.name, kind: e.kind }, {}, { question: e.question, answer: e.answer }));
    });
  }
  return docs;
}

/** postDocument is a post or article as a "knowledge" document. */
export function postDocument(post: Post): Document {
  const text = post.text.startsWith(post.title) ? post.text : `${post.title}\n\n${post.text}`;
  const tags: Record<string, string> = { kind: post.kind, author_id: post.authorId };
  if (post.topics[0]) tags.topic = post.topics[0];
  return document(post.id, clip(text, TEXT_BYTES), tags, { published_day: post.publishedDay }, {
    id: post.id,
    title: post.title,
    author_name: post.authorName,
    url: `${POST_URL_PREFIX}${encodeURIComponent(post.id)}`,
  });
}

function document(id: string, text: string, tags: Record<string, string>, numbers: Record<string, number>, payload: object): Document {
  return { $typeName: "springboard.retrieval.v1.Document", id, text, vector: [], tags, numbers, payloadJson: JSON.stringify(payload) };
}

/** clip cuts text to at most maxBytes of UTF-8 without splitting a character. */
function clip(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const buf = Buffer.from(text, "utf8").subarray(0, maxBytes);
  return buf.toString("utf8").replace(/\uFFFD+$/, "");
}

/** postPages lists every post, a page ahead of the consumer so fetching overlaps with writing. */
async function* postPages(client: Client<typeof PostService>, signal?: AbortSignal): AsyncGenerator<{ posts: Post[]; total: number }> {
  const fetchPage = (pageToken: string) => {
    const p = client.listPosts({ pageSize: POST_PAGE_SIZE, pageToken }, { signal, timeoutMs: CALL_TIMEOUT_MS });
    p.catch(() => undefined);
    return p;
  };
  const seen = new Set<string>();
  let next = fetchPage("");
  for (;;) {
    const res = await next;
    const token = res.nextPageToken;
    if (token) {
      if (seen.has(token)) throw new Error(`member-graph ListPosts returned page token "${token}" twice`);
      seen.add(token);
      next = fetchPage(token);
    }
    yield { posts: res.posts, total: res.total };
    if (!token) return;
  }
}

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function* batched<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** upsertAll streams the batches to one client-streaming Upsert and checks every document was written. */
async function upsertAll(
  retrieval: Client<typeof RetrievalService>,
  index: string,
  batches: AsyncIterable<Document[]>,
  total: number,
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<{ documents: number; batches: number }> {
  let sent = 0;
  let messages = 0;
  onProgress(0, total);
  async function* requests(): AsyncGenerator<UpsertRequest> {
    for await (const documents of batches) {
      yield { $typeName: "springboard.retrieval.v1.UpsertRequest", index, documents };
      sent += documents.length;
      messages++;
      onProgress(sent, Math.max(total, sent));
    }
  }
  const res = await retrieval.upsert(requests(), { signal });
  if (res.upserted !== sent) throw new Error(`retrieval wrote ${res.upserted} of the ${sent} documents sent to "${index}"`);
  if (sent < total) onProgress(sent, sent);
  return { documents: sent, batches: messages };
}

async function checkServing(service: IngestService, address: string, signal?: AbortSignal): Promise<void> {
  let status: HealthCheckResponse_ServingStatus;
  try {
    status = (await serviceClient(Health, address).check({ service: "" }, { signal, timeoutMs: HEALTH_TIMEOUT_MS })).status;
  } catch (e) {
    return unreachable(service, address, e);
  }
  if (status !== HealthCheckResponse_ServingStatus.SERVING) {
    throw new ServiceUnreachableError(service, address, `it reports ${HealthCheckResponse_ServingStatus[status]}`);
  }
}

/** unreachable turns a transport failure into ServiceUnreachableError and rethrows anything else. */
function unreachable(service: IngestService, address: string, e: unknown): never {
  if (e instanceof ServiceUnreachableError) throw e;
  const err = ConnectError.from(e);
  if (err.code === Code.Unavailable || err.code === Code.DeadlineExceeded) throw new ServiceUnreachableError(service, address, err.rawMessage);
  throw e;
}
