import { fnv1a } from "@springboard/embeddings";

/** LatencyModel holds the continuous-batching settings, in milliseconds. */
export interface LatencyModel {
  /** maxRunning is the number of sequences decoded together; more requests wait in a queue. */
  maxRunning: number;
  prefillBaseMs: number;
  prefillMsPerToken: number;
  tbtBaseMs: number;
  tbtSlopeMs: number;
  /** jitter is the relative spread of every delay: 0.1 draws each from ±10% around its mean. */
  jitter: number;
}

export const DEFAULT_LATENCY: LatencyModel = {
  maxRunning: 64,
  prefillBaseMs: 15,
  prefillMsPerToken: 0.02,
  tbtBaseMs: 8,
  tbtSlopeMs: 0.25,
  jitter: 0.1,
};

/** prefillMs is the time from a free slot to the first token: base + prompt_tokens × per-token. */
export function prefillMs(m: LatencyModel, promptTokens: number): number {
  return m.prefillBaseMs + promptTokens * m.prefillMsPerToken;
}

/** tbtMs is the time between two tokens while `running` sequences share the batch. */
export function tbtMs(m: LatencyModel, running: number): number {
  return m.tbtBaseMs + m.tbtSlopeMs * running;
}

/** jittered scales ms by a factor drawn uniformly from [1 - jitter, 1 + jitter]. */
export function jittered(ms: number, jitter: number, rand: () => number): number {
  if (ms <= 0) return 0;
  if (jitter <= 0) return ms;
  return Math.max(0, ms * (1 + jitter * (2 * rand() - 1)));
}

/** prng is a small deterministic generator (mulberry32) returning numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** seedOf hashes any number of strings into a 32-bit seed. */
export function seedOf(...parts: string[]): number {
  return fnv1a(parts.join("\u0000"));
}

interface Waiter {
  grant: () => void;
}

/**
 * BatchScheduler admits at most maxRunning sequences at once; the others wait, first come first
 * served. A slot is released exactly once, whether the request finished or was cancelled.
 */
export class BatchScheduler {
  running = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly maxRunning: number) {}

  get waiting(): number {
    return this.queue.length;
  }

  /** tryAcquire takes a slot when one is free and nobody waits before us. */
  tryAcquire(): boolean {
    if (this.running < this.maxRunning && this.queue.length === 0) {
      this.running++;
      return true;
    }
    return false;
  }

  /** enqueue waits for a slot; grant runs once the slot is ours. It returns a function that leaves the queue. */
  enqueue(grant: () => void): () => boolean {
    const w: Waiter = { grant };
    this.queue.push(w);
    return () => {
      const i = this.queue.indexOf(w);
      if (i < 0) return false;
      this.queue.splice(i, 1);
      return true;
    };
  }

  release(): void {
    this.running--;
    while (this.running < this.maxRunning && this.queue.length > 0) {
      this.running++;
      this.queue.shift()!.grant();
    }
  }
}

const YIELD_EVERY = 8;

/**
 * Pacer sleeps until each token is due on a running schedule, so that timer granularity does not
 * add up: a token due in under a millisecond is written at once, and when there is nothing to wait
 * for it still yields to the event loop every few tokens.
 */
export class Pacer {
  private due: number;
  private sinceYield = 0;
  private timer: NodeJS.Timeout | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(start = performance.now()) {
    this.due = start;
  }

  async wait(ms: number): Promise<void> {
    const now = performance.now();
    // After a long stall (a slow reader), do not burst to catch up.
    if (this.due < now - 50) this.due = now;
    this.due += ms;
    const ahead = this.due - now;
    if (ahead >= 1) {
      this.sinceYield = 0;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.timer = setTimeout(resolve, ahead);
      });
      this.wakeUp = undefined;
      return;
    }
    if (++this.sinceYield >= YIELD_EVERY) {
      this.sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** wake ends the current sleep early. */
  wake(): void {
    clearTimeout(this.timer);
    this.wakeUp?.();
  }
}
