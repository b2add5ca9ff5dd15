import assert from "node:assert/strict";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { AgentService } from "@springboard/proto/springboard/agent/v1/agent_pb.js";
import { ContentKind, type ConversationEvent, RoutePath } from "@springboard/proto/springboard/conversation/v1/conversation_pb.js";
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

describe("gateway agent events", () => {
  type Body = ConversationEvent["body"];
  const EVENTS: Body[] = [
    { case: "skillCallStarted", value: { callId: "c1", skill: "job_details", argsJson: "{}" } } as Body,
    { case: "skillCallFinished", value: { callId: "c1", skill: "job_details" } } as Body,
    { case: "textStart", value: { partId: "p1" } } as Body,
    { case: "textDelta", value: { partId: "p1", delta: "You match most of it. " } } as Body,
    { case: "textDelta", value: { partId: "p1", delta: "Apply." } } as Body,
    { case: "textEnd", value: { partId: "p1" } } as Body,
    { case: "done", value: {} } as Body,
  ];

  /**
   * agentSending answers Run with EVENTS, in batches of the given sizes when asked for batches, one
   * per message otherwise; with no sizes it is an agent that predates batches.
   */
  function agentSending(sizes?: number[]) {
    const asked: boolean[] = [];
    const transport = createRouterTransport(({ service }) =>
      service(AgentService, {
        async *run(req) {
          asked.push(req.batchEvents);
          if (!req.batchEvents || !sizes) {
            for (const body of EVENTS) yield { event: { body } };
            return;
          }
          let at = 0;
          for (const n of sizes) {
            yield { events: EVENTS.slice(at, at + n).map((body) => ({ body })) };
            at += n;
          }
        },
      }),
    );
    return { transport, asked };
  }

  /** converse returns the turn's events; text deltas, which the gateway may join or not, are joined. */
  const converse = async (client: ReturnType<typeof gateway>["client"]) => {
    const seen: string[] = [];
    for await (const { event } of client.converse({ memberId: "member-00001", question: "Am I a fit?", context: { kind: ContentKind.JOB, id: "job-00001" } })) {
      const b = event!.body;
      if (b.case === "textDelta" && seen.at(-1)?.startsWith("textDelta ")) seen[seen.length - 1] += b.value.delta;
      else seen.push(b.case === "textDelta" ? `textDelta ${b.value.delta}` : b.case!);
    }
    return seen;
  };

  it("asks the agent for batches and relays every event of a batch, in order, as its own event", async () => {
    const batched = agentSending([1, 1, 3, 2]);
    const g = gateway(batched.transport);
    const seen = await converse(g.client);
    assert.deepEqual(batched.asked, [true]);
    assert.deepEqual(seen, [
      "turnStarted",
      "routeDecided",
      "skillCallStarted",
      "skillCallFinished",
      "textStart",
      "textDelta You match most of it. Apply.",
      "textEnd",
      "done",
    ]);
    const [, , turn] = g.turns[0] as [string, string, { answer: string }];
    assert.equal(turn.answer, "You match most of it. Apply.");
    // An agent that predates batches sends one event per message: the member sees the same turn.
    assert.deepEqual(await converse(gateway(agentSending().transport).client), seen);
  });
});
