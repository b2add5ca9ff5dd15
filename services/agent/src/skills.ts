import type { Client, HandlerContext } from "@connectrpc/connect";
import type { InvokeResponse, SkillDefinition, SkillRegistryService } from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { downstream } from "@springboard/runtime";
import { SkillInvoker } from "@springboard/skill-registry/invoker";

export interface SkillCallsOptions {
  /**
   * endpoints maps a backend's name, as skill bindings give it, to the host:port this agent reaches
   * it on. A skill bound to one of them is invoked in this process; none given means every skill
   * goes through the registry.
   */
  endpoints?: Record<string, string>;
  /** timeoutMs caps each skill call, below the skill's own timeout and the turn's deadline. */
  timeoutMs: number;
  /** maxResultTokens caps a result invoked here (the registry applies its own to the rest). */
  maxResultTokens?: number;
}

/**
 * SkillCalls invokes the skills an agent plans. A skill whose backend this agent can reach runs in
 * the agent's process, from the definition the registry listed, through the registry's own invoker:
 * the same argument repair, generic call, output mapping and size cap as the registry's Invoke,
 * without the hop through it. Any other skill goes through the registry's Invoke.
 */
export class SkillCalls {
  private readonly invoker?: SkillInvoker;
  private versions = new Map<string, number>();

  constructor(
    private readonly registry: Client<typeof SkillRegistryService>,
    private readonly opts: SkillCallsOptions,
  ) {
    if (opts.endpoints && Object.keys(opts.endpoints).length > 0) {
      this.invoker = new SkillInvoker({ endpoints: opts.endpoints, defaultMaxResultTokens: opts.maxResultTokens });
    }
  }

  /**
   * listed tells the local invoker which skills the registry lists now (all of them), so that what
   * it compiled for an older version, or for a skill since removed, is dropped.
   */
  listed(definitions: readonly SkillDefinition[]): void {
    if (!this.invoker) return;
    const now = new Map(definitions.map((d) => [d.name, d.version]));
    for (const [name, version] of this.versions) {
      if (now.get(name) !== version) this.invoker.forget(name);
    }
    this.versions = now;
  }

  /** local tells whether a skill is invoked in this process. */
  local(skill: SkillDefinition): boolean {
    return this.invoker?.hasEndpoint(skill) ?? false;
  }

  invoke(skill: SkillDefinition, argsJson: string, agent: string, ctx: HandlerContext): Promise<InvokeResponse> {
    if (this.invoker && this.local(skill)) return this.invoker.invoke(skill, { argsJson, agent, maxResultTokens: 0 }, ctx, this.opts.timeoutMs);
    return this.registry.invoke({ skill: skill.name, argsJson, agent }, downstream(ctx, this.opts.timeoutMs));
  }
}
