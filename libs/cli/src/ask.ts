import type { Client } from "@connectrpc/connect";
import { type Attachment, ContentKind } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import type { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";

const KINDS: Record<string, ContentKind> = {
  job: ContentKind.JOB,
  post: ContentKind.POST,
  company: ContentKind.COMPANY,
  profile: ContentKind.PROFILE,
};

/** parseContext reads "job:job-00042" into a content reference. */
export function parseContext(spec: string | undefined) {
  if (!spec) return undefined;
  const at = spec.indexOf(":");
  const kind = KINDS[spec.slice(0, at)];
  if (at < 0 || kind === undefined) throw new Error(`--context must be job:ID, post:ID, company:ID or profile:ID, got "${spec}"`);
  return { kind, id: spec.slice(at + 1), title: "" };
}

export interface AskOptions {
  question: string;
  context?: string;
  memberId: string;
  conversationId?: string;
  timeoutMs: number;
  out: NodeJS.WritableStream;
}

/** ask streams one turn to the terminal: the answer as it arrives, then attachments and timings. */
export async function ask(client: Client<typeof AssistantService>, o: AskOptions): Promise<{ conversationId: string; turnId: string }> {
  const stream = client.converse(
    { memberId: o.memberId, question: o.question, context: parseContext(o.context), conversationId: o.conversationId ?? "" },
    { timeoutMs: o.timeoutMs },
  );
  const w = (s: string) => o.out.write(s);
  let ids = { conversationId: "", turnId: "" };
  const attachments: string[] = [];
  for await (const { event } of stream) {
    if (!event) continue;
    ids = { conversationId: event.conversationId, turnId: event.turnId };
    const b = event.body;
    switch (b.case) {
      case "routeDecided":
        w(`\x1b[2m[route] ${b.value.label} (confidence ${b.value.confidence.toFixed(2)})\x1b[0m\n`);
        break;
      case "skillCallStarted":
        w(`\x1b[2m[skill] ${b.value.skill} ${b.value.argsJson}\x1b[0m\n`);
        break;
      case "skillCallFinished":
        if (b.value.message) w(`\x1b[2m[skill] ${b.value.skill} failed: ${b.value.message}\x1b[0m\n`);
        break;
      case "textDelta":
        w(b.value.delta);
        break;
      case "textEnd":
        w("\n");
        break;
      case "attachment": {
        const e = b.value.entity;
        attachments.push(`  [${b.value.attachmentId}] ${e.case}: ${attachmentLabel(b.value)}${e.value?.url ? ` <${e.value.url}>` : ""}`);
        break;
      }
      case "revision":
        w(`\n\x1b[33m[moderation] ${b.value.notice}\x1b[0m\n`);
        break;
      case "error":
        w(`\n\x1b[31m[error] ${b.value.code}: ${b.value.message}\x1b[0m\n`);
        break;
      case "done": {
        if (attachments.length) w(`\nattachments:\n${attachments.join("\n")}\n`);
        const t = b.value.timings.map((s) => `${s.stage} ${s.durationMs.toFixed(1)}`).join(", ");
        const tokens = b.value.usage.map((u) => `${u.stage} ${u.inputTokens}+${u.outputTokens}`).join(", ") || "no model was called";
        w(`\n\x1b[2mfirst token ${b.value.ttftMs.toFixed(1)} ms, total ${b.value.totalMs.toFixed(1)} ms\nstages (ms): ${t}\ntokens (in+out): ${tokens}\x1b[0m\n`);
        break;
      }
      default:
        break;
    }
  }
  return ids;
}

/** attachmentLabel names what an attachment shows: a member with the headline they have, if any. */
export function attachmentLabel(a: Attachment): string {
  const e = a.entity;
  if (e.case === "member") return e.value.headline ? `${e.value.name} — ${e.value.headline}` : e.value.name;
  if (e.case === "company") return e.value.name;
  return e.value ? e.value.title : "";
}
