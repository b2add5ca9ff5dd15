export { loadAgents, type AgentDefinition } from "./agents.js";
export { PlanStats } from "./plan-stats.js";
export { createAgentService, describeArgs } from "./server.js";
export { SkillCalls, type SkillCallsOptions } from "./skills.js";
export type { AgentDeps, CatalogueEntry } from "./run.js";
