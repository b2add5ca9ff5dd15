import { Code, ConnectError } from "@springboard/runtime";

export interface LatencyOptions {
  /** latencyMs is the base delay added to every call. */
  latencyMs: number;
  /** jitterMs is the most a call may wait on top of latencyMs, drawn uniformly. */
  jitterMs: number;
}

/**
 * sleep waits ms, or rejects as soon as signal aborts, clearing its timer: a cancelled caller
 * leaves nothing behind.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(cancelled(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function cancelled(signal: AbortSignal): ConnectError {
  if (signal.reason instanceof ConnectError) return signal.reason;
  return new ConnectError("the call was cancelled before it was served", Code.Canceled);
}

/** simulateLatency waits as long as a call to the real internal service might take. */
export function simulateLatency(opts: LatencyOptions, signal: AbortSignal): Promise<void> {
  const ms = opts.latencyMs + (opts.jitterMs > 0 ? Math.random() * opts.jitterMs : 0);
  return sleep(ms, signal);
}
