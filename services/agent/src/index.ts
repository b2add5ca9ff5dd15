export { loadAgents, type AgentDefinition } from "./agents.js";
export { parsePlan, type Plan, type PlannedCall } from "./plan.js";
export { createAgentService, describeArgs } from "./server.js";
export type { AgentDeps } from "./run.js";
