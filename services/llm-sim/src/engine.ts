import { BatchScheduler, jittered, Pacer, prefillMs, prng, tbtMs, type LatencyModel } from "./latency.js";
import { Metrics, type ModelMetrics } from "./metrics.js";

/** Job is one completion to play back: its tokens are decided up front, only their timing is simulated. */
export interface Job {
  model: string;
  promptTokens: number;
  tokens: string[];
  finishReason: "stop" | "length";
  /** seed fixes the latency jitter. */
  seed: number;
}

export interface SimStats {
  running: number;
  waiting: number;
  completed: number;
  cancelled: number;
  generatedTokens: number;
}

/** Emit sends one token; a returned promise is awaited (a slow reader) before the next one. */
export type Emit = (token: string, index: number) => void | Promise<void>;

/** Engine runs jobs through the continuous-batching latency model and keeps the counters. */
export class Engine {
  readonly scheduler: BatchScheduler;
  readonly metrics: Metrics;
  completed = 0;
  cancelled = 0;
  generatedTokens = 0;

  constructor(
    readonly latency: LatencyModel,
    models: readonly string[],
  ) {
    this.scheduler = new BatchScheduler(latency.maxRunning);
    this.metrics = new Metrics(models);
  }

  stats(): SimStats {
    return {
      running: this.scheduler.running,
      waiting: this.scheduler.waiting,
      completed: this.completed,
      cancelled: this.cancelled,
      generatedTokens: this.generatedTokens,
    };
  }

  run(job: Job): Run {
    return new Run(this, job);
  }
}

type State = "new" | "waiting" | "running" | "done" | "cancelled";

/** Run is one job in flight. cancel() frees its slot at once, wherever it is. */
export class Run {
  private state: State = "new";
  private leaveQueue: (() => boolean) | undefined;
  private wakeQueue: (() => void) | undefined;
  private pacer: Pacer | undefined;
  private readonly m: ModelMetrics;

  constructor(
    private readonly engine: Engine,
    readonly job: Job,
  ) {
    this.m = engine.metrics.for(job.model);
  }

  /** emitted counts the tokens sent so far. */
  emitted = 0;

  private is(s: State): boolean {
    return this.state === s;
  }

  /** execute plays the job back through emit; it resolves with how it ended. */
  async execute(emit: Emit): Promise<"done" | "cancelled"> {
    const { engine, job, m } = this;
    const L = engine.latency;
    const arrival = performance.now();
    if (!this.is("new")) return "cancelled";
    if (engine.scheduler.tryAcquire()) {
      this.state = "running";
      m.running++;
    } else {
      this.state = "waiting";
      m.waiting++;
      await new Promise<void>((resolve) => {
        this.wakeQueue = resolve;
        this.leaveQueue = engine.scheduler.enqueue(() => {
          m.waiting--;
          m.running++;
          this.state = "running";
          resolve();
        });
      });
      if (!this.is("running")) return "cancelled";
    }
    const rand = prng(job.seed);
    const pacer = (this.pacer = new Pacer());
    await pacer.wait(jittered(prefillMs(L, job.promptTokens), L.jitter, rand));
    if (!this.is("running")) return "cancelled";
    m.promptTokens += job.promptTokens;
    let last = 0;
    for (let i = 0; i < job.tokens.length; i++) {
      if (i > 0) {
        await pacer.wait(jittered(tbtMs(L, engine.scheduler.running), L.jitter, rand));
        if (!this.is("running")) return "cancelled";
      }
      const now = performance.now();
      if (i === 0) m.ttft.observe((now - arrival) / 1000);
      else m.itl.observe((now - last) / 1000);
      last = now;
      m.generationTokens++;
      engine.generatedTokens++;
      this.emitted++;
      const pending = emit(job.tokens[i]!, i);
      if (pending) await pending;
      if (!this.is("running")) return "cancelled";
    }
    this.state = "done";
    m.running--;
    engine.scheduler.release();
    engine.completed++;
    m.succeeded(job.finishReason);
    m.e2e.observe((performance.now() - arrival) / 1000);
    return "done";
  }

  /** cancel stops the job where it is and frees its slot or its place in the queue. Idempotent. */
  cancel(): void {
    const was = this.state;
    if (was === "done" || was === "cancelled") return;
    this.state = "cancelled";
    this.engine.cancelled++;
    this.m.cancelled++;
    if (was === "waiting") {
      this.leaveQueue?.();
      this.m.waiting--;
      this.wakeQueue?.();
    } else if (was === "running") {
      this.m.running--;
      this.engine.scheduler.release();
      this.pacer?.wake();
    }
  }
}
