import * as http from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor, type ServiceImpl } from "@connectrpc/connect";
import { connectNodeAdapter, createGrpcTransport } from "@connectrpc/connect-node";
import type { Telemetry } from "../src/index.js";

export interface TestServer {
  readonly port: number;
  close(): Promise<void>;
}

/** serve starts one connect service over h2c on port 0; close ends open sessions, then waits. */
export async function serve<S extends DescService>(service: S, impl: Partial<ServiceImpl<S>>, interceptors: Interceptor[]): Promise<TestServer> {
  const handler = connectNodeAdapter({ routes: (r) => r.service(service, impl), interceptors });
  const server = http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
      }),
  };
}

export function client<S extends DescService>(service: S, port: number, interceptors: Interceptor[]): Client<S> {
  return createClient(service, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}`, interceptors }));
}

/** metricsServer exposes a telemetry's metricsRoute on a plain HTTP server, as the runtime does. */
export async function metricsServer(t: Telemetry): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    void Promise.resolve(t.metricsRoute(req, res)).then((handled) => {
      if (!handled) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** until polls check until it returns true or the time is up. */
export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** buckets returns the le values of the first series of a histogram whose labels contain every filter. */
export function buckets(text: string, name: string, filters: string[] = []): string[] {
  const out: string[] = [];
  let series: string | undefined;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}_bucket{`)) continue;
    const labels = line.slice(line.indexOf("{") + 1, line.lastIndexOf("}"));
    if (!filters.every((f) => labels.includes(f))) continue;
    const withoutLe = labels.replace(/,?le="[^"]*"/, "");
    series ??= withoutLe;
    if (withoutLe !== series) continue;
    out.push(/le="([^"]*)"/.exec(labels)![1]!);
  }
  return out;
}

/** sample returns the value of the first series of a metric whose labels contain every filter. */
export function sample(text: string, name: string, filters: string[] = []): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!filters.every((f) => line.includes(f))) continue;
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}
