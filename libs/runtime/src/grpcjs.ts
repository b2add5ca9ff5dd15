/**
 * The gRPC-over-HTTP/2 path on @grpc/grpc-js, behind the same interfaces as the rest of the runtime:
 * services stay connect ServiceImpls with connect Interceptors, and clients stay connect Clients.
 *
 * Measured on the three-hop relay (time to the first message of a new stream and messages per
 * second at 50 streams), grpc-js serves and calls streams at about twice the rate of connect-node,
 * so it carries every hop inside the cluster; connect-node keeps serving gRPC-Web, Connect and
 * plain HTTP over HTTP/1.1.
 */
import { setMaxListeners } from "node:events";
import * as grpc from "@grpc/grpc-js";
import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type DescMethod,
  type DescMethodStreaming,
  type DescMethodUnary,
  type DescService,
  type MessageInitShape,
  type MessageShape,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  type ContextValues,
  type HandlerContext,
  type Interceptor,
  type StreamRequest,
  type StreamResponse,
  type Transport,
  type UnaryRequest,
  type UnaryResponse,
} from "@connectrpc/connect";
import type { ServiceBinding } from "./server.js";

const STREAMING_IN = new Set(["client_streaming", "bidi_streaming"]);
const STREAMING_OUT = new Set(["server_streaming", "bidi_streaming"]);

/**
 * FINISHED is the reason a call's context is aborted with once its handler is done, which cancels
 * whatever downstream calls still hold the context's signal. One shared instance: an abort without
 * a reason allocates a DOMException with a stack trace on every call.
 */
const FINISHED = new ConnectError("the call has finished", Code.Canceled);
/** CALLER_GONE is the reason a call's context is aborted with when its caller cancels or disconnects. */
const CALLER_GONE = new ConnectError("the caller went away", Code.Canceled);

/** Keep-alive settings shared by both ends, so a client's pings are never refused as too many. */
const KEEPALIVE_MS = 15_000;

function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

function serializer<T extends DescMessage>(schema: T): (m: unknown) => Buffer {
  return (m) => {
    const bytes = toBinary(schema, create(schema, m as MessageInitShape<T>));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer<T extends DescMessage>(schema: T) {
  return (b: Buffer) => fromBinary(schema, b);
}

interface Codec {
  path: string;
  serialize: (m: unknown) => Buffer;
  deserialize: (b: Buffer) => unknown;
}

const codecs = new WeakMap<DescMethod, Codec>();

/** codec is a client call's path and (de)serializers, made once per method. */
function codec(method: DescMethod): Codec {
  let c = codecs.get(method);
  if (c === undefined) {
    c = { path: methodPath(method), serialize: serializer(method.input), deserialize: deserializer(method.output) };
    codecs.set(method, c);
  }
  return c;
}

/** responseHeaders collects a client call's headers and trailers as they arrive. */
function responseHeaders(call: { on(event: "metadata", fn: (md: grpc.Metadata) => void): unknown; on(event: "status", fn: (s: grpc.StatusObject) => void): unknown }) {
  const header = new Headers();
  const trailer = new Headers();
  call.on("metadata", (md) => headersFrom(md, header));
  call.on("status", (s) => headersFrom(s.metadata, trailer));
  return { header, trailer };
}

/** headersFrom turns gRPC metadata into fetch Headers; binary values are base64, as connect expects. */
function headersFrom(md: grpc.Metadata | undefined, into = new Headers()): Headers {
  if (md === undefined) return into;
  for (const [key, values] of Object.entries(md.toJSON())) {
    for (const v of values) into.append(key, typeof v === "string" ? v : v.toString("base64"));
  }
  return into;
}

const RESERVED = /^(?:content-type|te|user-agent|grpc-.*|:.*)$/;

/** metadataFrom turns fetch Headers into gRPC metadata, leaving out what the transport owns. */
function metadataFrom(h: Headers | undefined): grpc.Metadata {
  const md = new grpc.Metadata();
  if (h === undefined) return md;
  h.forEach((value, key) => {
    if (RESERVED.test(key)) return;
    if (key.endsWith("-bin")) md.add(key, Buffer.from(value, "base64"));
    else md.add(key, value);
  });
  return md;
}

/**
 * failure is what a call that threw reports: DEADLINE_EXCEEDED once its own deadline has passed,
 * rather than what that did downstream (a call it cut short fails with CANCELLED), so that callers
 * see the same status whichever timer fires first.
 */
function failure(e: unknown, ctx: HandlerContext | undefined): unknown {
  const reason: unknown = ctx?.signal.aborted ? ctx.signal.reason : undefined;
  return reason instanceof ConnectError && reason.code === Code.DeadlineExceeded ? reason : e;
}

function statusFrom(e: unknown): Partial<grpc.StatusObject> {
  const err = ConnectError.from(e);
  return { code: err.code as number as grpc.status, details: err.rawMessage, metadata: metadataFrom(err.metadata) };
}

function errorFrom(e: unknown): ConnectError {
  if (e instanceof ConnectError) return e;
  const s = e as Partial<grpc.ServiceError>;
  if (typeof s.code === "number") return new ConnectError(s.details ?? "", s.code as number as Code, headersFrom(s.metadata));
  return ConnectError.from(e);
}

function compose<T>(interceptors: Interceptor[], next: T): T {
  let fn = next;
  for (let i = interceptors.length - 1; i >= 0; i--) fn = interceptors[i]!(fn as never) as T;
  return fn;
}

type AnyCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerReadableStream<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>;

/**
 * CallContext is the connect HandlerContext of one grpc-js call: deadline, cancellation, headers.
 * It is connect's createHandlerContext made for a hot path: one AbortController per call (connect
 * links two, each with listeners, and copies every header set), a deadline timer only for a call
 * that has a deadline, and no listener of its own on the server's shutdown signal: the server
 * aborts the calls still open instead.
 */
class CallContext implements HandlerContext {
  readonly requestMethod = "POST";
  readonly protocolName = "grpc";
  readonly responseHeader = new Headers();
  readonly responseTrailer = new Headers();
  readonly values: ContextValues = createContextValues();
  readonly signal: AbortSignal;
  readonly url: string;
  private readonly controller = new AbortController();
  private readonly deadline: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly service: DescService,
    readonly method: DescMethod,
    readonly requestHeader: Headers,
    timeoutMs: number | undefined,
    private readonly open: Set<CallContext>,
  ) {
    this.url = methodPath(method);
    this.signal = this.controller.signal;
    // Every downstream call and stream of the handler listens on it until it ends: a turn with
    // many skill calls passes Node's default of 10 without leaking any.
    setMaxListeners(0, this.signal);
    if (timeoutMs !== undefined) {
      this.deadline = Date.now() + timeoutMs;
      this.timer = setTimeout(() => this.abort(DEADLINE_PASSED), timeoutMs);
    }
    open.add(this);
  }

  readonly timeoutMs = (): number | undefined => (this.deadline === undefined ? undefined : this.deadline - Date.now());

  /** abort ends the call's context once, with the reason its signal carries. */
  abort(reason: unknown): void {
    if (this.controller.signal.aborted) return;
    clearTimeout(this.timer);
    this.open.delete(this);
    this.controller.abort(reason);
  }
}

/** DEADLINE_PASSED is what a call's signal carries when its deadline passes. */
const DEADLINE_PASSED = new ConnectError("the operation timed out", Code.DeadlineExceeded);

/** handlerContext makes the context of a grpc-js call and ends it when the caller goes away. */
function handlerContext(service: DescService, method: DescMethod, call: AnyCall, open: Set<CallContext>): CallContext {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  const ctx = new CallContext(service, method, headersFrom(call.metadata), Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined, open);
  // grpc-js reports "cancelled" whenever the stream closes, also after the status was sent: only a
  // call still running has a caller that went away.
  (call as grpc.ServerUnaryCall<unknown, unknown>).once("cancelled", () => ctx.abort(CALLER_GONE));
  return ctx;
}

/**
 * readAll reads a call's incoming messages as an async iterable, with flow control. Node's own
 * Readable iterator is not used: it destroys the stream when the iteration ends, and with it the
 * writable half that still has to carry the responses and the status.
 */
function readAll(call: grpc.ServerReadableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>, signal: AbortSignal): AsyncIterable<never> {
  return messageQueue(call as unknown as MessageSource, signal);
}

/** writeAll writes messages with flow control and stops early when the caller goes away. */
async function writeAll(call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>, messages: AsyncIterable<unknown>, ctx: HandlerContext): Promise<void> {
  for await (const m of messages) {
    if (call.cancelled || ctx.signal.aborted) return;
    if (!call.write(m)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          call.off("drain", done);
          ctx.signal.removeEventListener("abort", done);
          resolve();
        };
        call.on("drain", done);
        ctx.signal.addEventListener("abort", done);
      });
    }
  }
}

export interface GrpcJsServerOptions {
  bindings: ServiceBinding[];
  interceptors: Interceptor[];
  shutdownSignal: AbortSignal;
  readMaxBytes: number;
}

/** grpcJsServer serves connect service implementations on a grpc-js server, interceptors included. */
export function grpcJsServer(opts: GrpcJsServerOptions): grpc.Server {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": opts.readMaxBytes,
    "grpc.max_send_message_length": -1,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.http2.min_ping_interval_without_data_ms": KEEPALIVE_MS / 3,
    "grpc.keepalive_time_ms": 2 * 60_000,
  });
  const open = new Set<CallContext>();
  const shutDown = () => {
    for (const ctx of [...open]) ctx.abort(opts.shutdownSignal.reason);
  };
  if (opts.shutdownSignal.aborted) shutDown();
  else opts.shutdownSignal.addEventListener("abort", shutDown, { once: true });
  for (const { service, impl } of opts.bindings) {
    const definition: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const method of service.methods) {
      const fn = (impl as Record<string, unknown>)[method.localName] as ((req: unknown, ctx: HandlerContext) => unknown) | undefined;
      if (fn === undefined) continue;
      definition[method.localName] = {
        path: methodPath(method),
        requestStream: STREAMING_IN.has(method.methodKind),
        responseStream: STREAMING_OUT.has(method.methodKind),
        requestSerialize: serializer(method.input),
        requestDeserialize: deserializer(method.input),
        responseSerialize: serializer(method.output),
        responseDeserialize: deserializer(method.output),
        originalName: method.localName,
      };
      handlers[method.localName] = handler(service, method, fn.bind(impl), opts, open);
    }
    server.addService(definition as grpc.ServiceDefinition, handlers);
  }
  return server;
}

function handler(
  service: DescService,
  method: DescMethod,
  fn: (req: unknown, ctx: HandlerContext) => unknown,
  opts: GrpcJsServerOptions,
  open: Set<CallContext>,
): grpc.UntypedHandleCall {
  const streamingOut = STREAMING_OUT.has(method.methodKind);
  const streamingIn = STREAMING_IN.has(method.methodKind);
  const output = method.output;

  const serve = async (call: AnyCall): Promise<{ header: Headers; trailer: Headers; message?: unknown; messages?: AsyncIterable<unknown>; ctx: CallContext }> => {
    const ctx = handlerContext(service, method, call, open);
    const common = { service, method, requestMethod: "POST", url: ctx.url, signal: ctx.signal, header: ctx.requestHeader, contextValues: ctx.values };
    const input = streamingIn ? readAll(call as grpc.ServerReadableStream<unknown, unknown>, ctx.signal) : (call as grpc.ServerUnaryCall<unknown, unknown>).request;
    try {
      if (!streamingOut && !streamingIn) {
        const next = async (req: UnaryRequest): Promise<UnaryResponse> => ({
          stream: false,
          service,
          method: method as DescMethodUnary,
          header: ctx.responseHeader,
          trailer: ctx.responseTrailer,
          message: create(output, (await fn(req.message, ctx)) as MessageInitShape<DescMessage>),
        });
        const res = await compose(opts.interceptors, next)({ ...common, stream: false, method: method as DescMethodUnary, message: input } as UnaryRequest);
        return { header: res.header, trailer: res.trailer, message: res.message, ctx };
      }
      const next = async (req: StreamRequest): Promise<StreamResponse> => {
        const out = streamingOut ? (fn(req.message, ctx) as AsyncIterable<unknown>) : oneMessage(fn(req.message, ctx));
        return { stream: true, service, method: method as DescMethodStreaming, header: ctx.responseHeader, trailer: ctx.responseTrailer, message: out as AsyncIterable<never> };
      };
      const res = await compose(opts.interceptors, next)({ ...common, stream: true, method: method as DescMethodStreaming, message: input } as StreamRequest);
      return { header: res.header, trailer: res.trailer, messages: res.message, ctx };
    } catch (e) {
      const err = failure(e, ctx);
      ctx.abort(FINISHED);
      throw err;
    }
  };

  if (!streamingOut) {
    // Unary and client streaming answer through a callback.
    return (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      void (async () => {
        let ctx: CallContext | undefined;
        try {
          const res = await serve(call);
          ctx = res.ctx;
          let message = res.message;
          if (res.messages !== undefined) for await (const m of res.messages) message = m;
          call.sendMetadata(metadataFrom(res.header));
          callback(null, message, metadataFrom(res.trailer));
        } catch (e) {
          callback(statusFrom(e) as grpc.ServerErrorResponse);
        } finally {
          ctx?.abort(FINISHED);
        }
      })();
    };
  }
  return (call: grpc.ServerWritableStream<unknown, unknown>) => {
    void (async () => {
      let ctx: CallContext | undefined;
      try {
        const res = await serve(call);
        ctx = res.ctx;
        let sent = false;
        const withHeader = async function* () {
          for await (const m of res.messages!) {
            if (!sent) {
              sent = true;
              call.sendMetadata(metadataFrom(res.header));
            }
            yield m;
          }
        };
        await writeAll(call, withHeader(), ctx);
        if (!sent) call.sendMetadata(metadataFrom(res.header));
        if (!call.cancelled) call.end(metadataFrom(res.trailer));
      } catch (e) {
        if (!call.cancelled) call.emit("error", statusFrom(failure(e, ctx)));
      } finally {
        ctx?.abort(FINISHED);
      }
    })();
  };
}

async function* oneMessage(m: unknown): AsyncIterable<unknown> {
  yield await m;
}

export interface GrpcJsTransportOptions {
  interceptors?: Interceptor[];
  /** readMaxBytes caps one response message. */
  readMaxBytes?: number;
}

/**
 * grpcJsTransport is a connect Transport over one grpc-js channel to an address: typed connect
 * clients, interceptors, deadlines and cancellation work as with connect's own transports.
 */
export function grpcJsTransport(address: string, opts: GrpcJsTransportOptions = {}): Transport & { close(): void } {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
    "grpc.keepalive_time_ms": KEEPALIVE_MS,
    "grpc.keepalive_timeout_ms": 10_000,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.max_receive_message_length": opts.readMaxBytes ?? 64 * 1024 * 1024,
    "grpc.max_send_message_length": -1,
    "grpc.enable_retries": 0,
    "grpc.client_idle_timeout_ms": 5 * 60_000,
  });
  const interceptors = opts.interceptors ?? [];
  const request = (method: DescMethod, header: ConstructorParameters<typeof Headers>[0], contextValues: ContextValues | undefined) => ({
    service: method.parent,
    requestMethod: "POST",
    url: `http://${address}${methodPath(method)}`,
    header: new Headers(header),
    contextValues: contextValues ?? createContextValues(),
  });
  // grpc-js alone keeps the deadline: it sends grpc-timeout upstream and ends the call with
  // DEADLINE_EXCEEDED. A second timer on the connect side would race it and sometimes report the
  // expiry as CANCELLED.
  const options = (timeoutMs: number | undefined): grpc.CallOptions => (timeoutMs === undefined ? {} : { deadline: Date.now() + timeoutMs });

  return {
    close: () => client.close(),
    unary<I extends DescMessage, O extends DescMessage>(
      method: DescMethodUnary<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: ConstructorParameters<typeof Headers>[0],
      input: MessageInitShape<I>,
      contextValues?: ContextValues,
    ): Promise<UnaryResponse<I, O>> {
      const next = (req: UnaryRequest<I, O>): Promise<UnaryResponse<I, O>> =>
        new Promise((resolve, reject) => {
          if (req.signal.aborted) return reject(cancelled(req.signal));
          const { path, serialize, deserialize } = codec(method);
          const call = client.makeUnaryRequest(path, serialize, deserialize, req.message, metadataFrom(req.header), options(timeoutMs), (err, value) => {
            if (req.signal !== NEVER) req.signal.removeEventListener("abort", cancel);
            if (err) reject(errorFrom(err));
            else resolve({ stream: false, service: method.parent, method, ...headers, message: value as MessageShape<O> });
          });
          const headers = responseHeaders(call);
          const cancel = () => call.cancel();
          if (req.signal !== NEVER) req.signal.addEventListener("abort", cancel);
        });
      const req: UnaryRequest<I, O> = { ...request(method, header, contextValues), stream: false, method, message: create(method.input, input), signal: signal ?? NEVER };
      return compose(interceptors, next as never as UnaryFn)(req as never).then(undefined, (e: unknown) => Promise.reject(ConnectError.from(e))) as Promise<UnaryResponse<I, O>>;
    },
    stream<I extends DescMessage, O extends DescMessage>(
      method: DescMethodStreaming<I, O>,
      signal: AbortSignal | undefined,
      timeoutMs: number | undefined,
      header: ConstructorParameters<typeof Headers>[0],
      input: AsyncIterable<MessageInitShape<I>>,
      contextValues?: ContextValues,
    ): Promise<StreamResponse<I, O>> {
      const next = async (req: StreamRequest<I, O>): Promise<StreamResponse<I, O>> => {
        if (req.signal.aborted) throw cancelled(req.signal);
        // Every streaming kind is the same exchange on the wire: messages in, messages out.
        const { path, serialize, deserialize } = codec(method);
        const call: Duplex = client.makeBidiStreamRequest(path, serialize, deserialize, metadataFrom(req.header), options(timeoutMs));
        const { header, trailer } = responseHeaders(call);
        const outgoing = (req.message as AsyncIterable<unknown>)[Symbol.asyncIterator]();
        const cancel = () => {
          call.cancel();
          // The messages still to send will not be read: let their source clean up.
          outgoing.return?.().catch(() => {});
        };
        req.signal.addEventListener("abort", cancel);
        const messages = messageQueue(call, undefined, () => req.signal.removeEventListener("abort", cancel), cancel);
        void send(call, outgoing);
        return { stream: true, service: method.parent, method, header, trailer, message: messages };
      };
      const req: StreamRequest<I, O> = { ...request(method, header, contextValues), stream: true, method, message: input as AsyncIterable<MessageShape<I>>, signal: signal ?? NEVER };
      return compose(interceptors, next as never as StreamFn)(req as never).then(undefined, (e: unknown) => Promise.reject(ConnectError.from(e))) as Promise<StreamResponse<I, O>>;
    },
  };
}

type UnaryFn = (req: UnaryRequest) => Promise<UnaryResponse>;
type StreamFn = (req: StreamRequest) => Promise<StreamResponse>;

/**
 * NEVER is the signal of a call made without one. Connect's own call runner links a new
 * AbortController to every call and aborts it when the call ends (an abort without a reason
 * builds a DOMException with a stack); calls here are cancelled through the caller's signal alone
 * and grpc-js keeps the deadline.
 */
const NEVER = new AbortController().signal;
// Interceptors may listen on it for every call in flight; it never fires, so none is a leak.
setMaxListeners(0, NEVER);

/** cancelled is the error of a call whose signal was aborted before it started. */
function cancelled(signal: AbortSignal): ConnectError {
  return signal.reason instanceof ConnectError ? signal.reason : new ConnectError("the call was cancelled before it started", Code.Canceled);
}

type Duplex = grpc.ClientDuplexStream<unknown, unknown>;

async function send(call: Duplex, input: AsyncIterator<unknown>): Promise<void> {
  try {
    for (;;) {
      const r = await input.next();
      if (r.done === true) break;
      if (!call.write(r.value)) await new Promise((resolve) => call.once("drain", resolve));
    }
    call.end();
  } catch {
    call.cancel();
    input.return?.().catch(() => {});
  }
}

/** MessageSource is the readable half of a grpc-js call, client or server side. */
interface MessageSource {
  on(event: "data", fn: (m: unknown) => void): void;
  on(event: "end", fn: () => void): void;
  on(event: "error", fn: (e: unknown) => void): void;
  pause(): void;
  resume(): void;
  isPaused(): boolean;
}

/**
 * messageQueue turns a call's readable half into an async iterable: it pauses the call while 64
 * messages wait, ends with the stream, and fails with its error (or when signal aborts).
 */
function messageQueue(source: MessageSource, signal: AbortSignal | undefined, finished?: () => void, stop?: () => void): AsyncIterable<never> {
  const queue: unknown[] = [];
  let ended = false;
  let failure: ConnectError | undefined;
  let wake: (() => void) | undefined;
  const settle = (err?: ConnectError) => {
    if (ended) return;
    ended = true;
    failure = err;
    finished?.();
    const w = wake;
    wake = undefined;
    w?.();
  };
  source.on("data", (m) => {
    queue.push(m);
    if (queue.length >= 64) source.pause();
    const w = wake;
    wake = undefined;
    w?.();
  });
  source.on("end", () => settle());
  source.on("error", (e) => settle(errorFrom(e)));
  signal?.addEventListener("abort", () => settle(ConnectError.from(signal.reason ?? new ConnectError("cancelled", Code.Canceled))), { once: true });
  return {
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<never>> {
          for (;;) {
            if (queue.length > 0) {
              const value = queue.shift();
              if (queue.length < 16 && source.isPaused()) source.resume();
              return { done: false, value: value as never };
            }
            if (failure !== undefined) throw failure;
            if (ended) return { done: true, value: undefined };
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        async return(): Promise<IteratorResult<never>> {
          if (!ended) stop?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
