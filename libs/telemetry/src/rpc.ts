import type { DescMethod, DescService } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextKey,
  type ContextValues,
  type HandlerContext,
  type Interceptor,
  type StreamResponse,
} from "@connectrpc/connect";
import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Histogram,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
  type UpDownCounter,
} from "@opentelemetry/api";
import { ACTIVE_STREAMS, RPC_CLIENT_DURATION, RPC_SERVER_DURATION } from "./names.js";
import type { Telemetry } from "./telemetry.js";

/**
 * traceContextKey holds, in a handler's context values, the OpenTelemetry context of the server
 * span serving the call. The client interceptor reads it from a call's contextValues too.
 */
export const traceContextKey = createContextKey<Context | undefined>(undefined, { description: "OpenTelemetry context" });

const headerGetter: TextMapGetter<Headers> = {
  get: (h, key) => h.get(key) ?? undefined,
  keys: (h) => [...h.keys()],
};
const headerSetter: TextMapSetter<Headers> = {
  set: (h, key, value) => h.set(key, value),
};

/** traceContext returns the trace context of the call a handler is serving (the root context if none). */
export function traceContext(ctx: HandlerContext | ContextValues): Context {
  const values = "values" in ctx ? ctx.values : ctx;
  return values.get(traceContextKey) ?? ROOT_CONTEXT;
}

/**
 * traceHeaders returns the headers (traceparent, tracestate, baggage) that carry the trace of the
 * call a handler is serving to a downstream call. It does not depend on async context surviving
 * the handler's awaits and generators. Empty when the call is not traced.
 */
export function traceHeaders(ctx: HandlerContext | ContextValues): Record<string, string> {
  const carrier: Record<string, string> = {};
  const c = ("values" in ctx ? ctx.values : ctx).get(traceContextKey);
  if (c !== undefined) propagation.inject(c, carrier);
  return carrier;
}

/** withTraceContext runs fn with the handler's trace context active, for code that starts its own spans. */
export function withTraceContext<T>(ctx: HandlerContext, fn: () => T): T {
  return context.with(traceContext(ctx), fn);
}

// Per the gRPC conventions, a server span is an error only for these codes; a client span for any
// code but OK. CANCELED is the caller's choice and marks neither.
const SERVER_ERRORS = new Set<number>([Code.Unknown, Code.DeadlineExceeded, Code.Unimplemented, Code.Internal, Code.Unavailable, Code.DataLoss]);

interface MethodInfo {
  readonly name: string;
  readonly skip: boolean;
  readonly streaming: boolean;
  readonly spanAttrs: Attributes;
  readonly streamAttrs: Attributes;
  readonly metricAttrs: (Attributes | undefined)[];
}

const methods = new WeakMap<DescMethod, MethodInfo>();

function methodInfo(method: DescMethod, service: DescService): MethodInfo {
  let info = methods.get(method);
  if (info === undefined) {
    const base = { "rpc.system": "grpc", "rpc.service": service.typeName, "rpc.method": method.name };
    info = {
      name: `${service.typeName}/${method.name}`,
      // Health checks and reflection would only add noise to traces.
      skip: service.typeName.startsWith("grpc."),
      streaming: method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming",
      spanAttrs: base,
      streamAttrs: { "rpc.service": service.typeName, "rpc.method": method.name },
      metricAttrs: [],
    };
    methods.set(method, info);
  }
  return info;
}

function metricAttrs(info: MethodInfo, code: number): Attributes {
  let a = info.metricAttrs[code];
  if (a === undefined) {
    a = { ...info.spanAttrs, "rpc.grpc.status_code": code };
    info.metricAttrs[code] = a;
  }
  return a;
}

interface RpcInstruments {
  serverDuration: Histogram;
  clientDuration: Histogram;
  activeStreams: UpDownCounter;
}

const instruments = new WeakMap<Telemetry, RpcInstruments>();

function rpcInstruments(t: Telemetry): RpcInstruments {
  let i = instruments.get(t);
  if (i === undefined) {
    i = {
      serverDuration: t.meter.createHistogram(RPC_SERVER_DURATION, { unit: "ms", description: "Duration of inbound RPCs, until the last response message for streams." }),
      clientDuration: t.meter.createHistogram(RPC_CLIENT_DURATION, { unit: "ms", description: "Duration of outbound RPCs, until the last response message for streams." }),
      activeStreams: t.meter.createUpDownCounter(ACTIVE_STREAMS, { unit: "{stream}", description: "Server-streaming calls being served." }),
    };
    instruments.set(t, i);
  }
  return i;
}

type Finish = (err: unknown) => void;

/**
 * TracedStream relays a response stream: it resumes the source inside the span's context (an
 * async generator's body runs in the context of whoever calls next()) and finishes the span when
 * the stream ends, fails, is returned early or its call is aborted.
 */
class TracedStream<T> implements AsyncIterableIterator<T> {
  private it: AsyncIterator<T> | undefined;
  private finished = false;
  private readonly onAbort = () => this.finish(new ConnectError("call aborted", Code.Canceled));

  constructor(
    private readonly source: AsyncIterable<T>,
    private readonly ctx: Context | undefined,
    private readonly signal: AbortSignal,
    private readonly done: Finish,
  ) {
    if (signal.aborted) this.onAbort();
    else signal.addEventListener("abort", this.onAbort, { once: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    const ctx = this.ctx;
    const it = (this.it ??= ctx === undefined ? this.source[Symbol.asyncIterator]() : context.with(ctx, () => this.source[Symbol.asyncIterator]()));
    return (ctx === undefined ? it.next() : context.with(ctx, () => it.next())).then(
      (r) => {
        if (r.done === true) this.finish(undefined);
        return r;
      },
      (e: unknown) => {
        this.finish(e);
        throw e;
      },
    );
  }

  return(value?: unknown): Promise<IteratorResult<T>> {
    this.finish(new ConnectError("stream closed early", Code.Canceled));
    const r = this.it?.return?.(value);
    return r ?? Promise.resolve({ done: true, value: value as T });
  }

  throw(e?: unknown): Promise<IteratorResult<T>> {
    this.finish(e);
    const r = this.it?.throw?.(e);
    return r ?? Promise.reject(e);
  }

  private finish(err: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.signal.removeEventListener("abort", this.onAbort);
    this.done(err);
  }
}

function endSpan(span: Span, code: number, err: unknown, isError: boolean): void {
  span.setAttribute("rpc.grpc.status_code", code);
  if (isError) {
    const ce = ConnectError.from(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: ce.rawMessage });
    span.recordException(ce);
  }
  span.end();
}

/**
 * serverInterceptor traces every inbound call (W3C trace context from the request headers, a server
 * span named "<package.Service>/<Method>" that the handler runs inside) and records
 * rpc.server.duration and, for server-streaming calls, springboard.active_streams.
 */
export function serverInterceptor(telemetry: Telemetry): Interceptor {
  const { serverDuration, activeStreams } = rpcInstruments(telemetry);
  const tracer = telemetry.tracer;
  return (next) => async (req) => {
    const info = methodInfo(req.method, req.service);
    if (info.skip) return next(req);
    const started = performance.now();
    const parent = req.header.has("traceparent") ? propagation.extract(ROOT_CONTEXT, req.header, headerGetter) : ROOT_CONTEXT;
    const span = tracer.startSpan(info.name, { kind: SpanKind.SERVER, attributes: info.spanAttrs }, parent);
    const ctx = trace.setSpan(parent, span);
    req.contextValues.set(traceContextKey, ctx);
    if (info.streaming) activeStreams.add(1, info.streamAttrs);
    const finish: Finish = (err) => {
      const code = err === undefined ? 0 : ConnectError.from(err).code;
      serverDuration.record(performance.now() - started, metricAttrs(info, code));
      if (info.streaming) activeStreams.add(-1, info.streamAttrs);
      endSpan(span, code, err, SERVER_ERRORS.has(code));
    };
    let res;
    try {
      res = await context.with(ctx, next, undefined, req);
    } catch (e) {
      finish(e);
      throw e;
    }
    if (!res.stream) {
      finish(undefined);
      return res;
    }
    return { ...res, message: new TracedStream(res.message, ctx, req.signal, finish) } as StreamResponse;
  };
}

interface Peer {
  readonly spanAttrs: Attributes;
}

const peers = new Map<string, Peer>();

function peerInfo(info: MethodInfo, url: string): Peer {
  let p = peers.get(url);
  if (p === undefined) {
    const attrs: Attributes = { ...info.spanAttrs };
    const start = url.indexOf("://");
    const end = start < 0 ? -1 : url.indexOf("/", start + 3);
    const hostPort = start < 0 ? "" : end < 0 ? url.slice(start + 3) : url.slice(start + 3, end);
    const colon = hostPort.lastIndexOf(":");
    if (hostPort !== "") {
      attrs["server.address"] = colon > 0 && !hostPort.endsWith("]") ? hostPort.slice(0, colon) : hostPort;
      if (colon > 0 && !hostPort.endsWith("]")) attrs["server.port"] = Number(hostPort.slice(colon + 1));
    }
    p = { spanAttrs: attrs };
    if (peers.size < 1024) peers.set(url, p);
  }
  return p;
}

function parentContext(req: { header: Headers; contextValues: ContextValues }): Context {
  const active = context.active();
  const activeSc = trace.getSpanContext(active);
  let explicit = req.contextValues.get(traceContextKey);
  if (explicit === undefined && req.header.has("traceparent")) explicit = propagation.extract(ROOT_CONTEXT, req.header, headerGetter);
  if (activeSc !== undefined && isSpanContextValid(activeSc)) {
    // The active span wins when it belongs to the same trace (it may be a child the handler
    // started); an explicit parent from another trace means the async context was wrong.
    const explicitSc = explicit && trace.getSpanContext(explicit);
    if (explicitSc === undefined || explicitSc.traceId === activeSc.traceId) return active;
  }
  return explicit ?? active;
}

/**
 * clientInterceptor traces every outbound call: a client span, child of the active span, or of the
 * context given in the call's contextValues (traceContextKey), or of a traceparent header already
 * set on the call (traceHeaders); it injects the span's traceparent and records rpc.client.duration.
 */
export function clientInterceptor(telemetry: Telemetry): Interceptor {
  const { clientDuration } = rpcInstruments(telemetry);
  const tracer = telemetry.tracer;
  return (next) => async (req) => {
    const info = methodInfo(req.method, req.service);
    if (info.skip) return next(req);
    const started = performance.now();
    const parent = parentContext(req);
    const span = tracer.startSpan(info.name, { kind: SpanKind.CLIENT, attributes: peerInfo(info, req.url).spanAttrs }, parent);
    const ctx = trace.setSpan(parent, span);
    propagation.inject(ctx, req.header, headerSetter);
    const finish: Finish = (err) => {
      const code = err === undefined ? 0 : ConnectError.from(err).code;
      clientDuration.record(performance.now() - started, metricAttrs(info, code));
      endSpan(span, code, err, code !== 0 && code !== Code.Canceled);
    };
    let res;
    try {
      res = await next(req);
    } catch (e) {
      finish(e);
      throw e;
    }
    if (!res.stream) {
      finish(undefined);
      return res;
    }
    return { ...res, message: new TracedStream(res.message, undefined, req.signal, finish) } as StreamResponse;
  };
}
