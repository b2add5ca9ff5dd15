import assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import { repair, SAMPLE_SKILLS, validate } from '../src/index.js';
import { PLAN, seeded } from './helpers.js';

// Valid plans, written by a real YAML emitter in many styles, must come back unchanged.
const NASTY = [
  'Acme Robotics',
  'Acme: the robot company',
  'C# developer',
  'query #1',
  '@acme',
  '- dash first',
  '[bracket] start',
  '{brace} start',
  '"quoted" start',
  "it's",
  'trailing space ',
  'multi\nline',
  '00123',
  'NO',
  'true',
  '2024-01-05',
  '1e5',
  '~tilde',
  'ünïcödé ✓',
  'https://example.com/a?b=c#d',
  '18:30',
  '| pipe',
  '> angle',
  '* star',
  '!bang',
  '%percent',
  '&amp',
  '`tick`',
  'back\\slash',
  'tab\there',
  '',
];

function value(rnd: () => number): unknown {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const str = (): string => (rnd() < 0.5 ? pick(NASTY) : `word${Math.floor(rnd() * 1000)}`);
  const calls = Array.from({ length: Math.floor(rnd() * 4) }, () => {
    const s = pick(SAMPLE_SKILLS);
    const props = s.inputSchema.properties ?? {};
    const args: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(props)) {
      if (!s.inputSchema.required?.includes(k) && rnd() < 0.5) continue;
      if (p.enum) args[k] = pick(p.enum);
      else if (p.type === 'integer') args[k] = 1 + Math.floor(rnd() * 20);
      else if (p.type === 'boolean') args[k] = rnd() < 0.5;
      else if (p.type === 'array') args[k] = Array.from({ length: 1 + Math.floor(rnd() * 3) }, str);
      else {
        let v = str();
        while (!s.inputSchema.required?.includes(k) && v === '') v = str();
        args[k] = v;
      }
    }
    return { skill: s.name, args };
  });
  return rnd() < 0.8 ? { thought: str(), calls } : { calls };
}

describe('repair never changes a valid document', () => {
  it('returns 600 emitted plans unchanged with zero repairs', () => {
    const rnd = seeded(99);
    for (let n = 0; n < 600; n++) {
      const v = value(rnd);
      const text = stringify(v, {
        indent: [2, 4][n % 2]!,
        indentSeq: n % 3 !== 0,
        defaultStringType: (['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'] as const)[n % 4]!,
        collectionStyle: n % 7 === 0 ? 'flow' : 'any',
        lineWidth: n % 5 === 0 ? 20 : 80,
      });
      const plain: unknown = parse(text);
      assert.ok(validate(plain, PLAN), text);
      assert.deepEqual(repair(text, { schema: PLAN }), { value: plain, repairs: [] }, text);
      assert.deepEqual(repair(JSON.stringify(v, null, n % 2 ? 2 : 0), { schema: PLAN }), { value: v, repairs: [] });
    }
  });

  it('returns valid YAML untouched when no schema is given', () => {
    const rnd = seeded(5);
    for (let n = 0; n < 200; n++) {
      const v = value(rnd);
      const text = stringify(v);
      assert.deepEqual(repair(text), { value: parse(text), repairs: [] });
    }
  });
});
