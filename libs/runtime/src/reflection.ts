import { create, toBinary, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import * as v1 from "@springboard/proto/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "@springboard/proto/grpc/reflection/v1alpha/reflection_pb.js";

type Request = v1.ServerReflectionRequest | v1alpha.ServerReflectionRequest;

/**
 * reflectionImpls serve gRPC server reflection (v1 and v1alpha, which share one wire shape), so
 * grpcurl and ghz can call the services without the proto files.
 */
export function reflectionImpls(registry: FileRegistry, serviceNames: () => string[]) {
  const answer = (req: Request) => {
    const r = req.messageRequest;
    switch (r.case) {
      case "listServices":
        return { case: "listServicesResponse" as const, value: { service: serviceNames().map((name) => ({ name })) } };
      case "fileByFilename": {
        const file = registry.getFile(r.value);
        return file ? fileResponse(file) : notFound(`file "${r.value}" not found`);
      }
      case "fileContainingSymbol": {
        const file = fileOfSymbol(registry, r.value);
        return file ? fileResponse(file) : notFound(`symbol "${r.value}" not found`);
      }
      case "fileContainingExtension":
        return notFound("no extensions are registered");
      case "allExtensionNumbersOfType":
        return { case: "allExtensionNumbersResponse" as const, value: { baseTypeName: r.value, extensionNumber: [] } };
      default:
        return { case: "errorResponse" as const, value: { errorCode: 12, errorMessage: "unimplemented reflection request" } };
    }
  };
  const v1Impl: ServiceImpl<typeof v1.ServerReflection> = {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield create(v1.ServerReflectionResponseSchema, { validHost: req.host, originalRequest: req, messageResponse: answer(req) });
      }
    },
  };
  const v1alphaImpl: ServiceImpl<typeof v1alpha.ServerReflection> = {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) {
        yield create(v1alpha.ServerReflectionResponseSchema, { validHost: req.host, originalRequest: req, messageResponse: answer(req) });
      }
    },
  };
  return { v1: v1Impl, v1alpha: v1alphaImpl };
}

function notFound(errorMessage: string) {
  return { case: "errorResponse" as const, value: { errorCode: 5, errorMessage } };
}

/** fileResponse sends a file with everything it imports, dependencies first. */
function fileResponse(file: DescFile) {
  const files: DescFile[] = [];
  const seen = new Set<string>();
  const visit = (f: DescFile) => {
    if (seen.has(f.name)) return;
    seen.add(f.name);
    f.dependencies.forEach(visit);
    files.push(f);
  };
  visit(file);
  return {
    case: "fileDescriptorResponse" as const,
    value: { fileDescriptorProto: files.map((f) => toBinary(FileDescriptorProtoSchema, f.proto)) },
  };
}

function fileOfSymbol(registry: FileRegistry, symbol: string): DescFile | undefined {
  const name = symbol.replace(/^\./, "");
  const desc = registry.get(name);
  if (desc) return desc.file;
  // A method, or an enum value or field, is named by its parent plus one more part.
  const parent = name.slice(0, name.lastIndexOf("."));
  const owner = registry.get(parent);
  if (owner) return owner.file;
  return undefined;
}
