import { randomUUID } from "node:crypto";
import { createContextKey, type CallOptions, type HandlerContext } from "@connectrpc/connect";
import { traceHeaders } from "@springboard/telemetry";

/** REQUEST_ID_HEADER carries a request's id across every hop. */
export const REQUEST_ID_HEADER = "x-request-id";

/** requestIdKey holds the request id in a handler's context values. */
export const requestIdKey = createContextKey<string>("", { description: "request id" });

export function newRequestId(): string {
  return randomUUID();
}

/** requestId returns the id of the request a handler is serving. */
export function requestId(ctx: HandlerContext): string {
  return ctx.values.get(requestIdKey);
}

/**
 * downstream returns the options for a call made while serving ctx: the caller's cancellation and
 * remaining deadline carry over, and so do the request id and the trace context. A tighter timeout
 * may be given.
 */
export function downstream(ctx: HandlerContext, timeoutMs?: number): CallOptions {
  const remaining = ctx.timeoutMs();
  const effective = remaining === undefined ? timeoutMs : timeoutMs === undefined ? remaining : Math.min(remaining, timeoutMs);
  return {
    signal: ctx.signal,
    timeoutMs: effective === undefined ? undefined : Math.max(1, Math.floor(effective)),
    headers: { ...traceHeaders(ctx), [REQUEST_ID_HEADER]: requestId(ctx) },
  };
}
