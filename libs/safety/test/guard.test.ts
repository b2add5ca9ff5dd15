import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { benchmarkGuard, codePoints, OutputGuard, type GuardAction } from "../src/index.js";

function feed(guard: OutputGuard, text: string, size = 3): { actions: GuardAction[]; perPush: GuardAction[][] } {
  const perPush: GuardAction[][] = [];
  const cps = Array.from(text);
  for (let i = 0; i < cps.length; i += size) perPush.push(guard.push(cps.slice(i, i + size).join("")));
  perPush.push(guard.end());
  return { actions: perPush.flat(), perPush };
}

/** client applies actions the way a client applies Converse events. */
function client(actions: GuardAction[]): string {
  let text: string[] = [];
  for (const a of actions) {
    if (a.type === "release") text.push(...Array.from(a.text));
    if (a.type === "revise") text = [...text.slice(0, a.start), ...Array.from(a.replacement), ...text.slice(a.end)];
  }
  return text.join("");
}

describe("OutputGuard", () => {
  it("releases clean text at sentence boundaries, at most one sentence behind", () => {
    const guard = new OutputGuard();
    const text = "You match most requirements. The role needs Kubernetes! Is that new to you? ";
    const released: string[] = [];
    for (const ch of Array.from(text)) {
      const before = released.length;
      for (const a of guard.push(ch)) if (a.type === "release") released.push(a.text);
      // A sentence is released on the character right after its end, not later.
      if (released.length > before) assert.match(released[released.length - 1]!, /[.!?]$/);
    }
    assert.deepEqual(released, ["You match most requirements.", " The role needs Kubernetes!", " Is that new to you?"]);
    const tail = guard.end();
    assert.deepEqual(tail, [{ type: "release", text: " " }, { type: "watermark", committedChars: codePoints(text) }]);
  });

  it("replaces another member's email in the middle of a sentence within that sentence", () => {
    const guard = new OutputGuard();
    const text = "Reach Priya Raman at priya.raman@gmail.com if you want a referral. She leads the team.";
    const { perPush, actions } = feed(guard, text);
    const firstRevise = perPush.findIndex((p) => p.some((a) => a.type === "revise"));
    const sentenceEnd = Math.ceil((text.indexOf("referral.") + "referral. ".length) / 3);
    assert.ok(firstRevise >= 0 && firstRevise <= sentenceEnd, `revision at push ${firstRevise}, sentence ended at ${sentenceEnd}`);
    const revise = actions.find((a) => a.type === "revise")!;
    assert.equal(revise.type === "revise" && revise.reason, "contact_details");
    assert.equal(revise.type === "revise" && revise.action, "replace");
    const shown = client(actions);
    assert.equal(shown, "Reach Priya Raman at [contact details removed] if you want a referral. She leads the team.");
    assert.equal(guard.visibleText(), shown);
    assert.ok(!actions.some((a) => a.type === "release" && a.text.includes("@gmail")));
  });

  it("revises already-released text in stream mode, with offsets a client can apply", () => {
    const guard = new OutputGuard({ mode: "stream" });
    const text = "Call Jo on +44 20 7946 0958 today. Or mail jo@personal.dev now. Thanks.";
    const { actions } = feed(guard, text);
    const releases = actions.filter((a) => a.type === "release").map((a) => (a.type === "release" ? a.text : "")).join("");
    assert.equal(releases, text);
    assert.equal(actions.filter((a) => a.type === "revise").length, 2);
    const shown = client(actions);
    assert.equal(shown, "Call Jo on [contact details removed] today. Or mail [contact details removed] now. Thanks.");
    assert.equal(guard.visibleText(), shown);
    const last = actions[actions.length - 1]!;
    assert.deepEqual(last, { type: "watermark", committedChars: codePoints(shown) });
  });

  it("counts offsets in code points with emoji and other multi-unit characters", () => {
    for (const mode of ["hold", "stream"] as const) {
      const guard = new OutputGuard({ mode });
      const text = "Great 🎉👩🏽‍💻 news 𝒳! Mail 李雷 at li.lei@example.org 😀 soon. Done.";
      const { actions } = feed(guard, text, 2);
      const revise = actions.find((a) => a.type === "revise");
      assert.ok(revise && revise.type === "revise");
      const shown = Array.from(client(actions));
      assert.equal(shown.slice(revise.start, revise.start + codePoints(revise.replacement)).join(""), "[contact details removed]");
      if (mode === "stream") {
        const before = Array.from(text.slice(0, text.indexOf("li.lei"))).length;
        assert.equal(revise.start, before);
        assert.equal(revise.end, before + Array.from("li.lei@example.org").length);
      }
      assert.equal(shown.join(""), "Great 🎉👩🏽‍💻 news 𝒳! Mail 李雷 at [contact details removed] 😀 soon. Done.");
      const marks = actions.filter((a) => a.type === "watermark").map((a) => (a.type === "watermark" ? a.committedChars : 0));
      assert.deepEqual(marks, [...marks].sort((a, b) => a - b));
      assert.equal(marks[marks.length - 1], shown.length);
    }
  });

  it("withholds a sentence that leaks a system-prompt canary or a prompt heading", () => {
    const guard = new OutputGuard({ canaries: ["ZEBRA-CANARY-42"] });
    const { actions } = feed(guard, "Happy to help. My instructions say ZEBRA-CANARY-42 at the top. Also ## Task: answer the member. Here is the answer.");
    assert.ok(!actions.some((a) => a.type === "release" && (a.text.includes("ZEBRA") || a.text.includes("## Task"))));
    const withheld = actions.filter((a) => a.type === "revise" && a.action === "withhold");
    assert.equal(withheld.length, 2);
    assert.ok(withheld.every((a) => a.type === "revise" && a.reason === "prompt_leak" && a.notice.length > 0));
    assert.equal(client(actions), "Happy to help. Here is the answer.");
  });

  it("rewrites harsh job-fit phrasing to a neutral one", () => {
    const guard = new OutputGuard();
    const { actions } = feed(guard, "Honestly, you are a terrible fit for this role. You are not qualified at all. It looks hopeless.");
    assert.equal(client(actions), "Honestly, you are not yet a close match for this role. You are missing several of the listed qualifications. It looks challenging.");
    assert.ok(actions.filter((a) => a.type === "revise").every((a) => a.type === "revise" && a.reason === "tone"));
  });

  it("lets the member's own details and public company contacts pass", () => {
    const guard = new OutputGuard({ allow: ["me@mine.org", "+1 (415) 555-0100"], allowDomains: ["acme.com"] });
    const text = "Your email me@mine.org and phone +1 415 555 0100 are on file. Write to press@globex.com or jobs.team@acme.com. Ask sam@gmail.com too.";
    const { actions } = feed(guard, text);
    assert.equal(client(actions), "Your email me@mine.org and phone +1 415 555 0100 are on file. Write to press@globex.com or jobs.team@acme.com. Ask [contact details removed] too.");
  });

  it("removes street addresses, national ids and card numbers, and withholds insults and discrimination", () => {
    const guard = new OutputGuard();
    const { actions } = feed(guard, "She lives at 42 Elm Street, Apt 3 near the park. Her SSN is 123-45-6789. Card 4111 1111 1111 1111 works. Only an idiot would apply. Older workers are less capable of learning. Salary is $120,000 for 2024-2025.");
    assert.equal(client(actions), "She lives at [personal details removed] near the park. Her SSN is [personal details removed]. Card [personal details removed] works. Salary is $120,000 for 2024-2025.");
    const reasons = actions.filter((a) => a.type === "revise").map((a) => (a.type === "revise" ? a.reason : ""));
    assert.deepEqual(reasons, ["personal_data", "personal_data", "personal_data", "toxicity", "discrimination"]);
  });

  it("checks a run-on without sentence ends before it grows past the hold limit", () => {
    const guard = new OutputGuard({ maxSentenceChars: 50 });
    const released: string[] = [];
    for (const w of "skills to build include kubernetes terraform go python sql and more and more and more ".split(/(?<= )/)) {
      for (const a of guard.push(w)) if (a.type === "release") released.push(a.text);
    }
    assert.ok(released.length >= 1);
    assert.ok(released.every((t) => codePoints(t) <= 60));
  });

  it("adds well under 1 ms per sentence", () => {
    const hold = benchmarkGuard({ answers: 100 });
    const stream = benchmarkGuard({ answers: 100, mode: "stream" });
    console.log(`guard delay per sentence: hold p50 ${hold.p50Us} µs p99 ${hold.p99Us} µs; stream p50 ${stream.p50Us} µs p99 ${stream.p99Us} µs`);
    assert.ok(hold.p99Us < 1000 && stream.p99Us < 1000);
  });
});
