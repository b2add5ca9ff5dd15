import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HnswHost } from "../src/hnsw-host.js";
import type { HnswReply } from "../src/hnsw-protocol.js";

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 500) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("HnswHost", () => {
  it("answers stop only once a save under way has finished, and refuses a save after it", async () => {
    const replies: HnswReply[] = [];
    const host = new HnswHost((r) => replies.push(r));
    const d = 8;
    const n = 1_000;
    host.receive({ op: "open", index: "t", seq: 1, dimension: d, m: 16, efConstruction: 100, capacity: n });
    host.receive({ op: "add", index: "t", seq: 2, rows: Int32Array.from({ length: n }, (_, i) => i), vectors: Float32Array.from({ length: n * d }, (_, i) => Math.sin(i)) });
    await until(() => replies.some((r) => r.kind === "applied" && r.seq >= n + 1));

    const dir = mkdtempSync(join(tmpdir(), "hnsw-host-"));
    host.receive({ op: "save", id: 1, index: "t", path: join(dir, "before.bin") });
    // The thread is terminated once stop is answered: the save on libuv's thread pool must be done.
    host.receive({ op: "stop", id: 2 });
    host.receive({ op: "save", id: 3, index: "t", path: join(dir, "after.bin") });
    await until(() => replies.some((r) => r.kind === "reply" && r.id === 2));

    const answers = replies.filter((r) => r.kind === "reply");
    assert.deepEqual(answers.map((r) => r.id), [3, 1, 2], "the late save refused, the save under way finished, then stop");
    assert.equal(answers[0]!.ok, false);
    assert.equal(answers[1]!.ok, true);
    assert.ok(existsSync(join(dir, "before.bin")));
    assert.ok(!existsSync(join(dir, "after.bin")));
  });
});
