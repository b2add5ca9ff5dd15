import { create, fromJson, toJson, type DescMessage, type DescMethod, type DescService, type FileRegistry, type JsonValue, type Message } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type CallOptions, type HandlerContext } from "@connectrpc/connect";
import type { Attachment } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import {
  InvokeResponseSchema,
  type HttpBinding,
  type InvokeRequest,
  type InvokeResponse,
  type SkillDefinition,
} from "@springboard/proto/springboard/skills/v1/skills_pb.js";
import { protoRegistry } from "@springboard/proto";
import { downstream, ExpiringCache, grpcTransport, REQUEST_ID_HEADER, requestId } from "@springboard/runtime";
import type { ValidateFunction } from "ajv";
import { ArgumentError, prepareArgs } from "./args.js";
import { errorText, inputSchemaOf, resolveMethod, stableStringify } from "./definitions.js";
import { mapRequest, mapResponse, renderResult, type MappedResult } from "./mapping.js";
import { compileCoercing, releaseCoercing, type InputSchema } from "./schema.js";

export const DEFAULT_MAX_RESULT_TOKENS = 600;

export interface InvokerOptions {
  /** endpoints maps a backend's name to its host:port. */
  endpoints: Record<string, string>;
  registry?: FileRegistry;
  defaultMaxResultTokens?: number;
  /** cacheMaxEntries bounds the result cache; the oldest entries go first. */
  cacheMaxEntries?: number;
  now?: () => number;
}

interface Compiled {
  schema: InputSchema;
  validate: ValidateFunction;
  rpc?: { service: DescService; method: DescMethod };
}

type UnaryCall = (req: Message, opts: CallOptions) => Promise<Message>;

/**
 * SkillInvoker calls any skill through its definition alone: arguments are repaired and validated
 * against the input schema, the request is built from the mapping and sent to the bound gRPC method
 * (found by name in the proto registry) or HTTP endpoint, and the response is mapped to a compact,
 * token-capped result and attachment entities.
 */
export class SkillInvoker {
  private readonly compiled = new Map<string, Compiled>();
  /** cache holds mapped results by skill version and arguments, each for its skill's cache TTL. */
  private readonly cache: ExpiringCache<string, MappedResult>;
  private readonly clients = new Map<string, Record<string, UnaryCall>>();
  private readonly registry: FileRegistry;

  constructor(private readonly opts: InvokerOptions) {
    this.registry = opts.registry ?? protoRegistry();
    this.cache = new ExpiringCache(0, opts.cacheMaxEntries ?? 2_000, opts.now);
  }

  /**
   * forget drops what was compiled for a skill, after it changed or was removed. Its cached results
   * need no dropping: they are keyed by version, which a changed definition does not share.
   */
  forget(name: string): void {
    for (const [key, c] of this.compiled) {
      if (!key.startsWith(`${name}@`)) continue;
      releaseCoercing(c.schema);
      this.compiled.delete(key);
    }
  }

  /**
   * invoke calls a skill for the call ctx is serving. The backend gets the skill's timeout, or less
   * when the caller has less time left or timeoutMs is tighter.
   */
  async invoke(
    skill: SkillDefinition,
    req: Pick<InvokeRequest, "argsJson" | "agent" | "maxResultTokens">,
    ctx: HandlerContext,
    timeoutMs?: number,
  ): Promise<InvokeResponse> {
    if (skill.agents.length > 0 && !skill.agents.includes(req.agent)) {
      throw new ConnectError(
        `agent ${req.agent === "" ? "(none given)" : `"${req.agent}"`} may not call skill ${skill.name}; allowed agents: ${skill.agents.join(", ")}`,
        Code.PermissionDenied,
      );
    }
    const compiled = this.compile(skill);
    let prepared;
    try {
      prepared = prepareArgs(req.argsJson, compiled.schema, compiled.validate);
    } catch (e) {
      if (e instanceof ArgumentError) throw new ConnectError(`skill ${skill.name}: ${e.message}`, Code.InvalidArgument);
      throw e;
    }
    const { args, repairs } = prepared;

    const cacheKey = `${skill.name}@${skill.version}:${stableStringify(args)}`;
    let mapped = this.cache.get(cacheKey);
    const cached = mapped !== undefined;
    if (!mapped) {
      const response = await this.call(skill, compiled, args, ctx, Math.min(skill.timeoutMs, timeoutMs ?? Infinity));
      mapped = mapResponse(skill.mapping, response, args);
      this.cache.set(cacheKey, mapped, skill.cacheTtlS * 1000);
    }
    const maxTokens = req.maxResultTokens > 0 ? req.maxResultTokens : (this.opts.defaultMaxResultTokens ?? DEFAULT_MAX_RESULT_TOKENS);
    const rendered = renderResult(mapped.result, maxTokens);
    return create(InvokeResponseSchema, {
      skill: skill.name,
      version: skill.version,
      resultYaml: rendered.yaml,
      resultJson: rendered.json,
      entities: mapped.entities as Attachment[],
      truncated: rendered.truncated,
      repairs,
      cached,
    });
  }

  private compile(skill: SkillDefinition): Compiled {
    const key = `${skill.name}@${skill.version}`;
    let c = this.compiled.get(key);
    if (!c) {
      const schema = inputSchemaOf(skill);
      c = { schema, validate: compileCoercing(schema), rpc: resolveMethod(skill, this.registry) };
      this.compiled.set(key, c);
    }
    return c;
  }

  private address(endpoint: string): string {
    const address = this.opts.endpoints[endpoint];
    if (!address) throw new ConnectError(`backend "${endpoint}" is not configured in this registry`, Code.FailedPrecondition);
    return address;
  }

  /** hasEndpoint tells whether this invoker can reach a skill's backend itself. */
  hasEndpoint(skill: SkillDefinition): boolean {
    const endpoint = skill.binding?.target.value?.endpoint;
    return endpoint !== undefined && this.opts.endpoints[endpoint] !== undefined;
  }

  private async call(skill: SkillDefinition, compiled: Compiled, args: Record<string, unknown>, ctx: HandlerContext, timeoutMs: number): Promise<unknown> {
    const target = skill.binding?.target;
    const request = mapRequest(skill.mapping?.request ?? {}, args);
    if (target?.case === "grpc") {
      if (!compiled.rpc) {
        throw new ConnectError(`skill ${skill.name} is bound to ${target.value.service}/${target.value.method}, which this registry does not know`, Code.FailedPrecondition);
      }
      return this.callGrpc(skill, compiled.rpc, target.value.endpoint, request, ctx, timeoutMs);
    }
    if (target?.case === "http") return this.callHttp(skill, target.value, args, request, ctx, timeoutMs);
    throw new ConnectError(`skill ${skill.name} has no binding`, Code.FailedPrecondition);
  }

  private async callGrpc(
    skill: SkillDefinition,
    rpc: { service: DescService; method: DescMethod },
    endpoint: string,
    request: Record<string, unknown>,
    ctx: HandlerContext,
    timeoutMs: number,
  ): Promise<unknown> {
    const address = this.address(endpoint);
    let input: Message;
    try {
      input = fromJson(rpc.method.input as DescMessage, request as JsonValue);
    } catch (e) {
      throw new ConnectError(`skill ${skill.name}: the arguments do not fit ${rpc.method.input.typeName}: ${errorText(e)}`, Code.InvalidArgument);
    }
    const opts = downstream(ctx, timeoutMs);
    try {
      const res = await this.client(rpc.service, address)[rpc.method.localName]!(input, opts);
      return toJson(rpc.method.output as DescMessage, res, { alwaysEmitImplicit: true });
    } catch (e) {
      throw backendError(skill, endpoint, ConnectError.from(e), opts.timeoutMs ?? timeoutMs, ctx);
    }
  }

  private client(service: DescService, address: string): Record<string, UnaryCall> {
    const key = `${service.typeName}@${address}`;
    let c = this.clients.get(key);
    if (!c) {
      c = createClient(service, grpcTransport(address)) as unknown as Record<string, UnaryCall>;
      this.clients.set(key, c);
    }
    return c;
  }

  private async callHttp(
    skill: SkillDefinition,
    binding: HttpBinding,
    args: Record<string, unknown>,
    body: Record<string, unknown>,
    ctx: HandlerContext,
    skillTimeoutMs: number,
  ): Promise<unknown> {
    const address = this.address(binding.endpoint);
    const path = binding.pathTemplate.replace(/\{([^{}]+)\}/g, (_, name: string) => {
      const v = args[name.trim()];
      return encodeURIComponent(v === undefined || v === null ? "" : Array.isArray(v) ? v.join(",") : String(v));
    });
    const remaining = ctx.timeoutMs();
    const timeoutMs = Math.max(1, Math.floor(Math.min(skillTimeoutMs, remaining ?? Infinity)));
    const timer = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timer, ctx.signal]);
    const failed = (e: unknown): ConnectError => {
      if (timer.aborted) return new ConnectError(`skill ${skill.name} did not answer within ${timeoutMs} ms`, Code.DeadlineExceeded);
      if (ctx.signal.aborted) return new ConnectError(`skill ${skill.name} was cancelled by its caller`, Code.Canceled);
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : errorText(e);
      return new ConnectError(`${binding.endpoint} unavailable: ${cause}`, Code.Unavailable);
    };
    let res: Response;
    let text: string;
    try {
      res = await fetch(`http://${address}${path}`, {
        method: binding.method,
        headers: {
          accept: "application/json",
          [REQUEST_ID_HEADER]: requestId(ctx) ?? "",
          ...(binding.method === "POST" ? { "content-type": "application/json" } : {}),
        },
        body: binding.method === "POST" ? JSON.stringify(body) : undefined,
        signal,
      });
      text = await res.text();
    } catch (e) {
      throw failed(e);
    }
    if (!res.ok) {
      const message = httpErrorMessage(text) ?? `HTTP ${res.status}`;
      const code =
        res.status === 404 ? Code.NotFound
        : res.status === 400 || res.status === 422 ? Code.InvalidArgument
        : res.status === 429 ? Code.ResourceExhausted
        : res.status === 401 || res.status === 403 ? Code.PermissionDenied
        : Code.Unavailable;
      throw new ConnectError(code === Code.NotFound ? message : `${binding.endpoint} answered ${res.status} to skill ${skill.name}: ${message}`, code);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ConnectError(`${binding.endpoint} answered skill ${skill.name} with something other than JSON`, Code.Unavailable);
    }
  }
}

function backendError(skill: SkillDefinition, endpoint: string, e: ConnectError, timeoutMs: number, ctx: HandlerContext): ConnectError {
  switch (e.code) {
    case Code.DeadlineExceeded:
      return new ConnectError(`skill ${skill.name} did not answer within ${timeoutMs} ms`, Code.DeadlineExceeded);
    case Code.Canceled:
      return ctx.signal.aborted
        ? new ConnectError(`skill ${skill.name} was cancelled by its caller`, Code.Canceled)
        : new ConnectError(`${endpoint} unavailable: ${e.rawMessage}`, Code.Unavailable);
    case Code.Unavailable:
      return new ConnectError(`${endpoint} unavailable: ${e.rawMessage}`, Code.Unavailable);
    case Code.NotFound:
      return new ConnectError(e.rawMessage, Code.NotFound);
    default:
      return new ConnectError(`${endpoint} failed skill ${skill.name}: ${e.rawMessage}`, e.code);
  }
}

function httpErrorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const m = body.error ?? body.message;
    if (typeof m === "string") return m;
    if (typeof m === "object" && m !== null && typeof (m as { message?: unknown }).message === "string") return (m as { message: string }).message;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 200) || undefined;
}
