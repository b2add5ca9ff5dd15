import { parse } from "yaml";

export interface PlannedCall {
  skill: string;
  args: Record<string, unknown>;
}

export interface Plan {
  thought: string;
  calls: PlannedCall[];
  /** repairs lists what had to be fixed before the plan parsed. */
  repairs: string[];
}

/**
 * parsePlan reads the planner's YAML. It removes markdown fences and chatter around the YAML and
 * unwraps a "plan:" wrapper; anything it cannot read yields an error naming the problem.
 */
export function parsePlan(text: string): Plan {
  const repairs: string[] = [];
  let body = text.replace(/\r\n/g, "\n");
  const fenced = /```(?:ya?ml)?\n([\s\S]*?)(?:```|$)/.exec(body);
  if (fenced) {
    body = fenced[1]!;
    repairs.push("fences");
  }
  const start = body.search(/^(thought|calls|plan):/m);
  if (start > 0) {
    body = body.slice(start);
    repairs.push("chatter");
  }
  let doc: unknown;
  try {
    doc = parse(body, { uniqueKeys: false });
  } catch (e) {
    throw new Error(`plan is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  if (doc && typeof doc === "object" && "plan" in doc && !("calls" in doc)) {
    doc = (doc as { plan: unknown }).plan;
    repairs.push("wrapper");
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("plan is not a YAML mapping with thought and calls");
  const d = doc as { thought?: unknown; calls?: unknown };
  const calls: PlannedCall[] = [];
  for (const [i, item] of (Array.isArray(d.calls) ? d.calls : []).entries()) {
    if (!item || typeof item !== "object" || typeof (item as { skill?: unknown }).skill !== "string") {
      throw new Error(`calls[${i}] has no skill name`);
    }
    const { skill, args } = item as { skill: string; args?: unknown };
    calls.push({ skill, args: args && typeof args === "object" && !Array.isArray(args) ? (args as Record<string, unknown>) : {} });
  }
  return { thought: typeof d.thought === "string" ? d.thought : "", calls, repairs };
}
