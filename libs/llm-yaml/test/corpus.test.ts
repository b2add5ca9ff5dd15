import assert from 'node:assert/strict';
import { loadCorpus, repair, RepairError } from '../src/index.js';
import { PLAN } from './helpers.js';

const MALFORMATION_CATEGORIES = [
  'fences_chatter',
  'unquoted_colon',
  'unquoted_special',
  'tabs',
  'invisible_spaces',
  'indentation',
  'colon_space',
  'json_flow',
  'smart_quotes',
  'unclosed_quotes',
  'invalid_escapes',
  'duplicate_keys',
  'truncated',
  'repeated_block',
  'list_markers',
  'equals_sign',
  'crlf',
  'wrapper_key',
  'bare_list',
  'scalar_typing',
  'enum_case',
  'key_aliases',
  'comma_lists',
  'booleans',
  'nullish_optional',
  'unknown_keys_range',
];

describe('corpus', () => {
  const corpus = loadCorpus();
  const by = (cat: string) => corpus.filter((c) => c.category === cat);

  it('has enough realistic cases in every category', () => {
    assert.ok(corpus.length >= 320, `${corpus.length} cases`);
    assert.ok(by('well_formed').length >= 60);
    assert.ok(by('combinations').length >= 20);
    assert.ok(by('hopeless').length >= 15);
    for (const cat of MALFORMATION_CATEGORIES) assert.ok(by(cat).length >= 10, `${cat}: ${by(cat).length}`);
    for (const c of corpus) assert.ok(typeof c.input === 'string' && (c.error === true || c.expected !== undefined), c.id);
    assert.equal(new Set(corpus.map((c) => c.id)).size, corpus.length);
  });

  it('returns every well-formed case unchanged, with zero repairs', () => {
    for (const c of by('well_formed')) assert.deepEqual(repair(c.input, { schema: PLAN }), { value: c.expected, repairs: [] }, c.id);
  });

  it('rejects every hopeless case with a one-line RepairError', () => {
    for (const c of by('hopeless')) {
      assert.throws(
        () => repair(c.input, { schema: PLAN }),
        (e: unknown) => e instanceof RepairError && e.reason.length > 0 && !e.reason.includes('\n'),
        c.id,
      );
    }
  });

  it('repairs at least 99% of malformed cases exactly', () => {
    const malformed = corpus.filter((c) => c.category !== 'well_formed' && c.category !== 'hopeless');
    const failures: string[] = [];
    for (const c of malformed) {
      try {
        const r = repair(c.input, { schema: PLAN });
        assert.deepEqual(r.value, c.expected);
      } catch (e) {
        failures.push(`${c.id}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    const rate = 1 - failures.length / malformed.length;
    assert.ok(rate >= 0.99, `${(rate * 100).toFixed(1)}% repaired; failures:\n${failures.join('\n')}`);
  });

  it('reports what it repaired on malformed cases that plain YAML gets wrong', () => {
    for (const c of corpus.filter((x) => x.category !== 'well_formed' && x.category !== 'hopeless')) {
      const r = repair(c.input, { schema: PLAN });
      if (r.repairs.length === 0) assert.deepEqual(r.value, c.expected, `${c.id}: no repairs reported`);
    }
  });
});
