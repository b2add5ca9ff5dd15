import assert from 'node:assert/strict';
import { IncrementalPlanParser, loadCorpus, repair, RepairError, type PlanItem } from '../src/index.js';
import { chunk, PLAN, seeded } from './helpers.js';

function feed(text: string, chunks: string[]): { emitted: PlanItem[]; final: ReturnType<IncrementalPlanParser['end']> } {
  const p = new IncrementalPlanParser({ schema: PLAN });
  const emitted: PlanItem[] = [];
  for (const c of chunks) emitted.push(...p.push(c));
  assert.equal(chunks.join(''), text);
  return { emitted, final: p.end() };
}

describe('IncrementalPlanParser', () => {
  const corpus = loadCorpus();

  it('gives what repair gives, for random chunkings of every corpus case', () => {
    const rnd = seeded(7);
    const bad: string[] = [];
    for (const c of corpus) {
      for (let k = 0; k < 3; k++) {
        const chunks = chunk(c.input, rnd, k === 0 ? 3 : 40);
        let expected: unknown;
        try {
          expected = repair(c.input, { schema: PLAN }).value;
        } catch (e) {
          assert.ok(e instanceof RepairError);
          assert.throws(() => feed(c.input, chunks), RepairError, c.id);
          continue;
        }
        const { emitted, final } = feed(c.input, chunks);
        const v = expected as { calls: PlanItem[]; thought?: string };
        try {
          assert.deepEqual(final.items, v.calls);
          assert.equal(final.thought, v.thought);
          assert.deepEqual(emitted, v.calls.slice(0, emitted.length));
        } catch {
          bad.push(c.id);
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it('emits each item once, in order, before the next item is complete', () => {
    const text =
      'thought: Three calls.\ncalls:\n  - skill: job_details\n    args:\n      job_id: J-1\n  - skill: company_profile\n    args:\n      company: Acme Robotics\n  - skill: people_search\n    args:\n      keywords: recruiter\n      limit: 5\n';
    const p = new IncrementalPlanParser({ schema: PLAN });
    const at: number[] = [];
    const items: PlanItem[] = [];
    for (let i = 0; i < text.length; i++) {
      const got = p.push(text[i]!);
      for (const g of got) {
        items.push(g);
        at.push(i);
      }
    }
    const second = text.indexOf('  - skill: company_profile');
    const third = text.indexOf('  - skill: people_search');
    assert.equal(items.length, 2);
    assert.deepEqual(items[0], { skill: 'job_details', args: { job_id: 'J-1' } });
    assert.ok(at[0]! > second && at[0]! < text.indexOf('Acme'), `first item emitted at ${at[0]}`);
    assert.ok(at[1]! > third && at[1]! < text.indexOf('recruiter'), `second item emitted at ${at[1]}`);
    const end = p.end();
    assert.equal(end.items.length, 3);
    assert.deepEqual(end.items.slice(0, 2), items);
    assert.equal(end.thought, 'Three calls.');
  });

  it('handles chunks that split keys and markers', () => {
    const chunks = ['calls:\n  - sk', 'ill: job_de', 'tails\n    ar', 'gs:\n      job', '_id: J-1\n  -', ' ski', 'll: post_details\n', '    args: {post_id: p-9}'];
    const p = new IncrementalPlanParser({ schema: PLAN });
    const out = chunks.map((c) => p.push(c));
    assert.deepEqual(out.slice(0, 6), [[], [], [], [], [], []]);
    assert.deepEqual(out[6], [{ skill: 'job_details', args: { job_id: 'J-1' } }]);
    assert.deepEqual(p.end().items, [
      { skill: 'job_details', args: { job_id: 'J-1' } },
      { skill: 'post_details', args: { post_id: 'p-9' } },
    ]);
  });

  it('emits items of a JSON plan as they complete', () => {
    const text = '{"calls": [{"skill": "job_details", "args": {"job_id": "J-1"}}, {"skill": "post_details", "args": {"post_id": "p-2"}}]}';
    const p = new IncrementalPlanParser({ schema: PLAN });
    let firstAt = -1;
    for (let i = 0; i < text.length; i++) if (p.push(text[i]!).length && firstAt < 0) firstAt = i;
    assert.ok(firstAt > 0 && firstAt < text.indexOf('post_details'));
    assert.equal(p.end().items.length, 2);
  });

  it('emits the last item when the plan is followed by more top-level text', () => {
    const p = new IncrementalPlanParser({ schema: PLAN });
    const got = p.push('```yaml\ncalls:\n  - skill: job_details\n    args:\n      job_id: J-1\n```\n');
    assert.deepEqual(got, [{ skill: 'job_details', args: { job_id: 'J-1' } }]);
  });

  it('never emits an item before all of its lines are in, even when written flush left', () => {
    const text = 'thought: x\ncalls:\n- skill: people_search\nargs:\nkeywords: sre\nlimit: 5\n- skill: skill_insights\nargs: {skill: Go, include_trends: true}\n- skill: course_search\nargs:\nskills:\n- Go\n- Rust\n';
    const p = new IncrementalPlanParser({ schema: PLAN });
    const emitted: PlanItem[] = [];
    for (const ch of text) emitted.push(...p.push(ch));
    const expected = repair(text, { schema: PLAN }).value as { calls: PlanItem[] };
    assert.deepEqual(emitted, expected.calls.slice(0, emitted.length));
    assert.deepEqual(emitted.slice(0, 2), [
      { skill: 'people_search', args: { keywords: 'sre', limit: 5 } },
      { skill: 'skill_insights', args: { skill: 'Go', include_trends: true } },
    ]);
  });

  it('coerces items against the per-skill args schema', () => {
    const p = new IncrementalPlanParser({ schema: PLAN });
    const got = p.push('calls:\n  - skill: people_search\n    args:\n      keywords: sre\n      limit: "5"\n  - skill: web_search\n');
    assert.deepEqual(got, [{ skill: 'people_search', args: { keywords: 'sre', limit: 5 } }]);
  });

  it('stays cheap on a long plan fed one character at a time', () => {
    const calls = Array.from({ length: 12 }, (_, i) => `  - skill: people_search\n    args:\n      keywords: engineer number ${i} who knows accessibility\n      company: Acme Robotics\n      limit: 5\n`).join('');
    const text = `thought: A long plan.\ncalls:\n${calls}`;
    assert.ok(text.length > 1500);
    const p = new IncrementalPlanParser({ schema: PLAN });
    const t0 = performance.now();
    let n = 0;
    for (const ch of text) n += p.push(ch).length;
    const end = p.end();
    const ms = performance.now() - t0;
    assert.equal(n, 11);
    assert.equal(end.items.length, 12);
    assert.ok(p.reparses <= 13, `reparsed ${p.reparses} times`);
    assert.ok(ms < 1000, `${ms} ms`);
  });
});
