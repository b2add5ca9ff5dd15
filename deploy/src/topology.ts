/**
 * topology is the deployment's view of the system: each service's port, whom it calls, and whether
 * it uses Redis or an LLM. The Helm chart's "springboard.topology" helper must say the same; a test
 * compares them.
 */
export const SERVICES = ["gateway", "router", "agent", "skill-registry", "retrieval", "generation", "member-graph", "llm-sim"] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServiceNode {
  port: number;
  calls: ServiceName[];
  redis?: boolean;
  llm?: boolean;
}

export const TOPOLOGY: Record<ServiceName, ServiceNode> = {
  gateway: { port: 50051, calls: ["router", "agent", "member-graph"], redis: true },
  router: { port: 50052, calls: ["generation"] },
  agent: { port: 50053, calls: ["generation", "skill-registry", "retrieval", "member-graph"] },
  "skill-registry": { port: 50054, calls: ["member-graph", "retrieval"], redis: true },
  retrieval: { port: 50055, calls: [], redis: true },
  generation: { port: 50056, calls: [], llm: true },
  "member-graph": { port: 50057, calls: [] },
  "llm-sim": { port: 50058, calls: [] },
};

export const REDIS = { name: "redis", port: 6379, image: "redis:8.2.2", uid: 999 } as const;
export const PART_OF = "springboard";

/** addrEnv is the environment variable a caller reads for a callee's address: SKILL_REGISTRY_ADDR. */
export function addrEnv(service: string): string {
  return `${service.toUpperCase().replaceAll("-", "_")}_ADDR`;
}

/** callers lists the services that call a service. */
export function callers(service: ServiceName): ServiceName[] {
  return SERVICES.filter((s) => TOPOLOGY[s].calls.includes(service));
}
