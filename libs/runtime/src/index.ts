export * from "./config.js";
export * from "./context.js";
export * from "./errors.js";
export * from "./health.js";
export * from "./log.js";
export * from "./server.js";
export * from "./clients.js";
export * from "./queue.js";
export { grpcJsServer, grpcJsTransport, type GrpcJsServerOptions, type GrpcJsTransportOptions } from "./grpcjs.js";
