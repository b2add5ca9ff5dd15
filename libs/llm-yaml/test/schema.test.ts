import assert from 'node:assert/strict';
import { planSchema, SAMPLE_SKILLS, validate } from '../src/index.js';

describe('planSchema', () => {
  const schema = planSchema(SAMPLE_SKILLS);

  it('discriminates calls by skill name', () => {
    const items = (schema.properties!.calls!.items!.oneOf ?? []).map((b) => b.properties!.skill!.const);
    assert.deepEqual(items, SAMPLE_SKILLS.map((s) => s.name));
  });

  it('accepts valid plans and rejects invalid ones', () => {
    assert.ok(validate({ calls: [] }, schema));
    assert.ok(validate({ thought: 't', calls: [{ skill: 'people_search', args: { keywords: 'a', limit: 20 } }] }, schema));
    assert.ok(!validate({ calls: [{ skill: 'people_search', args: { keywords: 'a', limit: 21 } }] }, schema));
    assert.ok(!validate({ calls: [{ skill: 'job_details', args: {} }] }, schema));
    assert.ok(!validate({ calls: [{ skill: 'nope', args: {} }] }, schema));
    assert.ok(!validate({ thought: 't' }, schema));
    assert.ok(!validate({ calls: [{ skill: 'web_search', args: { query: 'q', freshness: 'year' } }] }, schema));
  });

  it('makes args optional for a skill without required inputs', () => {
    const s = planSchema([{ name: 'now', inputSchema: { type: 'object', properties: {} } }]);
    assert.ok(validate({ calls: [{ skill: 'now' }] }, s));
  });
});
