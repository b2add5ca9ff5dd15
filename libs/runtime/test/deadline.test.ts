import assert from "node:assert/strict";
import { connect } from "node:http2";
import { toBinary, create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { RouterService, RouteRequestSchema } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { bind, createLogger, startService, type RunningService } from "../src/index.js";

/**
 * grpcStatus sends one gRPC request over plain HTTP/2 with a grpc-timeout and no deadline timer of
 * its own, and answers the grpc-status the server ends it with.
 */
function grpcStatus(address: string, path: string, body: Uint8Array, timeout: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://${address}`);
    session.on("error", reject);
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    frame.set(body, 5);
    const req = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers", "grpc-timeout": timeout });
    req.on("trailers", (t) => {
      resolve(Number(t["grpc-status"]));
      session.close();
    });
    req.on("response", (h) => {
      if (h["grpc-status"] !== undefined) {
        resolve(Number(h["grpc-status"]));
        session.close();
      }
    });
    req.on("error", reject);
    req.resume();
    req.end(frame);
  });
}

describe("a handler's own deadline", function () {
  this.timeout(10_000);
  let svc: RunningService;

  before(async () => {
    svc = await startService({
      name: "deadline-test",
      port: 0,
      logger: createLogger("deadline-test", "silent"),
      services: [
        bind(RouterService, {
          // Like a handler whose downstream call is cut short when its deadline passes: that call fails CANCELLED.
          async route(_req, ctx) {
            await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
            throw new ConnectError("Cancelled on client", Code.Canceled);
          },
        }),
      ],
    });
  });
  after(() => svc.close(100));

  it("is reported as DEADLINE_EXCEEDED when the work cut short by it fails CANCELLED", async () => {
    const body = toBinary(RouteRequestSchema, create(RouteRequestSchema, { question: "q" }));
    const status = await grpcStatus(svc.address, `/${RouterService.typeName}/Route`, body, "100m");
    assert.equal(status, Code.DeadlineExceeded);
  });
});
