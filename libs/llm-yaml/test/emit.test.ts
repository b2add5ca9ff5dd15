import assert from 'node:assert/strict';
import YAML from 'yaml';
import { compactYaml } from '../src/index.js';
import { seeded } from './helpers.js';

const back = (v: unknown) => YAML.parse(compactYaml(v)) as unknown;

// Strings a YAML writer must quote, or that look as if it should.
const TRICKY = [
  '', ' ', 'a ', ' a', 'null', 'Null', '~', 'true', 'FALSE', 'yes', 'no', 'on', '0', '-1', '+1', '1.5', '.5', '1e3', '1E-3', '0x1F', '0o17',
  '1_000', '.inf', '-.Inf', '.NaN', '2024-01-31', '12:30', '70000-90000 EUR', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', '#tag', '- item', '-x', '?', '? q',
  ':', '[x]', '{x}', 'a, b', 'x]', '&anchor', '*alias', '!tag', '|', '>', "'quoted'", '"quoted"', '%TAG', '@user', '`tick`', 'line\nbreak',
  'tab\there', 'carriage\rreturn', 'ünïcödé 😀', 'zero\u200bwidth', 'bom\ufeff', 'nel\u0085', 'ls\u2028', 'back\\slash', 'C++ / C#', 'https://x.example/a?b=c#d',
  '---', '...', '<<', '=', 'TypeScript', 'Senior Accessibility Engineer',
];

describe('compactYaml', () => {
  it('reads back every tricky string as itself, as a value, a key and a list item', () => {
    for (const s of TRICKY) {
      assert.deepEqual(back(s), s, JSON.stringify(s));
      assert.deepEqual(back({ [s]: s }), { [s]: s }, JSON.stringify(s));
      assert.deepEqual(back({ k: [s, 'x'] }), { k: [s, 'x'] }, JSON.stringify(s));
      assert.deepEqual(back({ k: [{ a: s }] }), { k: [{ a: s }] }, JSON.stringify(s));
    }
  });

  it('reads back numbers, booleans, null and nesting as given', () => {
    const v = { n: 0, f: -1.25, big: 1e21, t: true, f2: false, z: null, list: [1, 'a', false, null], deep: { a: { b: [{ c: [[1, 2], []] }, {}] } } };
    assert.deepEqual(back(v), v);
    assert.deepEqual(back([]), []);
    assert.deepEqual(back({}), {});
    assert.deepEqual(back([[{ a: 1 }], [[]]]), [[{ a: 1 }], [[]]]);
  });

  it('writes lists of scalars inline and lists of maps unindented under their key', () => {
    assert.equal(
      compactYaml({ id: 'job-00042', skills: ['TypeScript', 'a, b'], results: [{ title: 'T', tags: ['x'] }, { title: 'U' }], company: { name: 'Acme' } }),
      'id: job-00042\nskills: [TypeScript, "a, b"]\nresults:\n- title: T\n  tags: [x]\n- title: U\ncompany:\n  name: Acme\n',
    );
  });

  it('leaves out undefined values, as JSON does', () => {
    assert.equal(compactYaml({ a: undefined, b: 1 }), 'b: 1\n');
    assert.deepEqual(back([{ a: undefined }]), [{}]);
  });

  it('reads back random JSON-like values', () => {
    const rnd = seeded(7);
    const alphabet = 'ab :#-,[]{}\'"\n\t?&*!|>%@`~.01e+xy\\ü';
    const str = () => Array.from({ length: Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.4) return [str(), Math.round(rnd() * 1000) / 10, rnd() < 0.5, null][Math.floor(rnd() * 4)];
      if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [str(), value(depth + 1)]));
    };
    for (let i = 0; i < 2_000; i++) {
      const v = value(0);
      assert.deepEqual(back(v), v, compactYaml(v));
    }
  });
});
