import type { DescService } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { clientInterceptor, currentTelemetry } from "@springboard/telemetry";
import { grpcJsTransport } from "./grpcjs.js";

const transports = new Map<string, Transport>();

/** traced adds a client span and trace context to each call once the process has telemetry. */
const traced: Interceptor = (next) => {
  const t = currentTelemetry();
  return t ? clientInterceptor(t)(next) : next;
};

/**
 * grpcTransport returns the shared gRPC (HTTP/2) transport to an address. Connections are kept open
 * and warm: opening a stream costs far more than a message, and a new connection more still.
 */
export function grpcTransport(address: string): Transport {
  let t = transports.get(address);
  if (!t) {
    t = grpcJsTransport(address, { interceptors: [traced] });
    transports.set(address, t);
  }
  return t;
}

/** serviceClient is a typed client of a service at an address, over the gRPC protocol. */
export function serviceClient<S extends DescService>(service: S, address: string): Client<S> {
  return createClient(service, grpcTransport(address));
}
