import type { PipelineMetrics } from "@springboard/telemetry";

/**
 * PlanStats counts the repairs the parser had to make to the planner's YAML, by kind, and the plans
 * it could not read, so that the prompt hints address the mistakes the model really makes. The
 * counts are also exported as metrics when a recorder is attached.
 */

const HINTS: Record<string, string> = {
  fence: "Answer with the YAML alone: no ``` fences.",
  chatter: "Do not write any sentence before or after the YAML.",
  markdown: "Do not format the YAML as markdown.",
  quoted_value: "Put double quotes around any value that contains a colon or starts with a special character.",
  colon_space: "Write a space after every colon.",
  equals_sign: "Write `key: value`, never `key = value`.",
  list_marker: "Start every call with `  - skill:`; never use *, • or numbers.",
  missing_dash: "Start every call with `  - skill:`.",
  indentation: "Indent args under each call by two more spaces than `skill:`, and each arg by two more.",
  tab: "Indent with spaces, never tabs.",
  json: "Write YAML, not JSON.",
  smart_quote: "Use straight quotes (\") only.",
  unclosed_quote: "Close every quote you open.",
  invalid_escape: "Inside double quotes, escape only \\\" and \\\\.",
  duplicate_key: "Write each argument once.",
  truncated: "Keep the plan short enough to finish.",
  repeated_block: "Write the plan once.",
  multiple_documents: "Write exactly one plan.",
  wrapper: "Start with `thought:`; do not wrap the plan in another key.",
  bare_list: "Put the calls under `calls:`.",
  key_alias: "Use the argument names exactly as listed.",
  enum_case: "Write allowed values exactly as listed.",
  comma_list: "Write lists as [a, b].",
  unknown_skill: "Use only the skills listed.",
  unknown_key: "Use only the arguments listed for each skill.",
};

/** BASELINE_HINTS are given until the counts say which mistakes this model makes. */
const BASELINE_HINTS = ["quoted_value", "indentation"];

export interface PlanMetrics {
  repair(kind: string): void;
  unrecoverable(): void;
  skillCall(skill: string, status: string): void;
  prefetch(skill: string, outcome: "used" | "unused"): void;
}

/** planMetrics records plan repairs and unreadable plans as springboard.plan.* counters. */
export function planMetrics(m: Pick<PipelineMetrics, "countPlanRepair" | "countPlanUnrecoverable" | "countSkillCall" | "countSkillPrefetch">): PlanMetrics {
  return {
    repair: (kind) => m.countPlanRepair(kind),
    unrecoverable: () => m.countPlanUnrecoverable(),
    skillCall: (skill, status) => m.countSkillCall(skill, status),
    prefetch: (skill, outcome) => m.countSkillPrefetch(skill, outcome),
  };
}

export class PlanStats {
  private readonly counts = new Map<string, number>();
  plans = 0;
  unreadable = 0;
  invalidCalls = 0;

  constructor(
    private readonly maxHints = 3,
    private readonly metrics?: PlanMetrics,
  ) {}

  repaired(kinds: string[]): void {
    this.plans++;
    for (const kind of new Set(kinds)) {
      this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    }
    for (const kind of kinds) this.metrics?.repair(kind);
  }

  unrecoverable(reason: string): void {
    this.plans++;
    this.unreadable++;
    this.metrics?.unrecoverable();
    void reason;
  }

  /** called records how a planned call ended, by the name of its status. */
  called(skill: string, status: string): void {
    if (status === "INVALID_ARGUMENT" || status === "UNKNOWN_SKILL") this.invalidCalls++;
    this.metrics?.skillCall(skill, status);
  }

  /** prefetched records whether the plan asked for a call made at the start of the turn. */
  prefetched(skill: string, outcome: "used" | "unused"): void {
    this.metrics?.prefetch(skill, outcome);
  }

  /** byKind lists the repair kinds seen, most frequent first. */
  byKind(): [string, number][] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** hints are the prompt hints for the most frequent mistakes that have one. */
  hints(): string[] {
    const frequent = this.byKind()
      .map(([kind]) => kind)
      .filter((kind) => HINTS[kind]);
    const kinds = [...frequent, ...BASELINE_HINTS.filter((k) => !frequent.includes(k))].slice(0, this.maxHints);
    return kinds.map((k) => HINTS[k]!);
  }
}
