import { create, createFileRegistry, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { file_grpc_health_v1_health } from "./gen/grpc/health/v1/health_pb.js";
import { file_grpc_reflection_v1_reflection } from "./gen/grpc/reflection/v1/reflection_pb.js";
import { file_grpc_reflection_v1alpha_reflection } from "./gen/grpc/reflection/v1alpha/reflection_pb.js";
import { file_springboard_agent_v1_agent } from "./gen/springboard/agent/v1/agent_pb.js";
import { file_springboard_conversation_v1_conversation } from "./gen/springboard/conversation/v1/conversation_pb.js";
import { file_springboard_gateway_v1_gateway } from "./gen/springboard/gateway/v1/gateway_pb.js";
import { file_springboard_generation_v1_generation } from "./gen/springboard/generation/v1/generation_pb.js";
import { file_springboard_llmsim_v1_llmsim } from "./gen/springboard/llmsim/v1/llmsim_pb.js";
import { file_springboard_membergraph_v1_membergraph } from "./gen/springboard/membergraph/v1/membergraph_pb.js";
import { file_springboard_retrieval_v1_retrieval } from "./gen/springboard/retrieval/v1/retrieval_pb.js";
import { file_springboard_router_v1_router } from "./gen/springboard/router/v1/router_pb.js";
import { file_springboard_skills_v1_skills } from "./gen/springboard/skills/v1/skills_pb.js";

/** protoFiles are the descriptors of every file in proto/. */
export const protoFiles: readonly DescFile[] = [
  file_grpc_health_v1_health,
  file_grpc_reflection_v1_reflection,
  file_grpc_reflection_v1alpha_reflection,
  file_springboard_conversation_v1_conversation,
  file_springboard_gateway_v1_gateway,
  file_springboard_router_v1_router,
  file_springboard_agent_v1_agent,
  file_springboard_skills_v1_skills,
  file_springboard_retrieval_v1_retrieval,
  file_springboard_generation_v1_generation,
  file_springboard_membergraph_v1_membergraph,
  file_springboard_llmsim_v1_llmsim,
];

let registry: FileRegistry | undefined;

/** protoRegistry resolves any service, message or enum of proto/ (and the well-known types it uses) by name. */
export function protoRegistry(): FileRegistry {
  registry ??= createFileRegistry(create(FileDescriptorSetSchema, { file: withDependencies(protoFiles).map((f) => f.proto) }));
  return registry;
}

function withDependencies(files: readonly DescFile[]): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (f: DescFile) => {
    if (seen.has(f.name)) return;
    f.dependencies.forEach(visit);
    seen.set(f.name, f);
  };
  files.forEach(visit);
  return [...seen.values()];
}
