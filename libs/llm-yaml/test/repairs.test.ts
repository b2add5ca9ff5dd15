import assert from 'node:assert/strict';
import { repair, RepairError, type JSONSchema } from '../src/index.js';
import { PLAN } from './helpers.js';

const kinds = (text: string): string[] => repair(text, { schema: PLAN }).repairs.map((r) => r.kind);
const value = (text: string): unknown => repair(text, { schema: PLAN }).value;
const one = (skill: string, args: Record<string, unknown>, thought?: string): unknown => ({
  ...(thought !== undefined ? { thought } : {}),
  calls: [{ skill, args }],
});

describe('repair: one malformation at a time', () => {
  it('leaves a valid plan alone, with no repairs', () => {
    const text = 'thought: Look it up.\ncalls:\n  - skill: job_details\n    args:\n      job_id: job-1\n';
    assert.deepEqual(repair(text, { schema: PLAN }), { value: one('job_details', { job_id: 'job-1' }, 'Look it up.'), repairs: [] });
  });

  it('strips fences and chatter', () => {
    const text = "Sure! Here's the plan:\n```yaml\ncalls:\n  - skill: company_profile\n    args:\n      company: Acme Robotics\n```\nAnything else?";
    assert.deepEqual(value(text), one('company_profile', { company: 'Acme Robotics' }));
    assert.ok(kinds(text).includes('fence'));
  });

  it('reads an unclosed fence to the end', () => {
    assert.deepEqual(value('```yaml\ncalls:\n  - skill: post_details\n    args:\n      post_id: p-1\n'), one('post_details', { post_id: 'p-1' }));
  });

  it('keeps ": " inside an unquoted value', () => {
    const text = 'thought: Plan: profile first.\ncalls:\n  - skill: web_search\n    args:\n      query: Acme: layoffs\n';
    assert.deepEqual(value(text), one('web_search', { query: 'Acme: layoffs' }, 'Plan: profile first.'));
    assert.ok(kinds(text).includes('quoted_value'));
  });

  for (const v of ['@acme recruiters', '`kubectl` tips', '%20 jobs', '*senior* roles', '& partners', '!important css', '| pipes', '> 5 years', '[Remote] roles', '{company} careers']) {
    it(`reads a value starting with ${v[0]} as text`, () => {
      assert.deepEqual(value(`calls:\n  - skill: web_search\n    args:\n      query: ${v}\n`), one('web_search', { query: v }));
    });
  }

  it('does not read a real flow list as text', () => {
    assert.deepEqual(value('calls:\n  - skill: course_search\n    args:\n      skills: [Go, Rust]\n      limit: 3 \n'), one('course_search', { skills: ['Go', 'Rust'], limit: 3 }));
  });

  it('replaces tab indentation', () => {
    const text = 'calls:\n\t- skill: job_details\n\t  args:\n\t\t  job_id: J-2\n';
    assert.deepEqual(value(text), one('job_details', { job_id: 'J-2' }));
    assert.ok(kinds(text).includes('tab'));
  });

  it('replaces non-breaking and zero-width spaces', () => {
    const text = 'calls:\n\u00a0\u00a0- skill: company_profile\n\u00a0\u00a0\u00a0\u00a0args:\n      com\u200bpany: Acme\u00a0Robotics\n';
    assert.deepEqual(value(text), one('company_profile', { company: 'Acme Robotics' }));
    assert.ok(kinds(text).includes('nbsp') && kinds(text).includes('zero_width'));
  });

  it("nests args' children written at the level of args:", () => {
    const text = 'calls:\n  - skill: people_search\n    args:\n    keywords: designer\n    limit: 5\n  - skill: company_profile\n    args:\n    company: Contoso\n';
    assert.deepEqual(value(text), {
      calls: [
        { skill: 'people_search', args: { keywords: 'designer', limit: 5 } },
        { skill: 'company_profile', args: { company: 'Contoso' } },
      ],
    });
  });

  it('nests a same-level "skill" argument of skill_insights under args', () => {
    const text = 'calls:\n  - skill: skill_insights\n    args:\n    skill: Rust\n';
    assert.deepEqual(value(text), one('skill_insights', { skill: 'Rust' }));
  });

  it('puts list items written at the wrong level back in the list', () => {
    const text = 'calls:\n  - skill: job_details\n    args:\n      job_id: J-1\n    - skill: member_profile\n      args:\n        member_id: m-1\n - skill: post_details\n   args:\n     post_id: p-1\n';
    assert.deepEqual(value(text), {
      calls: [
        { skill: 'job_details', args: { job_id: 'J-1' } },
        { skill: 'member_profile', args: { member_id: 'm-1' } },
        { skill: 'post_details', args: { post_id: 'p-1' } },
      ],
    });
  });

  it('re-aligns over- and under-indented keys', () => {
    const text = 'calls:\n  - skill: people_search\n    args:\n      keywords: sre\n       company: Contoso\n     limit: 4\n';
    assert.deepEqual(value(text), one('people_search', { keywords: 'sre', company: 'Contoso', limit: 4 }));
  });

  it('adds the missing space after a colon, but not inside URLs or times', () => {
    const text = 'thought:Quick look.\ncalls:\n  - skill: job_details\n    args:\n      job_id:job-1\n  - skill: web_search\n    args:\n      query: meetup at 18:30 https://example.com/a:b\n';
    assert.deepEqual(value(text), {
      thought: 'Quick look.',
      calls: [
        { skill: 'job_details', args: { job_id: 'job-1' } },
        { skill: 'web_search', args: { query: 'meetup at 18:30 https://example.com/a:b' } },
      ],
    });
    assert.ok(kinds(text).includes('colon_space'));
  });

  it('reads a URL list item as a value, not a key', () => {
    assert.deepEqual(
      value('calls:\n  - skill: course_search\n    args:\n      skills:\n        - http://a.example/x\n        - Go\n'),
      one('course_search', { skills: ['http://a.example/x', 'Go'] }),
    );
  });

  it('reads JSON with trailing commas, single quotes and unquoted keys', () => {
    const text = "{thought: 'Two calls.', calls: [{skill: 'job_details', args: {job_id: 'J-9',},}, {\"skill\": \"post_details\", \"args\": {\"post_id\": \"p-2\"}},],}";
    assert.deepEqual(value(text), {
      thought: 'Two calls.',
      calls: [
        { skill: 'job_details', args: { job_id: 'J-9' } },
        { skill: 'post_details', args: { post_id: 'p-2' } },
      ],
    });
  });

  it('reads JSON with comments and Python literals', () => {
    const text = '{\n  // the plan\n  "calls": [{"skill": "skill_insights", "args": {"skill": "Go", "include_trends": True, "x": None}}]\n}';
    assert.deepEqual(value(text), one('skill_insights', { skill: 'Go', include_trends: true }));
  });

  it('reads smart quotes as quotes', () => {
    const text = 'thought: “Look: at the job.”\ncalls:\n  - skill: web_search\n    args:\n      query: ‘what’s new at Acme’\n';
    assert.deepEqual(value(text), one('web_search', { query: 'what’s new at Acme' }, 'Look: at the job.'));
    assert.ok(kinds(text).includes('smart_quote'));
  });

  it('closes an unclosed quote at the end of its line', () => {
    const text = 'thought: "Check the company\ncalls:\n  - skill: company_profile\n    args:\n      company: "Acme Robotics\n  - skill: web_search\n    args:\n      query: \'acme news\n';
    assert.deepEqual(value(text), {
      thought: 'Check the company',
      calls: [
        { skill: 'company_profile', args: { company: 'Acme Robotics' } },
        { skill: 'web_search', args: { query: 'acme news' } },
      ],
    });
    assert.ok(kinds(text).includes('unclosed_quote'));
  });

  it('keeps invalid escapes as text', () => {
    const text = 'calls:\n  - skill: web_search\n    args:\n      query: "regex \\d+ at C:\\Users\\rita and it\\\'s fine"\n';
    assert.deepEqual(value(text), one('web_search', { query: "regex \\d+ at C:\\Users\\rita and it's fine" }));
    assert.ok(kinds(text).includes('invalid_escape'));
  });

  it('keeps valid escapes', () => {
    const text = 'calls:\n  - skill: web_search\n    args:\n      query: "say \\"hi\\" \\u00e9"\n      bogus: x: y\n';
    assert.deepEqual(value(text), one('web_search', { query: 'say "hi" é' }));
  });

  it('lets the last duplicate key win', () => {
    const text = 'calls:\n  - skill: people_search\n    args:\n      keywords: a\n      limit: 3\n      limit: 7\n';
    assert.deepEqual(value(text), one('people_search', { keywords: 'a', limit: 7 }));
    assert.ok(kinds(text).includes('duplicate_key'));
  });

  it('drops an incomplete last item of a truncated answer', () => {
    const head = 'calls:\n  - skill: job_details\n    args:\n      job_id: J-1\n';
    for (const tail of ['  - skill: people_search\n    args:\n      keyw', '  - skill: people_search\n    args:', '  - skill: web_search\n    args:\n      query: "acme la', '  - sk', '  - skill: web_search\n']) {
      assert.deepEqual(value(head + tail), one('job_details', { job_id: 'J-1' }), tail);
      assert.ok(kinds(head + tail).includes('truncated'), tail);
    }
  });

  it('drops an incomplete last item of truncated JSON', () => {
    assert.deepEqual(value('{"calls": [{"skill": "post_details", "args": {"post_id": "p-1"}}, {"skill": "web_se'), one('post_details', { post_id: 'p-1' }));
  });

  it('takes the first of a repeated block', () => {
    const block = 'thought: A.\ncalls:\n  - skill: post_details\n    args:\n      post_id: p-1\n';
    assert.deepEqual(value(block + block.replace('p-1', 'p-2')), one('post_details', { post_id: 'p-1' }, 'A.'));
    assert.ok(kinds(block + block).includes('repeated_block'));
  });

  it('takes the first complete of several documents', () => {
    const text = '---\n---\nthought: A.\ncalls:\n  - skill: post_details\n    args:\n      post_id: p-1\n---\ncalls: []\n';
    assert.deepEqual(value(text), one('post_details', { post_id: 'p-1' }, 'A.'));
  });

  it('reads *, • and 1. list markers', () => {
    for (const m of ['*', '•', '1.', '1)']) {
      const text = `calls:\n  ${m} skill: job_details\n    args:\n      job_id: J-3\n`;
      assert.deepEqual(value(text), one('job_details', { job_id: 'J-3' }), m);
      assert.ok(kinds(text).includes('list_marker'), m);
    }
  });

  it('reads key = value', () => {
    const text = 'thought = Look.\ncalls:\n  - skill = people_search\n    args:\n      keywords = data engineer\n      limit=3\n';
    assert.deepEqual(value(text), one('people_search', { keywords: 'data engineer', limit: 3 }, 'Look.'));
    assert.ok(kinds(text).includes('equals_sign'));
  });

  it('reads CRLF line endings', () => {
    const text = 'calls:\r\n  - skill: job_details\r\n    args:\r\n      job_id: "J-1\r\n';
    assert.deepEqual(value(text), one('job_details', { job_id: 'J-1' }));
  });

  it('unwraps a wrapper key', () => {
    const text = 'plan:\n  thought: A.\n  calls:\n    - skill: post_details\n      args:\n        post_id: p-1\n';
    assert.deepEqual(value(text), one('post_details', { post_id: 'p-1' }, 'A.'));
    assert.ok(kinds(text).includes('wrapper'));
  });

  it('reads a bare list of items as calls', () => {
    const text = '- skill: post_details\n  args:\n    post_id: p-1\n';
    assert.deepEqual(value(text), one('post_details', { post_id: 'p-1' }));
    assert.deepEqual(value('thought: A.\n- skill: post_details\n  args:\n    post_id: p-1\n'), one('post_details', { post_id: 'p-1' }, 'A.'));
  });

  it('moves args written straight on the item under args', () => {
    assert.deepEqual(value('calls:\n  - skill: job_details\n    job_id: J-5\n'), one('job_details', { job_id: 'J-5' }));
  });

  it('maps synonyms of skill and args', () => {
    assert.deepEqual(value('calls:\n  - tool: job_details\n    arguments:\n      job_id: J-5\n'), one('job_details', { job_id: 'J-5' }));
  });
});

describe('repair: schema coercion', () => {
  const args = (skill: string, body: string): unknown => (value(`calls:\n  - skill: ${skill}\n    args:\n${body}`) as { calls: { args: unknown }[] }).calls[0]!.args;

  it('types scalars by the schema, not by YAML', () => {
    assert.deepEqual(args('job_details', '      job_id: 00123\n'), { job_id: '00123' });
    assert.deepEqual(args('company_profile', '      company: NO\n'), { company: 'NO' });
    assert.deepEqual(args('post_details', '      post_id: 2024-01-05\n'), { post_id: '2024-01-05' });
    assert.deepEqual(args('member_profile', '      member_id: 1.50\n'), { member_id: '1.50' });
  });

  it('turns number strings into integers', () => {
    assert.deepEqual(args('people_search', '      keywords: a\n      limit: "5"\n'), { keywords: 'a', limit: 5 });
  });

  it('matches enum values case-insensitively', () => {
    assert.deepEqual(args('web_search', '      query: q\n      freshness: WEEK\n'), { query: 'q', freshness: 'week' });
    assert.deepEqual(value('calls:\n  - skill: Web-Search\n    args:\n      query: q\n'), one('web_search', { query: 'q' }));
  });

  it('maps key aliases', () => {
    assert.deepEqual(args('skill_insights', '      Skill: Go\n      includeTrends: true\n'), { skill: 'Go', include_trends: true });
    assert.deepEqual(args('job_details', '      JobID: J-1\n'), { job_id: 'J-1' });
  });

  it('splits comma lists where a list of strings is wanted', () => {
    assert.deepEqual(args('course_search', '      skills: Go, Rust\n'), { skills: ['Go', 'Rust'] });
    assert.deepEqual(args('course_search', '      skills: Go\n'), { skills: ['Go'] });
  });

  it('reads yes/no and quoted booleans', () => {
    for (const [t, v] of [['yes', true], ['No', false], ['True', true], ['"false"', false]] as const) {
      assert.deepEqual(args('skill_insights', `      skill: Go\n      include_trends: ${t}\n`), { skill: 'Go', include_trends: v });
    }
  });

  it('drops null-ish optional values', () => {
    for (const t of ['null', 'None', 'N/A', '""', '~', '', 'NULL']) {
      assert.deepEqual(args('people_search', `      keywords: a\n      limit: ${t}\n`), { keywords: 'a' }, t);
      assert.deepEqual(args('web_search', `      query: a\n      freshness: ${t}\n`), { query: 'a' }, t);
    }
    for (const t of ['null', '~', '']) assert.deepEqual(args('people_search', `      keywords: a\n      company: ${t}\n`), { keywords: 'a' }, t);
    assert.deepEqual(args('people_search', '      keywords: a\n      company: N/A\n'), { keywords: 'a', company: 'N/A' }, 'a valid string stays');
  });

  it('drops unknown keys only where additionalProperties is false', () => {
    assert.deepEqual(args('web_search', '      query: q\n      lang: en\n'), { query: 'q' });
    const open: JSONSchema = { type: 'object', properties: { a: { type: 'string' } } };
    assert.deepEqual(repair('a: x\nb: 1\n', { schema: open }).value, { a: 'x', b: 1 });
  });

  it('drops an out-of-range optional number and rejects a required one', () => {
    assert.deepEqual(args('people_search', '      keywords: a\n      limit: 50\n'), { keywords: 'a' });
    assert.ok(kinds('calls:\n  - skill: people_search\n    args:\n      keywords: a\n      limit: 50\n').includes('out_of_range'));
    const s: JSONSchema = { type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 3 } }, required: ['n'] };
    assert.throws(() => repair('n: 9\n', { schema: s }), RepairError);
  });

  it('supports const, anyOf, type arrays and defaults', () => {
    const s: JSONSchema = {
      type: 'object',
      properties: {
        kind: { const: 'x' },
        v: { type: ['integer', 'null'] },
        w: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
        d: { type: 'string', default: 'dflt' },
      },
      required: ['kind', 'd'],
    };
    assert.deepEqual(repair('kind: X\nv: null\nw: abc\n', { schema: s }).value, { kind: 'x', v: null, w: 'abc', d: 'dflt' });
  });
});

describe('repair: hopeless answers', () => {
  const fails = (text: string, re: RegExp): void => {
    assert.throws(
      () => repair(text, { schema: PLAN }),
      (e: unknown) => e instanceof RepairError && re.test(e.reason) && !e.reason.includes('\n'),
    );
  };
  it('rejects refusals', () => fails("I'm sorry, but I can't help with that.", /refused/));
  it('rejects prose with no plan', () => fails('Acme Robotics builds warehouse robots in Austin.', /no YAML plan|expected|missing/));
  it('rejects a call missing a required argument', () => fails('calls:\n  - skill: job_details\n    args: {}\n  - skill: post_details\n    args: {post_id: p}\n', /job_id/));
  it('rejects a plan whose calls all name unknown skills', () => fails('calls:\n  - skill: send_email\n    args: {to: x}\n', /known skill/));
  it('drops unknown skills when others are known', () => {
    assert.deepEqual(value('calls:\n  - skill: send_email\n    args: {to: x}\n  - skill: post_details\n    args: {post_id: p}\n'), one('post_details', { post_id: 'p' }));
  });
});

describe('repair without a schema', () => {
  it('repairs syntax only', () => {
    assert.deepEqual(repair('```yaml\nfoo:bar\nn: 00123\n```').value, { foo: 'bar', n: 123 });
  });
  it('applies the plan structure heuristics', () => {
    assert.deepEqual(repair('plan:\n  calls:\n    - skill: x\n').value, { calls: [{ skill: 'x' }] });
    assert.deepEqual(repair('- skill: x\n  args: {a: 1}\n').value, { calls: [{ skill: 'x', args: { a: 1 } }] });
  });
  it('returns valid YAML untouched', () => {
    assert.deepEqual(repair('a: 1\nb: [x, y]\n'), { value: { a: 1, b: ['x', 'y'] }, repairs: [] });
  });
});
