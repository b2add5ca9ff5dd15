import { create } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { ContentKind, RoutePath } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { RouterService, RouteResponseSchema } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { bind, checkText, type ServiceBinding } from "@springboard/runtime";
import { classify, DECLINE } from "./classifier.js";

const KINDS: Record<number, string> = {
  [ContentKind.JOB]: "job",
  [ContentKind.POST]: "post",
  [ContentKind.COMPANY]: "company",
  [ContentKind.PROFILE]: "profile",
};

export function createRouterService(): ServiceBinding[] {
  const impl: ServiceImpl<typeof RouterService> = {
    route(req) {
      const question = checkText("question", req.question, { required: true, max: 4000 });
      const kind = KINDS[req.context?.kind ?? ContentKind.UNSPECIFIED] ?? "none";
      const d = classify(question, kind);
      const outOfScope = d.label === "out_of_scope";
      return create(RouteResponseSchema, {
        decision: { label: d.label, agent: outOfScope ? "" : d.label, confidence: d.confidence, path: RoutePath.MODEL },
        decline: outOfScope ? DECLINE : "",
        scores: d.scores,
      });
    },
  };
  return [bind(RouterService, impl)];
}
