import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import {
  Health,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthCheckResponseSchema,
  HealthListResponseSchema,
} from "@springboard/proto/grpc/health/v1/health_pb.js";

export { ServingStatus };

/**
 * HealthState holds the serving status of each service name ("" is the server as a whole) and
 * serves grpc.health.v1.Health, including Watch.
 */
export class HealthState {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Set<() => void>();

  constructor(serviceNames: Iterable<string>) {
    this.statuses.set("", ServingStatus.SERVING);
    for (const name of serviceNames) this.statuses.set(name, ServingStatus.SERVING);
  }

  set(service: string, status: ServingStatus): void {
    this.statuses.set(service, status);
    for (const wake of this.watchers) wake();
  }

  setAll(status: ServingStatus): void {
    for (const name of this.statuses.keys()) this.statuses.set(name, status);
    for (const wake of this.watchers) wake();
  }

  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  impl(): ServiceImpl<typeof Health> {
    return {
      check: (req) => {
        const status = this.statuses.get(req.service);
        if (status === undefined) throw new ConnectError(`unknown service "${req.service}"`, Code.NotFound);
        return create(HealthCheckResponseSchema, { status });
      },
      list: () => {
        const res = create(HealthListResponseSchema);
        for (const [name, status] of this.statuses) res.statuses[name] = create(HealthCheckResponseSchema, { status });
        return res;
      },
      watch: (req, ctx) => this.watch(req.service, ctx),
    };
  }

  private async *watch(service: string, ctx: HandlerContext) {
    let last: ServingStatus | undefined;
    for (;;) {
      const status = this.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
      if (status !== last) {
        last = status;
        yield create(HealthCheckResponseSchema, { status });
      }
      if (ctx.signal.aborted) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.watchers.delete(wake);
          ctx.signal.removeEventListener("abort", wake);
          resolve();
        };
        this.watchers.add(wake);
        ctx.signal.addEventListener("abort", wake);
      });
    }
  }
}
