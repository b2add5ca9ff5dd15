export { loadAgents, type AgentDefinition } from "./agents.js";
export { PlanStats } from "./plan-stats.js";
export { createAgentService, describeArgs } from "./server.js";
export type { AgentDeps, CatalogueEntry } from "./run.js";
