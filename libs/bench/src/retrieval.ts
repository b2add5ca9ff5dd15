import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { freePort, serviceEntry, startRedis } from "@springboard/cluster";
import { HashedNgramEmbedder } from "@springboard/embeddings";
import { generateDataset, Random, type Dataset } from "@springboard/member-graph";
import { Health, HealthCheckResponse_ServingStatus } from "@springboard/proto/grpc/health/v1/health_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { RetrievalService, type SearchRequestSchema, type UpsertRequestSchema } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { VectorMatrix } from "@springboard/retrieval";
import { serviceClient } from "@springboard/runtime";
import { ms, summarize, table, type Summary } from "./stats.js";

const DOCUMENTS = 100_000;
const DIMENSION = 384;
const MESSAGE = 1_000;
const UPSERT_STREAMS = 2;
const QUERIES = 300;
const K = 10;
const INDEX = "knowledge";

const KINDS = [["post", 35], ["job", 25], ["member", 25], ["company", 5], ["course", 5], ["news", 5]] as const;
type Kind = (typeof KINDS)[number][0];

type Client = ReturnType<typeof serviceClient<typeof RetrievalService>>;

export interface RetrievalBenchResult {
  documents: number;
  dimension: number;
  upsertAckPerSecond: number;
  upsertIndexedPerSecond: number;
  recallAt10: { all: number; commonFilter: number; selectiveFilter: number; afterRestart: number };
  search: { hnsw: Summary; uncached: Summary; exactScan: Summary; transport: Summary; text: Summary; commonFilter: Summary; selectiveFilter: Summary; duringIndexing: Summary };
  restart: { shutdownMs: number; snapshotReadyMs: number; firstSearchMs: number; loadedFrom: string; indexLoadMs: number; startupMs: number; fromRedisReadyMs: number };
  rssMiB: { hnsw: number; afterRestart: number; exactScan: number };
}

/** Corpus is a set of realistic texts with the fields the filters use. */
interface Corpus {
  texts: string[];
  kinds: Kind[];
  days: number[];
}

/**
 * benchRetrieval measures the retrieval service's plain engine on 100,000 realistic texts (hashed
 * n-gram embeddings of documents recombined from member-graph's generated posts, jobs, profiles,
 * companies, courses and news, so with the near-duplicates and topical clusters of real corpora):
 * upsert throughput through gRPC, acknowledged and fully indexed; Search latency through gRPC
 * next to the exact scan and a trivial RPC; recall@10 against exact search; the time a restarted
 * replica takes to serve from its snapshot, next to a load from Redis; and memory.
 */
export async function benchRetrieval(log: (s: string) => void): Promise<RetrievalBenchResult> {
  const dataset = generateDataset();
  const pools = sentencePools(dataset);
  const corpus = makeCorpus(pools, new Random(7), DOCUMENTS);
  const queryTexts = makeQueries(dataset, pools, new Random(11), QUERIES);
  const embedder = new HashedNgramEmbedder(DIMENSION);
  let t = performance.now();
  const truth = new VectorMatrix(DIMENSION);
  corpus.texts.forEach((text, i) => truth.set(`d${i}`, embedder.embed(text), { kind: corpus.kinds[i]! }, { published_day: corpus.days[i]! }));
  const queries = queryTexts.map((q) => embedder.embed(q));
  log(`corpus: ${DOCUMENTS.toLocaleString("en")} texts of ${Math.round(corpus.texts.reduce((a, s) => a + s.length, 0) / DOCUMENTS)} characters on average, ${QUERIES} queries; embedded locally for the exact answers in ${Math.round(performance.now() - t)} ms`);

  const redis = await startRedis();
  const snapshots = mkdtempSync(join(tmpdir(), "bench-retrieval-"));
  const running: Service[] = [];
  const start = async (env: Record<string, string>) => {
    const s = await startRetrieval(redis.url, env);
    running.push(s);
    return s;
  };
  try {
    // 1. Ingest through gRPC: acknowledged, then fully indexed by the background HNSW build.
    const hnswEnv = { RETRIEVAL_SNAPSHOT_DIR: snapshots };
    const a = await start(hnswEnv);
    const ca = serviceClient(RetrievalService, a.address);
    t = performance.now();
    await upsertCorpus(ca, corpus);
    const ackMs = performance.now() - t;
    const during: number[] = [];
    const caughtUp = a.waitLog((l) => l.msg === "HNSW index caught up" && l.index === INDEX && l.documents === DOCUMENTS, 30 * 60_000);
    let indexed = false;
    void caughtUp.then(() => (indexed = true), () => (indexed = true));
    for (let i = 0; !indexed; i++) {
      const t0 = performance.now();
      await ca.search(vectorSearch(queries[i % QUERIES]!));
      during.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
    const caught = await caughtUp;
    const indexedMs = performance.now() - t;
    // Catching up with a large backlog saves a snapshot: measure the steady state after it.
    const saved = await a.waitLog((l) => l.msg === "index snapshot saved" && l.index === INDEX && (l.time as string) >= (caught.time as string), 120_000);
    const ackRate = DOCUMENTS / (ackMs / 1000);
    const indexedRate = DOCUMENTS / (indexedMs / 1000);
    log(`\nupsert ${DOCUMENTS.toLocaleString("en")} texts through gRPC (${UPSERT_STREAMS} streams of ${MESSAGE}-document messages; the service embeds them)`);
    log(table([
      ["", "time", "vectors/s"],
      ["acknowledged (in Redis, searchable)", `${(ackMs / 1000).toFixed(1)} s`, Math.round(ackRate)],
      ["fully indexed by HNSW (M 16, efC 200)", `${(indexedMs / 1000).toFixed(1)} s`, Math.round(indexedRate)],
      ["ratio", "", `${(ackRate / indexedRate).toFixed(1)}×`],
    ]));
    const duringIndexing = summarize(during);
    log(`search while the HNSW index catches up (exact scan of the backlog): p50 ${ms(duringIndexing.p50)}, p99 ${ms(duringIndexing.p99)} over ${during.length} searches`);
    log(`snapshot saved after catching up in ${String(saved.ms)} ms (in the background)`);

    // 2. Latency through gRPC, and recall against the exact answers.
    await measure(ca, queries, 200, (q) => vectorSearch(q));
    const transport = await measureStats(ca, 1_000);
    const hnsw = await measure(ca, queries, 2_000, (q) => vectorSearch(q));
    const text = await measureTexts(ca, makeQueries(dataset, pools, new Random(13), 500));
    const common = filters(["post"]);
    const selective = filters(["course"]);
    const commonFilter = await measure(ca, queries, 500, (q) => vectorSearch(q, common));
    const selectiveFilter = await measure(ca, queries, 500, (q) => vectorSearch(q, selective));
    const recall = {
      all: await recallAt(ca, truth, queries),
      commonFilter: await recallAt(ca, truth, queries, common),
      selectiveFilter: await recallAt(ca, truth, queries, selective),
      afterRestart: 0,
    };
    const rssHnsw = rssMiB(a.child.pid!);

    // 3. Restart from the snapshot saved on shutdown.
    t = performance.now();
    await a.stop();
    const shutdownMs = performance.now() - t;
    t = performance.now();
    // The restarted replica keeps no found documents in memory: its searches read every hit from Redis.
    const b = await start({ ...hnswEnv, RETRIEVAL_HIT_CACHE_SIZE: "0" });
    const snapshotReadyMs = performance.now() - t;
    const cb = serviceClient(RetrievalService, b.address);
    await cb.search(vectorSearch(queries[0]!));
    const firstSearchMs = performance.now() - t;
    const loaded = b.logs.find((l) => l.msg === "index loaded" && l.index === INDEX) ?? {};
    const at = (msg: string) => {
      const line = b.logs.find((l) => l.msg === msg);
      return line ? Date.parse(String(line.time)) - b.spawnedAt : NaN;
    };
    const startup = { connected: at("vector engine chosen"), serving: at("serving") };
    recall.afterRestart = await recallAt(cb, truth, queries);
    const uncached = await measure(cb, queries, 2_000, (q) => vectorSearch(q));
    const rssRestart = rssMiB(b.child.pid!);
    await b.stop();

    // 4. Baseline: the exact scan, loaded from Redis without a snapshot.
    t = performance.now();
    const c = await start({ RETRIEVAL_IN_PROCESS_HNSW: "false", RETRIEVAL_SNAPSHOT_DIR: "none" });
    const fromRedisReadyMs = performance.now() - t;
    const cc = serviceClient(RetrievalService, c.address);
    await measure(cc, queries, 50, (q) => vectorSearch(q));
    const exactScan = await measure(cc, queries, 500, (q) => vectorSearch(q));
    const rssExact = rssMiB(c.child.pid!);
    await c.stop();

    log(`\nSearch through gRPC, k ${K}, ${DOCUMENTS.toLocaleString("en")} × ${DIMENSION} (sequential calls)`);
    log(table([
      ["", "p50", "p90", "p99", "p99 vs exact scan"],
      ["Stats (trivial RPC, transport baseline)", ms(transport.p50), ms(transport.p90), ms(transport.p99), ""],
      ["exact scan (baseline)", ms(exactScan.p50), ms(exactScan.p90), ms(exactScan.p99), "1.00"],
      ["HNSW, by vector", ms(hnsw.p50), ms(hnsw.p90), ms(hnsw.p99), (hnsw.p99 / exactScan.p99).toFixed(2)],
      ["HNSW, by vector, every hit read from Redis", ms(uncached.p50), ms(uncached.p90), ms(uncached.p99), (uncached.p99 / exactScan.p99).toFixed(2)],
      ["HNSW, by new text (embedded by the service)", ms(text.p50), ms(text.p90), ms(text.p99), (text.p99 / exactScan.p99).toFixed(2)],
      ["HNSW, kind = post (~35%, over-fetch)", ms(commonFilter.p50), ms(commonFilter.p90), ms(commonFilter.p99), (commonFilter.p99 / exactScan.p99).toFixed(2)],
      ["kind = course (~5%, exact scan of the subset)", ms(selectiveFilter.p50), ms(selectiveFilter.p90), ms(selectiveFilter.p99), (selectiveFilter.p99 / exactScan.p99).toFixed(2)],
    ]));
    log(`\nrecall@${K} against exact search over ${QUERIES} queries (exact scan: 1.000)`);
    log(table([
      ["no filter", "kind = post", "kind = course", "after restart"],
      [recall.all.toFixed(3), recall.commonFilter.toFixed(3), recall.selectiveFilter.toFixed(3), recall.afterRestart.toFixed(3)],
    ]));
    const rebuildS = DOCUMENTS / indexedRate;
    log("\nrestart of a replica (spawn to SERVING)");
    log(table([
      ["", "time"],
      ["shutdown, saving the snapshot", `${(shutdownMs / 1000).toFixed(2)} s`],
      [`from the snapshot: SERVING`, `${(snapshotReadyMs / 1000).toFixed(2)} s`],
      [`  of which Node start, config and Redis probe`, `${(startup.connected / 1000).toFixed(2)} s`],
      [`  of which loading "${INDEX}" (from ${String(loaded.from)})`, `${(Number(loaded.ms) / 1000).toFixed(2)} s`],
      ["  first search answered", `${(firstSearchMs / 1000).toFixed(2)} s`],
      ["from Redis, exact scan only (baseline)", `${(fromRedisReadyMs / 1000).toFixed(2)} s`],
      ["from Redis, HNSW rebuilt in the background (derived from the indexing rate)", `+${rebuildS.toFixed(0)} s until HNSW serves`],
    ]));
    log(`\nmemory (RSS of the service): HNSW ${rssHnsw} MiB; after restart from the snapshot ${rssRestart} MiB; exact scan only ${rssExact} MiB`);
    return {
      documents: DOCUMENTS,
      dimension: DIMENSION,
      upsertAckPerSecond: ackRate,
      upsertIndexedPerSecond: indexedRate,
      recallAt10: recall,
      search: { hnsw, uncached, exactScan, transport, text, commonFilter, selectiveFilter, duringIndexing },
      restart: { shutdownMs, snapshotReadyMs, firstSearchMs, loadedFrom: String(loaded.from), indexLoadMs: Number(loaded.ms), startupMs: startup.connected, fromRedisReadyMs },
      rssMiB: { hnsw: rssHnsw, afterRestart: rssRestart, exactScan: rssExact },
    };
  } finally {
    for (const s of running) await s.stop();
    await redis.stop();
    rmSync(snapshots, { recursive: true, force: true });
  }
}

/** sentencePools holds, for each kind of document, the sentences of each generated item. */
function sentencePools(d: Dataset): Record<Kind, string[][]> {
  const split = (text: string) => text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s.length > 3);
  return {
    post: d.posts.map((p) => [p.title, ...split(p.text).slice(1)]),
    job: d.jobs.map((j) => [`${j.title} at ${j.companyName}, ${j.location}.`, ...split(j.description), ...j.requirements]),
    member: d.members.map((m) => [m.headline, ...split(m.summary), ...m.experience.map((e) => `${e.title} at ${e.companyName}: ${e.description}`)]),
    company: d.companies.map((c) => [`${c.name}, ${c.industry}.`, ...split(c.description)]),
    course: d.courses.map((c) => [`${c.title} by ${c.provider}.`, `A ${c.level} course on ${c.skills.join(" and ")}, ${c.hours} hours.`]),
    news: d.news.map((n) => [n.title, n.snippet]),
  };
}

/** compose writes a document of a kind: the opening of one item, continued with a sentence or two of another. */
function compose(pools: Record<Kind, string[][]>, rng: Random, kind: Kind): string {
  const items = pools[kind];
  const base = rng.pick(items);
  const other = rng.pick(items);
  return [...base.slice(0, rng.int(1, 3)), ...rng.sample(other, rng.int(1, 2))].join(" ");
}

function makeCorpus(pools: Record<Kind, string[][]>, rng: Random, n: number): Corpus {
  const corpus: Corpus = { texts: [], kinds: [], days: [] };
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted(KINDS);
    corpus.texts.push(compose(pools, rng, kind));
    corpus.kinds.push(kind);
    corpus.days.push(rng.int(0, 2_500));
  }
  return corpus;
}

/** makeQueries mixes document-like texts with the short questions members ask. */
function makeQueries(d: Dataset, pools: Record<Kind, string[][]>, rng: Random, n: number): string[] {
  const templates: (() => string)[] = [
    () => compose(pools, rng, rng.weighted(KINDS)),
    () => {
      const job = rng.pick(d.jobs);
      return `${job.title} jobs in ${job.location} with ${rng.pick(job.skills)}`;
    },
    () => `how do I learn ${rng.pick(d.skills).name} for a ${rng.pick(d.jobs).title} role`,
    () => rng.pick(d.posts).title,
    () => {
      const c = rng.pick(d.companies);
      return `companies in ${c.industry.toLowerCase()} like ${c.name}`;
    },
    () => {
      const c = rng.pick(d.courses);
      return `${c.title} course for ${c.level} learners`;
    },
  ];
  return Array.from({ length: n }, (_, i) => templates[i % templates.length]!());
}

async function upsertCorpus(client: Client, corpus: Corpus): Promise<void> {
  const messages = (part: number) =>
    (async function* (): AsyncIterable<MessageInitShape<typeof UpsertRequestSchema>> {
      for (let at = part * MESSAGE; at < corpus.texts.length; at += UPSERT_STREAMS * MESSAGE) {
        const documents = [];
        for (let i = at; i < Math.min(at + MESSAGE, corpus.texts.length); i++) {
          documents.push({ id: `d${i}`, text: corpus.texts[i]!, tags: { kind: corpus.kinds[i]! }, numbers: { published_day: corpus.days[i]! } });
        }
        yield { index: INDEX, documents };
      }
    })();
  const sent = await Promise.all(Array.from({ length: UPSERT_STREAMS }, (_, part) => client.upsert(messages(part))));
  const upserted = sent.reduce((a, r) => a + r.upserted, 0);
  if (upserted !== corpus.texts.length) throw new Error(`upserted ${upserted} of ${corpus.texts.length} documents`);
}

type Filters = Pick<MessageInitShape<typeof SearchRequestSchema>, "tags">;

function filters(kinds: string[]): Filters {
  return { tags: [{ field: "kind", anyOf: kinds }] };
}

function vectorSearch(q: Float32Array, more: Filters = {}): MessageInitShape<typeof SearchRequestSchema> {
  return { index: INDEX, vector: Array.from(q), k: K, minScore: -1, ...more };
}

async function measure(client: Client, queries: Float32Array[], n: number, request: (q: Float32Array) => MessageInitShape<typeof SearchRequestSchema>): Promise<Summary> {
  const requests = Array.from({ length: Math.min(n, queries.length) }, (_, i) => request(queries[i]!));
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const req = requests[i % requests.length]!;
    const t0 = performance.now();
    await client.search(req);
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

async function measureTexts(client: Client, texts: string[]): Promise<Summary> {
  const times: number[] = [];
  for (const query of texts) {
    const t0 = performance.now();
    await client.search({ index: INDEX, query, k: K, minScore: -1 });
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

async function measureStats(client: Client, n: number): Promise<Summary> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.stats({ index: INDEX });
    times.push(performance.now() - t0);
  }
  return summarize(times);
}

/** recallAt is the share of the exact top k that the service returns, over every query. */
async function recallAt(client: Client, truth: VectorMatrix, queries: Float32Array[], more: Filters = {}): Promise<number> {
  const filter = more.tags ? { tags: more.tags.map((t) => ({ field: t.field!, anyOf: new Set(t.anyOf ?? []) })), ranges: [] } : undefined;
  let found = 0;
  let wanted = 0;
  for (const q of queries) {
    const want = new Set(truth.search(q, K, -1, filter).map((h) => h.id));
    const got = await client.search(vectorSearch(q, more));
    found += got.hits.filter((h) => want.has(h.id)).length;
    wanted += want.size;
  }
  return found / Math.max(1, wanted);
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

interface Service {
  address: string;
  child: ChildProcess;
  /** spawnedAt is when the process was started, in ms since the epoch (the logs' clock). */
  spawnedAt: number;
  logs: Record<string, unknown>[];
  waitLog(match: (line: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** startRetrieval runs the retrieval service as its own process and resolves when it reports SERVING. */
async function startRetrieval(redisUrl: string, env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [serviceEntry("retrieval")], {
    env: { ...process.env, ...env, PORT: String(port), REDIS_URL: redisUrl, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  const watchers: { match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] = [];
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2_000)));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    logs.push(parsed);
    for (const w of watchers.splice(0)) {
      if (w.match(parsed)) w.resolve(parsed);
      else watchers.push(w);
    }
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const address = `127.0.0.1:${port}`;
  // The service logs "serving" once it listens; polling it before then would only add the client's reconnection backoff.
  const serving = new Promise<void>((resolve) => watchers.push({ match: (l) => l.msg === "serving", resolve: () => resolve() }));
  if ((await Promise.race([serving.then(() => "serving"), exited.then(() => "exited")])) === "exited") {
    throw new Error(`retrieval exited with code ${child.exitCode}: ${stderr}${JSON.stringify(logs.slice(-3))}`);
  }
  const status = await serviceClient(Health, address).check({ service: "" }, { timeoutMs: 5_000 });
  if (status.status !== HealthCheckResponse_ServingStatus.SERVING) throw new Error(`retrieval on ${address} is not SERVING`);
  return {
    address,
    child,
    spawnedAt,
    logs,
    waitLog(match, timeoutMs) {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`retrieval did not log what was awaited within ${timeoutMs} ms`)), timeoutMs);
        watchers.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}
