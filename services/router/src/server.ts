import { create } from "@bufbuild/protobuf";
import type { Client, ServiceImpl } from "@connectrpc/connect";
import { ContentKind, Role, RoutePath } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import type { GenerationService } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { RouterService, RouteResponseSchema } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { bind, downstream, type Logger, type ServiceBinding } from "@springboard/runtime";
import { DECLINE, type ContextKind } from "./labels.js";
import type { RouterModel } from "./model.js";
import { cleanQuestion, DEFAULT_LLM_TIMEOUT_MS, route } from "./route.js";

const KINDS: Partial<Record<number, ContextKind>> = {
  [ContentKind.JOB]: "job",
  [ContentKind.POST]: "post",
  [ContentKind.COMPANY]: "company",
  [ContentKind.PROFILE]: "profile",
};

import type { PipelineMetrics } from "@springboard/telemetry";

export interface RouterDeps {
  model: RouterModel;
  /** generation answers low-confidence questions; without it the model always decides. */
  generation?: Client<typeof GenerationService>;
  /** threshold is the confidence below which the LLM is asked. */
  threshold: number;
  logger: Logger;
  /** llmTimeoutMs bounds the LLM fallback; the model answers when it runs out. */
  llmTimeoutMs?: number;
  metrics?: Pick<PipelineMetrics, "countRouterDecision">;
}

export function createRouterService(deps: RouterDeps): ServiceBinding[] {
  const timeoutMs = deps.llmTimeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const fallback = deps.generation ? { generation: deps.generation, logger: deps.logger } : undefined;
  const impl: ServiceImpl<typeof RouterService> = {
    async route(req, ctx) {
      const question = cleanQuestion(req.question);
      const kind = KINDS[req.context?.kind ?? ContentKind.UNSPECIFIED] ?? "none";
      const history = req.history.map((h) => ({ role: h.role === Role.ASSISTANT ? ("assistant" as const) : ("member" as const), text: h.text }));
      const classified = deps.model.classify(question, kind);
      // Without a fallback the model decides every question anyway: model_only changes nothing then.
      if (req.modelOnly && fallback && classified.confidence < deps.threshold) return create(RouteResponseSchema, { needsFallback: true });
      const d = await route(
        deps.model,
        { question, kind, title: req.context?.title ?? "", history },
        deps.threshold,
        req.modelOnly ? undefined : fallback,
        downstream(ctx, timeoutMs),
        classified,
      );
      const outOfScope = d.label === "out_of_scope";
      deps.metrics?.countRouterDecision(d.label, d.path);
      return create(RouteResponseSchema, {
        decision: { label: d.label, agent: outOfScope ? "" : d.label, confidence: d.confidence, path: d.path === "llm" ? RoutePath.LLM : RoutePath.MODEL },
        decline: outOfScope ? DECLINE : "",
        scores: d.scores,
        ...(d.usage ? { usage: d.usage } : {}),
      });
    },
  };
  return [bind(RouterService, impl)];
}
