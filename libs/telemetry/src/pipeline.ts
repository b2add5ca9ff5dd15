import type { Attributes, Counter, Histogram } from "@opentelemetry/api";
import {
  MEMBER_TIME_TO_FIRST_TOKEN,
  PLAN_REPAIRS,
  PLAN_UNRECOVERABLE,
  QUEUE_DEPTH,
  ROUTER_DECISIONS,
  SKILL_CALLS,
  SKILL_PREFETCHES,
  STAGE_DURATION,
} from "./names.js";
import { perTelemetry, type Telemetry } from "./telemetry.js";

/** Stage is a step of the pipeline, as reported in springboard.stage.duration. */
export type Stage = "route" | "plan" | "skills" | "retrieve" | "generate" | "context" | "store";

export interface PipelineMetrics {
  /** recordMemberTtft records springboard.member.time_to_first_token: seconds from the request to the first text the member sees, at the gateway. */
  recordMemberTtft(seconds: number, agent?: string): void;
  /** recordStage records springboard.stage.duration, in seconds, with springboard.stage. */
  recordStage(stage: Stage, seconds: number): void;
  /**
   * observeQueueDepth reports read() as springboard.queue.depth{springboard.queue=queue} at each
   * collection; it returns a function after which the queue reads 0. Registering a queue name
   * again replaces the earlier reader.
   */
  observeQueueDepth(queue: string, read: () => number): () => void;
  /** countPlanRepair adds to springboard.plan.repairs with springboard.repair.kind. */
  countPlanRepair(kind: string, n?: number): void;
  /** countPlanUnrecoverable adds one to springboard.plan.unrecoverable. */
  countPlanUnrecoverable(agent?: string): void;
  /** countRouterDecision adds one to springboard.router.decisions with springboard.router.label and springboard.router.path. */
  countRouterDecision(label: string, path: string): void;
  /** countSkillCall adds one to springboard.skill.calls with springboard.skill and springboard.skill.status. */
  countSkillCall(skill: string, status: string): void;
  /** countSkillPrefetch adds one to springboard.skill.prefetches with springboard.skill and springboard.prefetch.outcome (used or unused). */
  countSkillPrefetch(skill: string, outcome: "used" | "unused"): void;
}

const EMPTY: Attributes = Object.freeze({});

/** AttributeCache keeps one attribute object per label combination, so recording allocates nothing. */
class AttributeCache {
  private readonly map = new Map<string, Attributes>();

  get(key: string, make: () => Attributes): Attributes {
    let a = this.map.get(key);
    if (a === undefined) {
      a = make();
      if (this.map.size < 2048) this.map.set(key, a);
    }
    return a;
  }
}

/** pipelineMetrics returns the springboard.* pipeline instruments of a telemetry instance. */
export const pipelineMetrics: (telemetry: Telemetry) => PipelineMetrics = perTelemetry(createPipelineMetrics);

function createPipelineMetrics(telemetry: Telemetry): PipelineMetrics {
  const meter = telemetry.meter;
  const memberTtft: Histogram = meter.createHistogram(MEMBER_TIME_TO_FIRST_TOKEN, { unit: "s", description: "Time from a member's question to the first answer text the member sees, measured at the gateway." });
  const stage: Histogram = meter.createHistogram(STAGE_DURATION, { unit: "s", description: "Duration of one pipeline stage of a turn." });
  const repairs: Counter = meter.createCounter(PLAN_REPAIRS, { unit: "{repair}", description: "Repairs made to planner YAML before it parsed." });
  const unrecoverable: Counter = meter.createCounter(PLAN_UNRECOVERABLE, { unit: "{plan}", description: "Plans that could not be repaired." });
  const decisions: Counter = meter.createCounter(ROUTER_DECISIONS, { unit: "{decision}", description: "Router decisions by label and by how they were reached." });
  const skills: Counter = meter.createCounter(SKILL_CALLS, { unit: "{call}", description: "Skill invocations by skill and outcome." });
  const prefetches: Counter = meter.createCounter(SKILL_PREFETCHES, { unit: "{call}", description: "Skill calls made at the start of a turn, by whether the plan then asked for them." });
  const queueDepth = meter.createObservableGauge(QUEUE_DEPTH, { unit: "{request}", description: "Requests waiting in a queue." });

  const queues = new Map<string, { attrs: Attributes; read: () => number }>();
  queueDepth.addCallback((result) => {
    for (const q of queues.values()) {
      let v: number;
      try {
        v = q.read();
      } catch {
        continue;
      }
      if (Number.isFinite(v)) result.observe(v, q.attrs);
    }
  });

  const byAgent = new AttributeCache();
  const byStage = new AttributeCache();
  const byKind = new AttributeCache();
  const byDecision = new AttributeCache();
  const bySkill = new AttributeCache();
  const byPrefetch = new AttributeCache();

  return {
    recordMemberTtft(seconds, agent) {
      memberTtft.record(seconds, agent === undefined ? EMPTY : byAgent.get(agent, () => ({ "springboard.agent": agent })));
    },
    recordStage(name, seconds) {
      stage.record(seconds, byStage.get(name, () => ({ "springboard.stage": name })));
    },
    observeQueueDepth(queue, read) {
      // The SDK keeps exporting the last value of a series no longer observed, so a stopped
      // queue keeps reporting 0 rather than a stale depth.
      const entry = { attrs: { "springboard.queue": queue }, read };
      queues.set(queue, entry);
      return () => {
        if (queues.get(queue) === entry) entry.read = () => 0;
      };
    },
    countPlanRepair(kind, n = 1) {
      repairs.add(n, byKind.get(kind, () => ({ "springboard.repair.kind": kind })));
    },
    countPlanUnrecoverable(agent) {
      unrecoverable.add(1, agent === undefined ? EMPTY : byAgent.get(agent, () => ({ "springboard.agent": agent })));
    },
    countRouterDecision(label, path) {
      decisions.add(1, byDecision.get(`${label}\u0000${path}`, () => ({ "springboard.router.label": label, "springboard.router.path": path })));
    },
    countSkillCall(skill, status) {
      skills.add(1, bySkill.get(`${skill}\u0000${status}`, () => ({ "springboard.skill": skill, "springboard.skill.status": status })));
    },
    countSkillPrefetch(skill, outcome) {
      prefetches.add(1, byPrefetch.get(`${skill}\u0000${outcome}`, () => ({ "springboard.skill": skill, "springboard.prefetch.outcome": outcome })));
    },
  };
}
