import { flowDepth } from './flow.js';
import { repair, repairInternal } from './repair.js';
import type { Repair } from './repairs.js';
import { planSchema, type JSONSchema, type SkillSpec } from './schema.js';

// PlanItem is one skill call of a plan.
export interface PlanItem {
  skill: string;
  args?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PlanResult {
  items: PlanItem[];
  thought?: string;
  repairs: Repair[];
}

export interface IncrementalOptions {
  schema?: JSONSchema;
  skills?: readonly SkillSpec[];
}

const ITEM_LINE = /^\s*(?:[-*•+]|\d{1,2}[.)])\s*["'“]?(?:skill|tool)["'”]?\s*[:=]/i;
const FLOW_ITEM_LINE = /^\s*(?:[-*•+]|\d{1,2}[.)])\s+\{\s*["'“]?(?:skill|tool)["'”]?\s*:/i;
const TOP_LINE = /^(?:["']?(?:thought|calls)["']?\s*[:=]|```|~~~|---|\.\.\.)/i;
const FLOW_ITEM = /\{\s*["'“]?skill["'”]?\s*:/g;

// IncrementalPlanParser is fed the chunks of a streaming plan and hands out each call as soon as
// it is complete (the next call started, or the plan ended). end() gives what repair() gives on
// the whole text.
export class IncrementalPlanParser {
  private buf = '';
  private scanned = 0;
  private flowScanned = 0;
  private starts = 0;
  private emitted: PlanItem[] = [];
  private readonly schema: JSONSchema | undefined;

  constructor(opts: IncrementalOptions = {}) {
    this.schema = opts.schema ?? (opts.skills ? planSchema(opts.skills) : undefined);
  }

  // reparses counts how many times a prefix was repaired (once per completed item, not per chunk).
  reparses = 0;

  get items(): readonly PlanItem[] {
    return this.emitted;
  }

  push(chunk: string): PlanItem[] {
    this.buf += chunk;
    const out: PlanItem[] = [];
    let nl: number;
    while ((nl = this.buf.indexOf('\n', this.scanned)) >= 0) {
      const start = this.scanned;
      const line = this.buf.slice(start, nl);
      this.scanned = nl + 1;
      if (ITEM_LINE.test(line)) {
        if (++this.starts >= 2) out.push(...this.flush(start));
      } else if (FLOW_ITEM_LINE.test(line) && flowDepth(line) === 0) {
        this.starts++;
        out.push(...this.flush(nl + 1));
      } else if (this.starts > 0 && TOP_LINE.test(line)) {
        out.push(...this.flush(start));
      }
    }
    const from = Math.max(0, this.flowScanned - 16);
    FLOW_ITEM.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = FLOW_ITEM.exec(this.buf))) {
      if (m.index < this.flowScanned - 16 || m.index + m[0].length <= this.flowScanned) continue;
      const before = this.buf.slice(Math.max(0, m.index - 64), m.index);
      if (/[[,]\s*$/.test(before) && ++this.starts >= 2) {
        out.push(...this.flush(m.index));
      }
    }
    this.flowScanned = this.buf.length;
    return out;
  }

  private flush(upTo: number): PlanItem[] {
    let calls: unknown;
    this.reparses++;
    try {
      const r = repairInternal(this.buf.slice(0, upTo), this.schema, true);
      calls = (r.value as { calls?: unknown } | null)?.calls;
    } catch {
      return [];
    }
    if (!Array.isArray(calls) || calls.length <= this.emitted.length) return [];
    const fresh = calls.slice(this.emitted.length) as PlanItem[];
    this.emitted.push(...fresh);
    return fresh;
  }

  end(): PlanResult {
    const r = repair(this.buf, this.schema ? { schema: this.schema } : {});
    const v = (r.value ?? {}) as { calls?: unknown; thought?: unknown };
    const items = Array.isArray(v.calls) ? (v.calls as PlanItem[]) : [];
    this.emitted = items.slice();
    return { items, ...(typeof v.thought === 'string' ? { thought: v.thought } : {}), repairs: r.repairs };
  }
}
