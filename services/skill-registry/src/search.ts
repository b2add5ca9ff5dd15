import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { RetrievalService, UpsertRequestSchema } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import type { SkillDefinition } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import type { Logger } from "@springboard/runtime";
import { errorText } from "./definitions.js";

export const SKILLS_INDEX = "skills";
const CALL_TIMEOUT_MS = 5_000;
const MAX_RETRY_MS = 30_000;

export type RetrievalClient = Client<typeof RetrievalService>;

/** skillDocumentText is what is embedded for a skill: its name, description and example questions. */
export function skillDocumentText(skill: SkillDefinition): string {
  // "When not to use it" sentences share words with the very questions they rule out, so they are
  // left out of what is embedded.
  const positive = skill.description
    .split(/(?<=[.!?])\s+/)
    .filter((sentence) => !/^(do not|don't|not for|never)\b/i.test(sentence.trim()))
    .join(" ");
  return [skill.name.replace(/_/g, " "), positive.trim()].join("\n");
}

/** MAX_EXAMPLE_DOCS bounds the example documents of one skill, so a removal can name them all. */
const MAX_EXAMPLE_DOCS = 20;

/**
 * skillDocuments are what a skill is found by: its description, and each example question on its
 * own, so that a short question meets a short example instead of being diluted in a long text.
 */
export function skillDocuments(skill: SkillDefinition) {
  const tags = { skill: skill.name, agents: skill.agents.length > 0 ? skill.agents.join(",") : "*", ...(skill.tags.length > 0 ? { tags: skill.tags.join(",") } : {}) };
  const payloadJson = JSON.stringify({ name: skill.name, version: skill.version });
  const examples = skill.examples
    .map((e) => e.question.trim())
    .filter(Boolean)
    .slice(0, MAX_EXAMPLE_DOCS)
    .map((question, i) => ({ id: `${skill.name}#${i + 1}`, text: question, tags, payloadJson }));
  return [{ id: skill.name, text: skillDocumentText(skill), tags, payloadJson }, ...examples];
}

function documentIds(name: string): string[] {
  return [name, ...Array.from({ length: MAX_EXAMPLE_DOCS }, (_, i) => `${name}#${i + 1}`)];
}

/**
 * SkillIndex keeps the retrieval service's "skills" index in step with the registry. A write that
 * fails (retrieval not up yet) is kept and retried with backoff; the registry works meanwhile.
 */
export class SkillIndex {
  private readonly pending = new Map<string, SkillDefinition | null>();
  private retryMs = 1_000;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<boolean> | undefined;
  private closed = false;

  constructor(
    private readonly client: RetrievalClient | undefined,
    private readonly logger?: Logger,
  ) {}

  get enabled(): boolean {
    return this.client !== undefined;
  }

  /** pendingCount counts the writes still waiting for the retrieval service. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** upsert queues skills for indexing and tries at once; it resolves true when all writes landed. */
  upsert(skills: SkillDefinition[]): Promise<boolean> {
    for (const s of skills) this.pending.set(s.name, s);
    return this.flush();
  }

  remove(name: string): Promise<boolean> {
    this.pending.set(name, null);
    return this.flush();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** search asks the retrieval service for the skills nearest to a need, best first. */
  async search(query: string, k: number, signal?: AbortSignal): Promise<{ name: string; score: number }[]> {
    if (!this.client) throw new ConnectError("skill search needs the retrieval service; set RETRIEVAL_ADDR", Code.Unavailable);
    try {
      const res = await this.client.search({ index: SKILLS_INDEX, query, k }, { signal, timeoutMs: CALL_TIMEOUT_MS });
      // Hits are documents; a skill scores as its best document.
      const best = new Map<string, number>();
      for (const h of res.hits) {
        const name = h.id.split("#")[0]!;
        if (!best.has(name)) best.set(name, h.score);
      }
      return [...best].map(([name, score]) => ({ name, score }));
    } catch (e) {
      const ce = ConnectError.from(e);
      if (ce.code === Code.Canceled && signal?.aborted) throw ce;
      throw new ConnectError(`retrieval unavailable: ${ce.rawMessage}; skill search is down, List still works`, Code.Unavailable);
    }
  }

  private flush(): Promise<boolean> {
    if (!this.client || this.closed) return Promise.resolve(this.pending.size === 0);
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<boolean> {
    const client = this.client!;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.entries()];
    const upserts = batch.flatMap(([, s]) => (s ? [s] : []));
    // A changed skill may have fewer examples than before: clear all its documents, then write.
    const deletes = batch.flatMap(([name]) => documentIds(name));
    try {
      if (deletes.length > 0) await client.delete({ index: SKILLS_INDEX, ids: deletes }, { timeoutMs: CALL_TIMEOUT_MS });
      if (upserts.length > 0) {
        const request: MessageInitShape<typeof UpsertRequestSchema> = {
          index: SKILLS_INDEX,
          documents: upserts.flatMap(skillDocuments),
        };
        await client.upsert(
          (async function* (): AsyncIterable<MessageInitShape<typeof UpsertRequestSchema>> {
            yield request;
          })(),
          { timeoutMs: CALL_TIMEOUT_MS },
        );
      }
      for (const [name, s] of batch) if (this.pending.get(name) === s) this.pending.delete(name);
      this.retryMs = 1_000;
      if (this.pending.size > 0) return this.write();
      return true;
    } catch (e) {
      this.logger?.warn({ err: errorText(e), pending: this.pending.size, retry_ms: this.retryMs }, "skill index not updated; will retry");
      if (!this.closed) {
        this.timer = setTimeout(() => void this.flush(), this.retryMs);
        this.timer.unref();
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      }
      return false;
    }
  }
}
