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
  const questions = skill.examples.map((e) => e.question.trim()).filter(Boolean);
  return [skill.name.replace(/_/g, " "), skill.description.trim(), ...questions].join("\n");
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
      return res.hits.map((h) => ({ name: h.id, score: h.score }));
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
    const deletes = batch.flatMap(([name, s]) => (s ? [] : [name]));
    try {
      if (upserts.length > 0) {
        const request: MessageInitShape<typeof UpsertRequestSchema> = {
          index: SKILLS_INDEX,
          documents: upserts.map((s) => ({
            id: s.name,
            text: skillDocumentText(s),
            tags: { agents: s.agents.length > 0 ? s.agents.join(",") : "*", ...(s.tags.length > 0 ? { tags: s.tags.join(",") } : {}) },
            payloadJson: JSON.stringify({ name: s.name, version: s.version }),
          })),
        };
        await client.upsert(
          (async function* (): AsyncIterable<MessageInitShape<typeof UpsertRequestSchema>> {
            yield request;
          })(),
          { timeoutMs: CALL_TIMEOUT_MS },
        );
      }
      if (deletes.length > 0) await client.delete({ index: SKILLS_INDEX, ids: deletes }, { timeoutMs: CALL_TIMEOUT_MS });
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
