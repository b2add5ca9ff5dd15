import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_QUESTIONS_FILE, parseDuration, parseLoadArgs, parseQuestions, runLoadCommand } from "../src/index.js";

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

describe("springboard load arguments", () => {
  it("reads durations", () => {
    assert.equal(parseDuration("500ms", "--x"), 500);
    assert.equal(parseDuration("30s", "--x"), 30_000);
    assert.equal(parseDuration("1.5m", "--x"), 90_000);
    assert.equal(parseDuration("1h", "--x"), 3_600_000);
    assert.equal(parseDuration("12", "--x"), 12_000);
    for (const bad of ["", "abc", "5x", "-3s", "s", "1e3s"]) assert.throws(() => parseDuration(bad, "--x"), /--x must be a duration/);
  });

  it("exits 2 on a bad duration, count, option or questions file, before touching the network", async () => {
    const dir = mkdtempSync(join(tmpdir(), "load-args-"));
    const broken = join(dir, "broken.jsonl");
    writeFileSync(broken, '{"question": "ok"}\nnot json\n');
    const cases = [
      ["--duration", "soon"],
      ["--duration", "0s"],
      ["--count", "0"],
      ["--count", "3.5"],
      ["--concurrency", "many"],
      ["--timeout", "0"],
      ["--bogus"],
      ["extra-positional"],
      ["--questions", join(dir, "missing.jsonl")],
      ["--questions", broken],
    ];
    for (const args of cases) {
      const { out, io } = capture();
      const code = await runLoadCommand([...args, "--addr", "127.0.0.1:1"], io);
      assert.equal(code, 2, `${args.join(" ")} → ${code}: ${out.stderr}`);
      assert.match(out.stderr, /usage: springboard load/);
    }
    const { out, io } = capture();
    await runLoadCommand(["--questions", broken], io);
    assert.match(out.stderr, /broken\.jsonl:2: not JSON/);
  });

  it("prints help with exit 0", async () => {
    const { out, io } = capture();
    assert.equal(await runLoadCommand(["--help"], io), 0);
    assert.match(out.stdout, /--ramp-up/);
  });

  it("exits 1 with a hint when the gateway is unreachable", async () => {
    const { out, io } = capture();
    const code = await runLoadCommand(["--addr", "127.0.0.1:1", "--count", "1"], io);
    assert.equal(code, 1);
    assert.match(out.stderr, /npx springboard up/);
  });

  it("fills in defaults", () => {
    const o = parseLoadArgs(["--addr", "gw:1234", "--count", "10"]);
    assert.equal(o.address, "gw:1234");
    assert.equal(o.count, 10);
    assert.equal(o.durationMs, undefined);
    assert.equal(o.concurrency, 8);
    assert.equal(o.connections, 1);
    assert.equal(o.timeoutMs, 60_000);
    assert.match(o.out, /\.springboard\/load\/\d{4}-\d\d-\d\dT/);
    assert.equal(parseLoadArgs([]).durationMs, 30_000);
    assert.equal(parseLoadArgs(["--duration", "2m", "--ramp-up", "5s"]).rampUpMs, 5_000);
  });

  it("reads question files, with or without context", () => {
    const qs = parseQuestions('{"question":"a?"}\n\n{"question":"b?","context":{"kind":"CONTENT_KIND_JOB","id":"job-00001"}}\n');
    assert.deepEqual(qs, [{ question: "a?" }, { question: "b?", context: { kind: "job", id: "job-00001" } }]);
    assert.throws(() => parseQuestions('{"question":"x","context":{"kind":"planet","id":"p"}}'), /kind/);
    assert.throws(() => parseQuestions(""), /no questions/);
  });

  it("ships a default question set of varied, existing content", () => {
    const qs = parseLoadArgs([]).questions;
    assert.ok(qs.length >= 35 && qs.length <= 50, `${qs.length} questions in ${DEFAULT_QUESTIONS_FILE}`);
    const ranges: Record<string, [RegExp, number]> = { job: [/^job-(\d{5})$/, 100], company: [/^company-(\d{4})$/, 50], post: [/^post-(\d{5})$/, 100] };
    const kinds = new Set<string>();
    for (const q of qs) {
      if (!q.context) continue;
      kinds.add(q.context.kind);
      const [re, max] = ranges[q.context.kind]!;
      const n = Number(re.exec(q.context.id)?.[1]);
      assert.ok(n >= 1 && n <= max, `${q.context.id} is outside the sample dataset's ${q.context.kind} range`);
    }
    assert.deepEqual([...kinds].sort(), ["company", "job", "post"]);
    assert.ok(qs.filter((q) => !q.context).length >= 3);
    assert.equal(new Set(qs.map((q) => q.question)).size, qs.length);
  });
});
