import { pino, type Logger } from "pino";

export type { Logger };

/** createLogger writes structured JSON lines to stdout, one per event, with the service's name. */
export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
