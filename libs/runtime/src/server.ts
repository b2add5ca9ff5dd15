import * as http from "node:http";
import { setMaxListeners } from "node:events";
import * as net from "node:net";
import * as grpc from "@grpc/grpc-js";
import type { DescService } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextValues,
  type ConnectRouter,
  type Interceptor,
  type ServiceImpl,
} from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Health } from "@springboard/proto/grpc/health/v1/health_pb.js";
import * as reflectionV1 from "@springboard/proto/grpc/reflection/v1/reflection_pb.js";
import * as reflectionV1alpha from "@springboard/proto/grpc/reflection/v1alpha/reflection_pb.js";
import { protoRegistry } from "@springboard/proto";
import { initTelemetry, serverInterceptor, type Telemetry } from "@springboard/telemetry";
import { newRequestId, REQUEST_ID_HEADER, requestIdKey } from "./context.js";
import { codeName } from "./errors.js";
import { grpcJsServer } from "./grpcjs.js";
import { HealthState, ServingStatus } from "./health.js";
import { createLogger, type Logger } from "./log.js";
import { reflectionImpls } from "./reflection.js";

/** ServiceBinding pairs a service descriptor with its implementation. */
export interface ServiceBinding<S extends DescService = DescService> {
  service: S;
  impl: Partial<ServiceImpl<S>>;
}

export function bind<S extends DescService>(service: S, impl: Partial<ServiceImpl<S>>): ServiceBinding {
  return { service, impl } as unknown as ServiceBinding;
}

type NodeHandler = Parameters<typeof connectNodeAdapter>[0]["fallback"] & {};
export type HttpRequest = Parameters<NodeHandler>[0];
export type HttpResponse = Parameters<NodeHandler>[1];

/** HttpRoute serves a plain HTTP request; it returns false when the path is not its own. */
export type HttpRoute = (req: HttpRequest, res: HttpResponse) => boolean | Promise<boolean>;

export interface ServiceOptions {
  /** name is the service's name, used in logs and metrics, for example "gateway". */
  name: string;
  /** port to listen on; 0 picks a free one. */
  port: number;
  /** host to listen on; defaults to all interfaces. */
  host?: string;
  /** services are the gRPC services to serve. */
  services: ServiceBinding[];
  /** http serves plain HTTP paths (for example /metrics or an OpenAI-compatible API) on the same port. */
  http?: HttpRoute[];
  /** shutdownGraceMs bounds how long in-flight calls may take to finish after SIGTERM. */
  shutdownGraceMs?: number;
  /** readMaxBytes caps one request message; larger ones are refused with RESOURCE_EXHAUSTED. */
  readMaxBytes?: number;
  logger?: Logger;
  /** telemetry to use; by default the process's, set up from OTEL_* variables on first use. */
  telemetry?: Telemetry;
}

export interface RunningService {
  readonly name: string;
  readonly port: number;
  /** address is host:port, for clients. */
  readonly address: string;
  readonly logger: Logger;
  readonly health: HealthState;
  readonly telemetry: Telemetry;
  /** inflight counts the calls being served, Health excluded. */
  inflight(): number;
  /** close drains: health goes NOT_SERVING, new calls are refused, in-flight calls get the grace period. */
  close(graceMs?: number): Promise<void>;
}

const PREFACE = "PRI";

const INFRASTRUCTURE = new Set<string>([Health.typeName, reflectionV1.ServerReflection.typeName, reflectionV1alpha.ServerReflection.typeName]);

/**
 * startService serves gRPC, gRPC-Web and Connect (over HTTP/2 cleartext and HTTP/1.1) and plain HTTP
 * routes on one port, with health, reflection, request ids, call logs and graceful shutdown.
 */
export async function startService(opts: ServiceOptions): Promise<RunningService> {
  const logger = opts.logger ?? createLogger(opts.name);
  // Trace context is handed from handler to downstream call explicitly (see downstream()), so the
  // process-wide async context tracking, which taxes every promise, is not needed.
  const telemetry = opts.telemetry ?? initTelemetry({ service: opts.name, asyncContext: false });
  const serviceNames = opts.services.map((s) => s.service.typeName);
  const health = new HealthState(serviceNames);
  const reflection = reflectionImpls(protoRegistry(), () => [...serviceNames, ...INFRASTRUCTURE]);
  const shutdown = new AbortController();
  // Every call in flight listens on the shutdown signal: there is no sensible listener limit.
  setMaxListeners(0, shutdown.signal);
  let draining = false;
  let inflight = 0;
  const idle = new Set<() => void>();
  const release = () => {
    inflight--;
    if (inflight === 0) for (const wake of idle) wake();
  };

  const lifecycle: Interceptor = (next) => async (req) => {
    const infrastructure = INFRASTRUCTURE.has(req.service.typeName);
    if (draining && !infrastructure) {
      throw new ConnectError(`${opts.name} is shutting down; retry on another replica`, Code.Unavailable);
    }
    const rid = req.header.get(REQUEST_ID_HEADER) || newRequestId();
    req.contextValues.set(requestIdKey, rid);
    if (infrastructure) return next(req);
    const started = performance.now();
    const done = (err?: unknown) => {
      const ms = Math.round((performance.now() - started) * 100) / 100;
      const code = err === undefined ? "OK" : codeName(ConnectError.from(err).code);
      const fields = { rpc: `${req.service.typeName}/${req.method.name}`, request_id: rid, code, ms };
      if (err === undefined || code === "CANCELED" || code === "INVALID_ARGUMENT" || code === "NOT_FOUND") logger.info(fields, "rpc");
      else logger.warn({ ...fields, err: ConnectError.from(err).rawMessage }, "rpc");
    };
    inflight++;
    let res;
    try {
      res = await next(req);
    } catch (e) {
      release();
      done(e);
      throw e;
    }
    res.header.set(REQUEST_ID_HEADER, rid);
    if (!res.stream) {
      release();
      done();
      return res;
    }
    const source = res.message;
    return {
      ...res,
      message: (async function* () {
        let err: unknown;
        try {
          yield* source;
        } catch (e) {
          err = e;
          throw e;
        } finally {
          release();
          done(err ?? (req.signal.aborted ? new ConnectError("client went away", Code.Canceled) : undefined));
        }
      })(),
    };
  };

  const bindings: ServiceBinding[] = [
    ...opts.services,
    bind(Health, health.impl()),
    bind(reflectionV1.ServerReflection, reflection.v1),
    bind(reflectionV1alpha.ServerReflection, reflection.v1alpha),
  ];
  const interceptors = [lifecycle, serverInterceptor(telemetry)];
  const readMaxBytes = opts.readMaxBytes ?? 4 * 1024 * 1024;
  const routes = (router: ConnectRouter) => {
    for (const { service, impl } of bindings) router.service(service, impl as ServiceImpl<DescService>);
  };
  // The service's own routes come first: llm-sim serves its vLLM-style /metrics itself.
  const httpRoutes = [...(opts.http ?? []), telemetry.metricsRoute];
  const handler = connectNodeAdapter({
    routes,
    interceptors,
    shutdownSignal: shutdown.signal,
    readMaxBytes,
    // Inside the cluster, compressing a few kilobytes costs more time than it saves on the wire;
    // compressed requests are still accepted.
    compressMinBytes: 1024 * 1024,
    contextValues: () => createContextValues(),
    fallback: (req, res) => {
      void (async () => {
        if (req.url === "/healthz") {
          const ok = health.get("") === ServingStatus.SERVING;
          res.writeHead(ok ? 200 : 503, { "content-type": "text/plain" });
          res.end(ok ? "ok\n" : "shutting down\n");
          return;
        }
        for (const route of httpRoutes) if (await route(req, res)) return;
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: `no route for ${req.method} ${req.url}` }));
      })().catch((e: unknown) => {
        logger.error({ err: e instanceof Error ? e.message : String(e), url: req.url }, "http route failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "internal error" }));
      });
    },
  });

  // gRPC over HTTP/2 is served by grpc-js (see grpcjs.ts for why); everything over HTTP/1.1 by
  // connect-node. Both run the same implementations behind the same interceptors.
  const grpcServer = grpcJsServer({ bindings, interceptors, shutdownSignal: shutdown.signal, readMaxBytes });
  const h2 = grpcServer.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  const h1 = http.createServer(handler);
  h1.keepAliveTimeout = 65_000;
  const sockets = new Set<net.Socket>();
  // HTTP/2 cleartext and HTTP/1.1 share the port: a connection that opens with the HTTP/2 preface
  // ("PRI * HTTP/2.0") goes to the HTTP/2 server, anything else to the HTTP/1.1 server.
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.setNoDelay(true);
    let head = Buffer.alloc(0);
    const sniff = () => {
      const chunk = socket.read() as Buffer | null;
      if (chunk === null) return;
      head = Buffer.concat([head, chunk]);
      // "POST" and "PUT" start like "PRI": decide only once three bytes are in.
      if (head.length < PREFACE.length && PREFACE.startsWith(head.toString("latin1"))) return;
      socket.off("readable", sniff);
      socket.unshift(head);
      if (head.toString("latin1", 0, PREFACE.length) === PREFACE) h2.injectConnection(socket);
      else h1.emit("connection", socket);
    };
    socket.on("readable", sniff);
  });
  await new Promise<void>((resolve, reject) => {
    listener.once("error", reject);
    listener.listen(opts.port, opts.host, () => {
      listener.off("error", reject);
      resolve();
    });
  });
  const bound = (listener.address() as net.AddressInfo).port;
  const address = `${opts.host && opts.host !== "0.0.0.0" && opts.host !== "::" ? opts.host : "localhost"}:${bound}`;
  logger.info({ port: bound, services: serviceNames }, "serving");

  let closing: Promise<void> | undefined;
  const close = (graceMs = opts.shutdownGraceMs ?? 10_000) => {
    closing ??= (async () => {
      draining = true;
      health.setAll(ServingStatus.NOT_SERVING);
      logger.info({ inflight, grace_ms: graceMs }, "draining");
      if (inflight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          idle.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      if (inflight > 0) {
        logger.warn({ inflight }, "grace period over; cancelling what is left");
        shutdown.abort(new ConnectError(`${opts.name} is shutting down`, Code.Unavailable));
      }
      // Every call has returned, but responses may still be on their way out: close connections
      // gracefully (HTTP/2 GOAWAY lets open streams finish) and force them only if they linger.
      const closed = new Promise<void>((resolve) => listener.close(() => resolve()));
      h2.drain(1_000);
      h1.closeIdleConnections();
      const force = setTimeout(() => {
        shutdown.abort(new ConnectError(`${opts.name} is shutting down`, Code.Unavailable));
        h2.destroy();
        grpcServer.forceShutdown();
        for (const socket of sockets) socket.destroy();
      }, 1_000);
      await closed;
      clearTimeout(force);
      h2.destroy();
      grpcServer.forceShutdown();
      logger.info("stopped");
    })();
    return closing;
  };

  return { name: opts.name, port: bound, address, logger, health, telemetry, inflight: () => inflight, close };
}

/**
 * runUntilSignalled closes the service gracefully on SIGTERM or SIGINT, then exits. A second
 * signal exits at once.
 */
export function runUntilSignalled(service: RunningService, onStopped?: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    service.logger.info({ signal }, "stopping");
    void service
      .close()
      .then(() => onStopped?.())
      .then(() => service.telemetry.shutdown())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          service.logger.error({ err: String(e) }, "stop failed");
          process.exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // A promise nobody awaited failing is a bug, nearly always in what is left of one request (a call
  // still under way when its turn was cancelled). Node would end the process, and with it every
  // conversation this replica serves: log it with its stack and keep serving.
  process.on("unhandledRejection", (reason) => {
    service.logger.error({ err: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) }, "unhandled promise rejection (a bug); still serving");
  });
}
