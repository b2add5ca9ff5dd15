export * from "./config.js";
export * from "./context.js";
export * from "./errors.js";
export * from "./health.js";
export * from "./log.js";
export * from "./server.js";
export * from "./clients.js";
export * from "./queue.js";
export { grpcJsTransport, type GrpcJsTransportOptions } from "./grpcjs.js";
