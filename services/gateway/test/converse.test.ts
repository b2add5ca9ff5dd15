import assert from "node:assert/strict";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ContentKind, RoutePath } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
import { AssistantService } from "@springboard/proto/springboard/gateway/v1/gateway_pb.js";
import { RouterService } from "@springboard/proto/springboard/router/v1/router_pb.js";
import { bind, createLogger, grpcJsTransport, type RunningService, startService } from "@springboard/runtime";
import type { MemberGraph } from "../src/content.js";
import { createGatewayService } from "../src/server.js";
import type { ConversationStore } from "../src/store.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** gateway serves Converse over in-memory fakes: the router picks job_fit, the agent is given. */
function gateway(agent: Parameters<typeof createClient<typeof AgentService>>[1]) {
  const router = createClient(
    RouterService,
    createRouterTransport(({ service }) =>
      service(RouterService, { route: () => ({ decision: { label: "job_fit", agent: "job_fit", confidence: 1, path: RoutePath.MODEL } }) }),
    ),
  );
  const graph = { jobs: { getJob: async () => ({ job: { title: "Engineer", companyName: "Acme" } }) } } as unknown as MemberGraph;
  const turns: unknown[] = [];
  const store = { appendTurn: async (...args: unknown[]) => void turns.push(args) } as unknown as ConversationStore;
  const [binding] = createGatewayService({
    router,
    agent: createClient(AgentService, agent),
    graph,
    store,
    logger: createLogger("gateway-test", "silent"),
    turnTimeoutMs: 5_000,
    historyTurns: 0,
  });
  return { client: createClient(AssistantService, createRouterTransport(({ service }) => service(AssistantService, binding!.impl as never))), turns };
}

describe("gateway converse", () => {
  let agent: RunningService;
  let agentCalls = 0;
  before(async () => {
    // A real agent server over gRPC that fails every turn at once.
    agent = await startService({
      name: "agent",
      port: 0,
      logger: createLogger("gateway-test", "silent"),
      services: [
        bind(AgentService, {
          async *run() {
            agentCalls++;
            throw new ConnectError("agent is down", Code.Unavailable);
          },
        }),
      ],
    });
  });
  after(() => agent.close(0));

  it("opens the agent's stream before it writes the route, and a failure meanwhile ends the turn cleanly", async () => {
    const transport = grpcJsTransport(agent.address);
    const { client, turns } = gateway(transport);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const seen: string[] = [];
      let agentCallsAtRoute = -1;
      const failure = await (async () => {
        try {
          for await (const { event } of client.converse({ memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00001" } })) {
            seen.push(event!.body.case!);
            if (event!.body.case === "routeDecided") {
              // A member who reads slowly: the agent has been asked, and has failed, meanwhile.
              await sleep(100);
              agentCallsAtRoute = agentCalls;
            }
          }
        } catch (e) {
          return ConnectError.from(e);
        }
      })();
      assert.equal(agentCallsAtRoute, 1, "the agent was asked before the member read the route");
      assert.deepEqual(seen, ["turnStarted", "routeDecided", "error"]);
      assert.equal(failure?.code, Code.Unavailable);
      assert.equal(turns.length, 0, "a failed turn is not stored");
      await sleep(10);
      assert.deepEqual(unhandled, [], "the agent's failure was handled");
    } finally {
      process.off("unhandledRejection", onUnhandled);
      transport.close();
    }
  });
});
