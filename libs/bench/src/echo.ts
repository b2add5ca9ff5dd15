/**
 * A raw streaming chain of the pipeline's shape with no logic: a source that streams tokens as fast
 * as it can, and relays that pass each message on. Run as its own process:
 *   node echo.js source PORT
 *   node echo.js relay PORT UPSTREAM_ADDR
 */
import { create } from "@bufbuild/protobuf";
import { GenerateResponseSchema, GenerationService, ModelRole } from "@springboard/proto/springboard/generation/v1/generation_pb.js";
import { bind, createLogger, downstream, runUntilSignalled, serviceClient, startService } from "@springboard/runtime";

const [role, port, upstream] = process.argv.slice(2);
const logger = createLogger(`echo-${role}`, "warn");

const source = bind(GenerationService, {
  async *generate(req) {
    const n = req.maxTokens || 1_000;
    for (let i = 0; i < n; i++) {
      yield create(GenerateResponseSchema, { body: { case: "delta", value: { text: " word" } } });
      if (i % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    yield create(GenerateResponseSchema, { body: { case: "done", value: { finishReason: "stop" } } });
  },
});

const relay = () => {
  const next = serviceClient(GenerationService, upstream!);
  return bind(GenerationService, {
    async *generate(req, ctx) {
      yield* next.generate({ role: ModelRole.GENERATOR, maxTokens: req.maxTokens }, downstream(ctx));
    },
  });
};

const service = await startService({ name: `echo-${role}`, port: Number(port), logger, services: [role === "source" ? source : relay()] });
runUntilSignalled(service);
