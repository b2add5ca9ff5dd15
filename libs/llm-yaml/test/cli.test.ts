import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planSchema, runRepairYamlCommand, SAMPLE_SKILLS } from '../src/index.js';

function run(args: string[], stdin: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runRepairYamlCommand(args, { stdin, stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('repair-yaml command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-yaml-'));
  const jsonSchema = join(dir, 'plan.json');
  writeFileSync(jsonSchema, JSON.stringify(planSchema(SAMPLE_SKILLS)));
  const yamlSchema = join(dir, 'args.yaml');
  writeFileSync(yamlSchema, 'type: object\nproperties:\n  job_id: {type: string}\n  limit: {type: integer}\nrequired: [job_id]\nadditionalProperties: false\n');

  it('prints the repaired value as JSON', () => {
    const r = run([], '```yaml\nthought: x\ncalls:\n  - skill: job_details\n    args:\n      job_id:00123\n```');
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
    assert.deepEqual(JSON.parse(r.out), { thought: 'x', calls: [{ skill: 'job_details', args: { job_id: 123 } }] });
  });

  it('coerces to a JSON schema file', () => {
    const r = run(['--schema', jsonSchema], 'calls:\n  - skill: job_details\n    args:\n      job_id: 00123\n');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), { calls: [{ skill: 'job_details', args: { job_id: '00123' } }] });
  });

  it('coerces to a YAML schema file', () => {
    const r = run([`--schema=${yamlSchema}`], 'JobId: 007\nlimit: "3"\nextra: 1\n');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { job_id: '007', limit: 3 });
  });

  it('fails with one line and exit 2 when the text cannot be repaired', () => {
    const r = run(['--schema', jsonSchema], "I'm sorry, I can't help with that.");
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^repair-yaml: .+\n$/);
    assert.equal(r.err.split('\n').length, 2);
  });

  it('fails cleanly on a missing schema file or a bad argument', () => {
    for (const args of [['--schema', join(dir, 'nope.json')], ['--bogus'], ['--schema']]) {
      const r = run(args, 'a: 1');
      assert.equal(r.code, 2);
      assert.match(r.err, /^repair-yaml: [^\n]+\n$/);
    }
  });

  it('prints the corpus report', () => {
    const r = run(['--report'], '');
    assert.equal(r.code, 0);
    assert.match(r.out, /\| category +\| cases \| +YAML\.parse \| +repair \|/);
    assert.match(r.out, /well_formed/);
  });
});
