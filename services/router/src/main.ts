import { createLogger, int, serviceConfig, port, runUntilSignalled, startService } from "@springboard/runtime";
import { createRouterService } from "./server.js";

const config = serviceConfig("router", { PORT: port(50052), SHUTDOWN_GRACE_MS: int(10_000, { min: 0 }) });
const service = await startService({
  name: "router",
  port: config.PORT,
  logger: createLogger("router"),
  shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
  services: createRouterService(),
});
runUntilSignalled(service);
