// Cost of the telemetry interceptors, client and server side together.
// 1. The interceptors alone, around a no-op call: microseconds per RPC.
// 2. Unary calls through connect-node over h2c on loopback, both ends in this process: calls/s
//    and CPU per call, with and without the interceptors.
// Run: node libs/telemetry/dist/test/interceptors.bench.js   (BENCH_SECONDS=3 by default)
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createContextValues, type Interceptor, type UnaryRequest, type UnaryResponse } from "@connectrpc/connect";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { clientInterceptor, initTelemetry, serverInterceptor, type Telemetry } from "../src/index.js";
import { client, serve } from "./helpers.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

async function sink(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("{}"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function interceptorsOnly(t: Telemetry | undefined): Promise<number> {
  const method = RouterService.method.route;
  const signal = new AbortController().signal;
  const response = { stream: false, service: RouterService, method, header: new Headers(), trailer: new Headers(), message: {} } as unknown as UnaryResponse;
  const request = () =>
    ({ stream: false, service: RouterService, method, header: new Headers(), contextValues: createContextValues(), signal, url: "http://127.0.0.1:1/x", requestMethod: "POST", message: {} }) as unknown as UnaryRequest;
  const inner = async () => response;
  const call = t ? clientInterceptor(t)(serverInterceptor(t)(inner)) : inner;
  const n = 200_000;
  for (let i = 0; i < n / 10; i++) await call(request());
  const start = performance.now();
  for (let i = 0; i < n; i++) await call(request());
  return ((performance.now() - start) * 1000) / n;
}

async function overTheWire(server: Interceptor[], calls: Interceptor[], inflight: number): Promise<{ rate: number; cpuUs: number }> {
  const s = await serve(RouterService, { route: () => ({ decline: "no" }) }, server);
  const c = client(RouterService, s.port, calls);
  const run = async (ms: number) => {
    let n = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    const end = start + ms;
    await Promise.all(
      Array.from({ length: inflight }, async () => {
        while (performance.now() < end) {
          await c.route({ question: "q" });
          n++;
        }
      }),
    );
    const used = process.cpuUsage(cpu);
    return { rate: n / ((performance.now() - start) / 1000), cpuUs: (used.user + used.system) / n };
  };
  await run(1000);
  const r = await run(SECONDS * 1000);
  await s.close();
  return r;
}

type Mode = "none" | "propagate-only" | "no-async-context" | "otlp-traces";
const collector = await sink();
const withTelemetry = async <T>(mode: Mode, fn: (t: Telemetry | undefined) => Promise<T>): Promise<T> => {
  if (mode === "none") return fn(undefined);
  const t = initTelemetry({
    service: "bench",
    env: mode === "otlp-traces" ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces` } : {},
    asyncContext: mode !== "no-async-context",
  });
  try {
    return await fn(t);
  } finally {
    await t.shutdown();
  }
};
const modes: Mode[] = ["none", "propagate-only", "no-async-context", "otlp-traces"];

for (const mode of modes) {
  const us = await withTelemetry(mode, interceptorsOnly);
  console.log(`interceptors only   ${mode.padEnd(16)} ${us.toFixed(2)} us per RPC`);
}

const rounds: Record<string, { rate: number; cpuUs: number }[]> = {};
for (let round = 0; round < 3; round++) {
  for (const inflight of [1, 32]) {
    for (const mode of modes) {
      const r = await withTelemetry(mode, (t) => overTheWire(t ? [serverInterceptor(t)] : [], t ? [clientInterceptor(t)] : [], inflight));
      (rounds[`${inflight} ${mode}`] ??= []).push(r);
    }
  }
}
collector.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const inflight of [1, 32]) {
  for (const mode of modes) {
    const rs = rounds[`${inflight} ${mode}`]!;
    console.log(
      `h2c unary, ${String(inflight).padStart(2)} in flight  ${mode.padEnd(16)} ${Math.round(median(rs.map((r) => r.rate))).toString().padStart(6)} calls/s  ${median(rs.map((r) => r.cpuUs)).toFixed(0)} us CPU per call (median of ${rs.length})`,
    );
  }
}
process.exit(0);
