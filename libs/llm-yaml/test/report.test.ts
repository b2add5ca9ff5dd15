import assert from 'node:assert/strict';
import { benchmark, corpusReport, formatReport, loadCorpus } from '../src/index.js';

describe('corpus report', () => {
  it('counts plain YAML.parse and repair successes per category', () => {
    const r = corpusReport();
    const total = loadCorpus().length;
    assert.equal(r.total.total, total);
    assert.equal(r.categories.reduce((n, c) => n + c.total, 0), total);
    const wf = r.categories.find((c) => c.category === 'well_formed')!;
    assert.equal(wf.plain, wf.total);
    assert.equal(wf.repaired, wf.total);
    assert.ok(r.total.repaired > r.total.plain);
    for (const c of r.categories) assert.ok(c.plain <= c.total && c.repaired <= c.total);
  });

  it('formats a table', () => {
    const t = formatReport(corpusReport());
    const lines = t.split('\n');
    assert.match(lines[0]!, /category/);
    assert.match(lines[1]!, /^\|-+\|-+:\|/);
    assert.match(lines[lines.length - 1]!, /total/);
  });

  it('measures throughput', () => {
    const b = benchmark({ minMs: 50 });
    assert.ok(b.mbPerSecond > 0 && b.bytes > 0 && b.runs >= 1);
  });
});
