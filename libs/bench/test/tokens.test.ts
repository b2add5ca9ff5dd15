import assert from "node:assert/strict";
import { tokenDelays, type Arrival } from "../src/tokens.js";

const TBT = 40;

/** stream is one token per delta: the first at 0, the k-th at phase + k * TBT plus its jitter. */
function stream(phase: number, jitter: (k: number) => number, n = 60): Arrival[] {
  return Array.from({ length: n }, (_, k) => ({ at: k === 0 ? 0 : phase + (k - 1) * TBT + jitter(k), tokens: 1 }));
}

const wobble = (k: number) => ((k * 7) % 5) - 2; // -2 to +2 ms

describe("tokenDelays", () => {
  it("leaves out the first token and reports what the others share as no delay", () => {
    const delays = tokenDelays(stream(18, () => 0), TBT);
    assert.equal(delays.length, 59);
    assert.ok(delays.every((d) => Math.abs(d) < 1e-9), `${Math.max(...delays)}`);
  });

  it("keeps tokens whose phase sits at the edge of a slot in one slot", () => {
    // The first token came 20 ms before its schedule; the others wobble across the slot's edge.
    for (const phase of [19, 20, 21, 39.5]) {
      const delays = tokenDelays(stream(phase, wobble), TBT);
      assert.ok(Math.max(...delays) <= 4 + 1e-9, `phase ${phase}: max delay ${Math.max(...delays).toFixed(1)} ms`);
    }
  });

  it("reports a late token by how late it was, and a delta of several tokens as the earlier ones held", () => {
    const late = stream(10, (k) => (k === 30 ? 12 : 0));
    const lateDelays = tokenDelays(late, TBT).filter((d) => d > 1e-6);
    assert.equal(lateDelays.length, 1, `${lateDelays}`);
    assert.ok(Math.abs(lateDelays[0]! - 12) < 1e-6, `${lateDelays[0]}`);
    const held = stream(10, () => 0);
    held.splice(30, 2, { at: held[31]!.at, tokens: 2 });
    const heldDelays = tokenDelays(held, TBT).filter((d) => d > 1e-6);
    assert.equal(heldDelays.length, 1, `${heldDelays}`);
    assert.ok(Math.abs(heldDelays[0]! - TBT) < 1e-6, `${heldDelays[0]}`);
  });

  it("reads a token late by more than half a slot as late, not the others as later than it", () => {
    for (const late of [21, 25, 33]) {
      const delays = tokenDelays(stream(10, (k) => (k === 58 ? late : wobble(k))), TBT);
      const slow = delays.filter((d) => d > 4 + 1e-9);
      assert.equal(slow.length, 1, `a token ${late} ms late: ${slow.length} slow tokens`);
      assert.ok(slow[0]! >= late - 2 && slow[0]! <= late + 2, `${slow[0]}`);
    }
    // A fifth of the tokens late by 15 ms does not move the schedule off the punctual ones.
    const delays = tokenDelays(stream(30, (k) => (k % 5 === 0 ? 15 : 0)), TBT);
    assert.equal(delays.filter((d) => Math.abs(d - 15) < 1e-6).length, 11);
    assert.equal(delays.filter((d) => Math.abs(d) < 1e-6).length, 48);
  });

  it("answers nothing for an answer of one delta", () => {
    assert.deepEqual(tokenDelays([{ at: 5, tokens: 1 }], TBT), []);
  });
});
