// Writes corpus/*.jsonl: realistic planner answers, well-formed and malformed, with the value a
// careful reader says the model meant. Deterministic: fixed seed. Run: node scripts/generate-corpus.mjs
import { writeFileSync, mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const OUT = process.env.CORPUS_OUT ?? fileURLToPath(new URL('../corpus/', import.meta.url));
let seed = Number(process.env.CORPUS_SEED ?? 20240611);
function rnd() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chance = (p) => rnd() < p;
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const clone = (v) => JSON.parse(JSON.stringify(v));

const COMPANIES = ['Acme Robotics', 'Northwind Traders', 'Brightline Health', 'Kestrel Labs', 'Orbital Freight', 'Lumen Analytics', 'Pinecone Bank', 'Helios Energy', 'Fabrikam', 'Contoso', 'Tailspin Toys', 'Wide World Importers', 'Bluebird Logistics', 'Quantum Leaf', 'Meridian Insurance', 'Cobalt Security', 'Harbor & Vine', 'Nimbus Cloud', 'Redwood Biotech', 'Sable Games', 'Vertex Mobility', 'Granite Capital', 'Juniper Learning', 'Atlas Maps', 'Foxglove Media'];
const KEYWORDS = ['accessibility engineer', 'staff data scientist', 'engineering manager', 'product designer', 'site reliability engineer', 'recruiter', 'machine learning engineer', 'UX researcher', 'developer advocate', 'security analyst', 'frontend engineer', 'technical program manager', 'data engineer', 'solutions architect', 'head of talent'];
const SKILLS = ['Python', 'SQL', 'Kubernetes', 'TypeScript', 'Figma', 'product management', 'data visualization', 'Go', 'Rust', 'React', 'Terraform', 'system design', 'public speaking', 'Tableau', 'PyTorch', 'GraphQL', 'stakeholder management', 'A/B testing'];
const QUERIES = ['remote work policy 2024', 'layoffs in fintech this year', 'average salary for SRE in Berlin', 'best courses for system design interviews', 'how to negotiate a counter offer', 'hiring trends for AI engineers', 'four day work week companies', 'carbon accounting startups funding', 'open source maintainers burnout', 'return to office mandates', 'salary bands for staff engineers', 'visa sponsorship tech jobs Canada'];
const FRESH = ['day', 'week', 'month', 'any'];
const jobId = () => pick([() => `job-${int(10000, 99999)}`, () => `J-2024-${String(int(1, 999)).padStart(4, '0')}`, () => String(int(3000000000, 3999999999)), () => `req_${int(100, 999)}${pick(['a', 'b', 'x'])}`, () => `JR${int(100000, 999999)}`])();
const memberId = () => pick([() => `m-${int(1000, 99999)}`, () => `mem_${int(10000, 99999)}`, () => `urn:li:member:${int(100000, 999999)}`, () => `member-${pick(['ana', 'raj', 'li', 'omar', 'sofia', 'kenji'])}-${int(10, 99)}`])();
const postId = () => pick([() => `post-${int(10000, 99999)}`, () => `urn:li:activity:${int(7000000000, 7999999999)}`, () => `p_${int(100000, 999999)}`, () => `share-${int(1000, 9999)}`])();

const THOUGHTS = {
  job_fit: ['Compare the job requirements with the member profile.', 'I need the job details and the member background to judge fit.', 'Check the role, then the skills gap and trends.', 'Look at what the job asks for and what the member already has.'],
  company: ['Get the company profile and a few people who work there.', 'Company basics first, then recent news.', 'Profile the company and find relevant employees to talk to.', 'The question is about the company, so fetch its profile and news.'],
  post: ['Read the post, then look for context on the web.', 'Fetch the post and related coverage.', 'Summarize the post using its details.'],
  interview: ['Interview prep needs the job, the company and people on the team.', 'Get the role details and the interviewers likely background.', 'Find the job and people in that team.'],
  career: ['Look at the member profile, skill demand and matching courses.', 'Check demand for the skill and courses to learn it.', 'Career advice needs the profile and skill trends.'],
};

function call(skill) {
  switch (skill) {
    case 'member_profile': return { skill, args: { member_id: memberId() } };
    case 'job_details': return { skill, args: { job_id: jobId() } };
    case 'company_profile': return { skill, args: { company: pick(COMPANIES) } };
    case 'people_search': {
      const a = { keywords: pick(KEYWORDS) };
      if (chance(0.6)) a.company = pick(COMPANIES);
      if (chance(0.6)) a.limit = pick([3, 5, 5, 10, 8, 20, 1]);
      return { skill, args: a };
    }
    case 'course_search': {
      const n = int(1, 3);
      const s = new Set();
      while (s.size < n) s.add(pick(SKILLS));
      const a = { skills: [...s] };
      if (chance(0.4)) a.limit = pick([3, 5, 10]);
      return { skill, args: a };
    }
    case 'post_details': return { skill, args: { post_id: postId() } };
    case 'web_search': {
      const a = { query: pick(QUERIES) };
      if (chance(0.6)) a.freshness = pick(FRESH);
      return { skill, args: a };
    }
    case 'skill_insights': {
      const a = { skill: pick(SKILLS) };
      if (chance(0.5)) a.include_trends = chance(0.7);
      return { skill, args: a };
    }
  }
}

const SCENARIOS = [
  ['job_fit', ['job_details', 'member_profile', 'skill_insights']],
  ['job_fit', ['job_details', 'member_profile']],
  ['company', ['company_profile', 'people_search']],
  ['company', ['company_profile', 'web_search']],
  ['company', ['company_profile', 'people_search', 'web_search']],
  ['post', ['post_details', 'web_search']],
  ['post', ['post_details']],
  ['interview', ['job_details', 'company_profile', 'people_search']],
  ['career', ['member_profile', 'skill_insights', 'course_search']],
  ['career', ['skill_insights', 'course_search']],
  ['career', ['course_search']],
  ['company', ['people_search']],
];

function plan(minCalls = 1) {
  for (;;) {
    const [kind, skills] = pick(SCENARIOS);
    if (skills.length < minCalls) continue;
    const p = { thought: pick(THOUGHTS[kind]), calls: skills.map(call) };
    if (!chance(0.92)) delete p.thought;
    return p;
  }
}

// ---- rendering ---------------------------------------------------------------------------

const SPECIAL_START = /^[@`%*&!|>[\]{}#,?:'"-]|^\s|\s$/;
function needsQuote(s) {
  if (s === '') return true;
  if (SPECIAL_START.test(s) || /: |:$| #/.test(s)) return true;
  const v = YAML.parse(`k: ${s}`)?.k;
  return v !== s;
}
function q(s, mode = 'double') {
  return mode === 'single' ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s);
}
function scalarText(v, o) {
  if (typeof v !== 'string') return String(v);
  if (o.quoteAll) return q(v, o.quoteAll);
  return needsQuote(v) ? q(v, o.quoteMode ?? 'double') : v;
}

// render returns lines tagged with their role, so malformations can target them.
function render(p, o = {}) {
  const ind = o.indent ?? 2;
  const pad = (n) => ' '.repeat(n);
  const lines = [];
  const itemCol = o.dashFlush ? 0 : ind;
  if (p.thought !== undefined) {
    if (o.thoughtBlock === 'folded' && p.thought.split(' ').length > 4) {
      const w = p.thought.split(' ');
      const half = Math.ceil(w.length / 2);
      lines.push({ t: 'thought: >-', tag: 'thought' }, { t: pad(ind) + w.slice(0, half).join(' '), tag: 'thought-cont' }, { t: pad(ind) + w.slice(half).join(' '), tag: 'thought-cont' });
    } else lines.push({ t: `thought: ${scalarText(p.thought, o)}`, tag: 'thought' });
  }
  if (p.calls.length === 0) {
    lines.push({ t: 'calls: []', tag: 'calls' });
    return lines;
  }
  lines.push({ t: 'calls:', tag: 'calls' });
  p.calls.forEach((c, i) => {
    if (o.flowItems) {
      lines.push({ t: `${pad(itemCol)}- {skill: ${c.skill}, args: ${flowMap(c.args, o)}}`, tag: 'item', i });
      return;
    }
    lines.push({ t: `${pad(itemCol)}- skill: ${c.skill}`, tag: 'item', i });
    const kc = itemCol + 2;
    if (o.flowArgs) {
      lines.push({ t: `${pad(kc)}args: ${flowMap(c.args, o)}`, tag: 'args', i });
      return;
    }
    lines.push({ t: `${pad(kc)}args:`, tag: 'args', i });
    for (const [k, v] of Object.entries(c.args)) {
      if (Array.isArray(v)) {
        if (o.blockLists) {
          lines.push({ t: `${pad(kc + ind)}${k}:`, tag: 'arg', i, k });
          for (const x of v) lines.push({ t: `${pad(kc + ind + (o.listFlush ? 0 : ind))}- ${scalarText(x, o)}`, tag: 'arg-item', i, k });
        } else lines.push({ t: `${pad(kc + ind)}${k}: [${v.map((x) => scalarText(x, o)).join(', ')}]`, tag: 'arg', i, k, v });
      } else lines.push({ t: `${pad(kc + ind)}${k}: ${scalarText(v, o)}`, tag: 'arg', i, k, v });
    }
  });
  return lines;
}
function flowMap(args, o) {
  return '{' + Object.entries(args).map(([k, v]) => `${k}: ${Array.isArray(v) ? '[' + v.map((x) => flowScalar(x, o)).join(', ') + ']' : flowScalar(v, o)}`).join(', ') + '}';
}
function flowScalar(v, o) {
  if (typeof v !== 'string') return String(v);
  if (/[,[\]{}:#'"]/.test(v) || needsQuote(v)) return q(v, o.quoteMode ?? 'double');
  return v;
}
const join = (lines) => lines.map((l) => l.t).join('\n');
const yamlOf = (p, o = {}) => join(render(p, o)) + (o.noFinalNewline ? '' : '\n');

function styles() {
  return { indent: pick([2, 2, 2, 4]), dashFlush: chance(0.3), blockLists: chance(0.4), listFlush: chance(0.3), thoughtBlock: chance(0.15) ? 'folded' : undefined, noFinalNewline: chance(0.5) };
}

// ---- cases ---------------------------------------------------------------------------------

const cases = {};
function add(category, input, expected) {
  (cases[category] ??= []).push(expected === 'ERROR' ? { category, input, error: true } : { category, input, expected });
}
function assertPlain(input, expected) {
  const v = YAML.parse(input);
  if (JSON.stringify(v) !== JSON.stringify(expected) && !deepEq(v, expected)) throw new Error(`not well-formed:\n${input}\n${JSON.stringify(v)}\n${JSON.stringify(expected)}`);
}
function deepEq(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEq(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEq(a[k], b[k]));
  }
  return false;
}

// well_formed: varied, including tricky-but-valid YAML.
for (let n = 0; n < 48; n++) {
  const p = plan();
  const o = styles();
  if (chance(0.15)) o.quoteAll = pick(['double', 'single']);
  if (chance(0.1)) o.flowArgs = true;
  const input = yamlOf(p, o);
  assertPlain(input, p);
  add('well_formed', input, p);
}
const tricky = [
  [`thought: "Two steps: the job first, then the member."\ncalls:\n  - skill: job_details\n    args:\n      job_id: "00123"\n  - skill: member_profile\n    args:\n      member_id: urn:li:member:48213\n`, { thought: 'Two steps: the job first, then the member.', calls: [{ skill: 'job_details', args: { job_id: '00123' } }, { skill: 'member_profile', args: { member_id: 'urn:li:member:48213' } }] }],
  [`thought: Nothing to look up; this is small talk.\ncalls: []\n`, { thought: 'Nothing to look up; this is small talk.', calls: [] }],
  [`calls: []`, { calls: [] }],
  [`thought: |\n  The member asks about Rust demand.\n  Check trends, then courses.\ncalls:\n  - skill: skill_insights\n    args:\n      skill: Rust\n      include_trends: true\n  - skill: course_search\n    args:\n      skills: [Rust, "systems programming"]\n      limit: 5\n`, { thought: 'The member asks about Rust demand.\nCheck trends, then courses.\n', calls: [{ skill: 'skill_insights', args: { skill: 'Rust', include_trends: true } }, { skill: 'course_search', args: { skills: ['Rust', 'systems programming'], limit: 5 } }] }],
  [`thought: >\n  Company questions need the profile\n  and recent news.\ncalls:\n- skill: company_profile\n  args:\n    company: 'Harbor & Vine'\n- skill: web_search\n  args:\n    query: "Harbor & Vine: funding round"\n    freshness: month\n`, { thought: 'Company questions need the profile and recent news.\n', calls: [{ skill: 'company_profile', args: { company: 'Harbor & Vine' } }, { skill: 'web_search', args: { query: 'Harbor & Vine: funding round', freshness: 'month' } }] }],
  [`# plan for the question\nthought: Look at the post.  # short\ncalls:\n  - skill: post_details   # the post itself\n    args: {post_id: "p_482910"}\n`, { thought: 'Look at the post.', calls: [{ skill: 'post_details', args: { post_id: 'p_482910' } }] }],
  [`---\nthought: Search people at the company.\ncalls:\n  - skill: people_search\n    args:\n      keywords: "C# developer"\n      company: "Nimbus Cloud"\n      limit: 10\n`, { thought: 'Search people at the company.', calls: [{ skill: 'people_search', args: { keywords: 'C# developer', company: 'Nimbus Cloud', limit: 10 } }] }],
  [`thought: 'It''s about the company''s culture.'\ncalls:\n  - skill: company_profile\n    args:\n      company: "NO"\n`, { thought: "It's about the company's culture.", calls: [{ skill: 'company_profile', args: { company: 'NO' } }] }],
  [`{"thought": "JSON is YAML too.", "calls": [{"skill": "job_details", "args": {"job_id": "JR204871"}}]}`, { thought: 'JSON is YAML too.', calls: [{ skill: 'job_details', args: { job_id: 'JR204871' } }] }],
  [`thought: Check the post and the web.\ncalls:\n  - skill: post_details\n    args:\n      post_id: "2024-03-15-keynote"\n  - skill: web_search\n    args:\n      query: "site:example.com keynote 18:30"\n      freshness: week\n`, { thought: 'Check the post and the web.', calls: [{ skill: 'post_details', args: { post_id: '2024-03-15-keynote' } }, { skill: 'web_search', args: { query: 'site:example.com keynote 18:30', freshness: 'week' } }] }],
  [`thought: Courses for the gap.\ncalls:\n  - skill: course_search\n    args:\n      skills:\n        - "C++"\n        - Go\n        - "system design"\n`, { thought: 'Courses for the gap.', calls: [{ skill: 'course_search', args: { skills: ['C++', 'Go', 'system design'] } }] }],
  [`thought: "Look up \\"staff\\" roles at Kestrel Labs."\ncalls:\n  - skill: people_search\n    args:\n      keywords: staff engineer\n      company: Kestrel Labs\n      limit: 20\n`, { thought: 'Look up "staff" roles at Kestrel Labs.', calls: [{ skill: 'people_search', args: { keywords: 'staff engineer', company: 'Kestrel Labs', limit: 20 } }] }],
  [`thought: The member pasted a link.\ncalls:\n  - skill: web_search\n    args:\n      query: https://news.example.com/2024/05/acme-robotics-layoffs\n      freshness: any\n`, { thought: 'The member pasted a link.', calls: [{ skill: 'web_search', args: { query: 'https://news.example.com/2024/05/acme-robotics-layoffs', freshness: 'any' } }] }],
  [`calls:\n  - skill: skill_insights\n    args:\n      skill: "Product management"\n      include_trends: false\n`, { calls: [{ skill: 'skill_insights', args: { skill: 'Product management', include_trends: false } }] }],
  [`thought: Profile then posts.\ncalls:\n    -   skill: member_profile\n        args:\n            member_id: 'mem_55012'\n`, { thought: 'Profile then posts.', calls: [{ skill: 'member_profile', args: { member_id: 'mem_55012' } }] }],
];
for (const [input, expected] of tricky) {
  assertPlain(input, expected);
  add('well_formed', input, expected);
}

// text-level helpers
function chatterBefore() {
  return pick(["Sure! Here's the plan:", 'Here is my plan in YAML:', 'Okay, I will look this up.\n', 'To answer this I need a few lookups.', "Here's what I'll call:", 'Plan below.']);
}
function chatterAfter() {
  return pick(['Let me know if you need anything else.', 'I will run these calls now.', 'These calls should give enough context to answer.', 'Once I have the results I can answer the question.']);
}

for (let n = 0; n < 14; n++) {
  const p = plan();
  const y = yamlOf(p, { ...styles(), noFinalNewline: true });
  const v = n % 7;
  const fence = pick(['```yaml', '```yml', '```', '~~~yaml', '```YAML']);
  const close = fence.startsWith('~') ? '~~~' : '```';
  const input =
    v === 0 ? `${fence}\n${y}\n${close}` :
    v === 1 ? `${chatterBefore()}\n\n${fence}\n${y}\n${close}\n\n${chatterAfter()}` :
    v === 2 ? `${chatterBefore()}\n${y}` :
    v === 3 ? `${y}\n\n${chatterAfter()}` :
    v === 4 ? `${chatterBefore()}\n\n${y}\n\n${chatterAfter()}` :
    v === 5 ? `${fence}\n${y}\n${close}\n${chatterAfter()}` :
    `${chatterBefore()}\n${fence}\n${y}\n${close}`;
  add('fences_chatter', input, p);
}

const COLON_VALUES = {
  thought: ['Two lookups: the job and the member.', 'Plan: profile first, then people.', 'Note: the post mentions a reorg.', 'Goal: compare skills with the role.'],
  query: ['Acme Robotics: layoffs 2024', 'remote policy: what changed', 'interview tips: system design', 'Q3 results: Pinecone Bank'],
  keywords: ['hiring manager: data platform', 'recruiter: engineering'],
};
for (let n = 0; n < 14; n++) {
  const p = plan();
  const which = n % 3;
  if (which === 0) p.thought = pick(COLON_VALUES.thought);
  else if (which === 1) p.calls.push({ skill: 'web_search', args: { query: pick(COLON_VALUES.query) } });
  else p.calls.push({ skill: 'people_search', args: { keywords: pick(COLON_VALUES.keywords), limit: 5 } });
  const lines = render(p, { ...styles(), thoughtBlock: undefined });
  for (const l of lines) l.t = l.t.replace(/"([^"]*: [^"]*)"/, '$1');
  add('unquoted_colon', join(lines) + '\n', p);
}

const SPECIAL_VALUES = [
  ['keywords', '@acme_robotics recruiters'], ['query', '`kubectl rollout` best practices'], ['query', '%20 remote jobs encoding'], ['keywords', '*senior* frontend engineer'],
  ['query', '& partners consulting layoffs'], ['query', '!important CSS interview questions'], ['query', '| separated salary data'], ['keywords', '> 10 years experience architect'],
  ['keywords', '[Remote] accessibility engineer'], ['query', '{company} careers page'], ['query', '#hiring posts this week'], ['keywords', '@helios_energy talent team'], ['query', '*best* places to work 2024'],
];
SPECIAL_VALUES.forEach(([k, v], n) => {
  const p = plan();
  const c = k === 'keywords' ? { skill: 'people_search', args: { keywords: v, limit: pick([3, 5, 10]) } } : { skill: 'web_search', args: { query: v, freshness: pick(FRESH) } };
  p.calls.splice(n % 2, 0, c);
  const lines = render(p, styles());
  for (const l of lines) if (l.tag === 'arg' && l.v === v) l.t = l.t.replace(JSON.stringify(v), v);
  add('unquoted_special', join(lines) + '\n', p);
});

for (let n = 0; n < 12; n++) {
  const p = plan(2);
  const o = { ...styles(), indent: pick([2, 4]) };
  let lines = render(p, o);
  const unit = o.indent;
  const v = n % 4;
  let out = join(lines).split('\n').map((l) => {
    const m = /^( *)(.*)$/.exec(l);
    const depth = m[1].length;
    if (v === 0) return '\t'.repeat(Math.floor(depth / unit)) + ' '.repeat(depth % unit) + m[2];
    if (v === 1) return (depth >= unit * 2 ? '\t'.repeat(Math.floor(depth / unit) - 1) + ' '.repeat(unit + (depth % unit)) : m[1]) + m[2];
    if (v === 2) return m[1] + m[2].replace(/^(- )?([\w]+): /, '$1$2:\t');
    return (depth ? '\t'.repeat(Math.floor(depth / unit)) + ' '.repeat(depth % unit) : '') + m[2].replace(/: /, ':\t');
  });
  add('tabs', out.join('\n') + '\n', p);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  const o = styles();
  const lines = render(p, o);
  const v = n % 4;
  let text;
  if (v === 0) text = join(lines).replace(/^( +)/gm, (s) => '\u00a0'.repeat(s.length));
  else if (v === 1) {
    const c = p.calls.find((c) => c.args.company || c.args.keywords || c.args.query);
    if (!c) { n--; continue; }
    const key = c.args.company ? 'company' : c.args.keywords ? 'keywords' : 'query';
    const orig = c.args[key];
    text = join(lines).replace(orig, orig.replace(/ /g, '\u00a0'));
  } else if (v === 2) text = join(lines).replace(/^(\s*(?:- )?)(\w)/gm, (s, a, b) => a + '\u200b' + b);
  else text = '\ufeff' + join(lines).replace(/: /g, ':\u00a0').replace(/^( +)/m, (s) => s.slice(1) + '\u2060 ');
  add('invisible_spaces', text + '\n', p);
}

for (let n = 0; n < 14; n++) {
  const p = plan(2);
  const o = { ...styles(), blockLists: false };
  const lines = render(p, o);
  const v = n % 5;
  const out = [];
  for (const l of lines) {
    let t = l.t;
    const depth = /^ */.exec(t)[0].length;
    if (v === 0 && l.tag === 'arg') t = t.slice(o.indent);
    if (v === 1 && l.tag === 'item' && l.i === 1) t = ' '.repeat(depth + 2) + t.trimStart();
    if (v === 2 && l.tag === 'arg' && l.k === Object.keys(p.calls[l.i].args).at(-1) && Object.keys(p.calls[l.i].args).length > 1) t = ' ' + t;
    if (v === 2 && l.tag === 'args') t = ' '.repeat(Math.max(0, depth - 1)) + t.trimStart();
    if (v === 3 && l.tag === 'item' && l.i > 0) t = ' '.repeat(Math.max(0, depth - 1)) + t.trimStart();
    if (v === 4 && l.tag === 'arg') t = ' '.repeat(depth + (l.i % 2 ? 3 : -1)) + t.trimStart();
    out.push(t);
  }
  add('indentation', out.join('\n') + '\n', p);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  if (n % 3 === 0) p.calls.push({ skill: 'web_search', args: { query: pick(['meetups in Lisbon at 18:30', 'site:github.com springboard plans', 'https://example.com/careers/jobs?id=42', 'standup at 09:15 tips']) } });
  if (n % 4 === 1) p.calls.unshift({ skill: 'member_profile', args: { member_id: `urn:li:member:${int(100000, 999999)}` } });
  const lines = render(p, { ...styles(), blockLists: false });
  let hits = 0;
  for (const l of lines) {
    if ((l.tag === 'arg' && typeof l.v !== 'object' && chance(0.7)) || (l.tag === 'thought' && n % 2 === 0) || (l.tag === 'item' && n % 5 === 2)) {
      const before = l.t;
      l.t = l.t.replace(/^(\s*(?:- )?\w+): /, '$1:');
      if (before !== l.t) hits++;
    }
  }
  if (!hits) lines.find((l) => l.tag === 'arg' || l.tag === 'item').t = lines.find((l) => l.tag === 'arg' || l.tag === 'item').t.replace(/^(\s*(?:- )?\w+): /, '$1:');
  add('colon_space', join(lines) + '\n', p);
}

function jsonish(p, v) {
  const sq = (s) => `'${s}'`;
  const keyQ = v % 3 === 1 ? (k) => k : (k) => `"${k}"`;
  const strQ = v % 4 === 2 ? sq : (s) => JSON.stringify(s);
  const val = (x) => (Array.isArray(x) ? `[${x.map(val).join(', ')}${v % 2 ? ',' : ''}]` : typeof x === 'string' ? strQ(x) : typeof x === 'boolean' && v % 5 === 3 ? (x ? 'True' : 'False') : String(x));
  const obj = (o, ind) => `{\n${Object.entries(o).map(([k, x]) => `${' '.repeat(ind + 2)}${keyQ(k)}: ${x && typeof x === 'object' && !Array.isArray(x) ? obj(x, ind + 2) : val(x)}`).join(',\n')}${v % 2 === 0 ? ',' : ''}\n${' '.repeat(ind)}}`;
  const calls = p.calls.map((c) => obj(c, 4));
  const head = p.thought !== undefined ? `  ${keyQ('thought')}: ${strQ(p.thought)},${v === 4 ? ' // why' : ''}\n` : '';
  return `{\n${head}  ${keyQ('calls')}: [\n    ${calls.join(',\n    ')}${v % 2 === 0 ? ',' : ''}\n  ]\n}`;
}
for (let n = 0; n < 16; n++) {
  const p = plan();
  if (p.thought) p.thought = p.thought.replace(/'/g, '');
  const v = n % 8;
  let input;
  if (v < 6) input = jsonish(p, v);
  else if (v === 6) input = `thought: ${p.thought ?? 'Flow style.'}\ncalls: [${p.calls.map((c) => `{skill: ${c.skill}, args: ${flowMap(c.args, {}).replace(/\}$/, ',}')}}`).join(', ')},]\n`;
  else input = JSON.stringify(p).replace(/"(\w+)":/g, '$1:');
  if (v === 6 && p.thought === undefined) p.thought = 'Flow style.';
  if (v === 5) input = input.replace(/: None/g, ': None');
  add('json_flow', input, p);
}
{
  const p = { thought: 'Python-style dict.', calls: [{ skill: 'web_search', args: { query: 'tech layoffs' } }, { skill: 'skill_insights', args: { skill: 'Go', include_trends: true } }] };
  add('json_flow', `{'thought': 'Python-style dict.', 'calls': [{'skill': 'web_search', 'args': {'query': 'tech layoffs', 'freshness': None}}, {'skill': 'skill_insights', 'args': {'skill': 'Go', 'include_trends': True}}]}`, p);
  const p2 = { calls: [{ skill: 'company_profile', args: { company: 'Sable Games' } }] };
  add('json_flow', `{skill:company_profile}`.length ? `{"calls":[{skill:company_profile,args:{company:Sable Games}}]}` : '', p2);
}

for (let n = 0; n < 13; n++) {
  let p = plan();
  while (!p.calls.some((c) => Object.values(c.args).some((x) => typeof x === 'string'))) p = plan();
  const lines = render(p, { ...styles(), blockLists: false, thoughtBlock: undefined });
  const v = n % 4;
  let touched = false;
  for (const l of lines) {
    if (l.tag === 'arg' && typeof l.v === 'string' && (chance(0.6) || !touched)) {
      const [o, c] = v === 0 ? ['“', '”'] : v === 1 ? ['‘', '’'] : v === 2 ? ['“', '"'] : ['„', '“'];
      l.t = l.t.replace(/: .*$/, `: ${o}${l.v}${c}`);
      touched = true;
    }
    if (l.tag === 'thought' && v === 3 && p.thought) l.t = `thought: “${p.thought}”`;
  }
  add('smart_quotes', join(lines) + '\n', p);
}

for (let n = 0; n < 13; n++) {
  const p = plan(2);
  const lines = render(p, { ...styles(), blockLists: false });
  const targets = lines.filter((l) => (l.tag === 'arg' && typeof l.v === 'string') || (l.tag === 'thought' && p.thought && !l.t.endsWith('>-')));
  const t = targets[n % targets.length];
  const qc = n % 3 === 0 ? "'" : '"';
  const value = t.tag === 'thought' ? p.thought : t.v;
  if (qc === "'" && value.includes("'")) { n--; continue; }
  t.t = t.t.replace(/: .*$/, `: ${qc}${value}`);
  add('unclosed_quotes', join(lines) + '\n', p);
}

const ESCAPES = [
  ['query', 'regex \\d+ years experience jobs', '"regex \\d+ years experience jobs"'],
  ['query', 'C:\\Users\\recruiting exports', '"C:\\Users\\recruiting exports"'],
  ['keywords', 'data engineer \\- streaming', '"data engineer \\- streaming"'],
  ['query', "what's new at Acme Robotics", '"what\\\'s new at Acme Robotics"'],
  ['query', 'salary \\$180k remote', '"salary \\$180k remote"'],
  ['keywords', "people who've worked on \\(LLM) evals", '"people who\\\'ve worked on \\(LLM) evals"'],
  ['query', 'grep \\w+@acme.com pattern', '"grep \\w+@acme.com pattern"'],
  ['query', "\\#opentowork posts", '"\\#opentowork posts"'],
  ['query', 'site\\.example\\.com careers', '"site\\.example\\.com careers"'],
  ['keywords', "Brightline's \\&nbsp; team", '"Brightline\\\'s \\&nbsp; team"'],
  ['query', 'LaTeX \\section resume template', '"LaTeX \\section resume template"'],
  ['query', "new grad roles at O'Reilly", "\"new grad roles at O\\'Reilly\""],
];
for (const [k, v, raw] of ESCAPES) {
  const p = plan();
  const c = k === 'query' ? { skill: 'web_search', args: { query: v } } : { skill: 'people_search', args: { keywords: v, limit: 5 } };
  p.calls.push(c);
  const lines = render(p, styles());
  for (const l of lines) if (l.tag === 'arg' && l.v === v) l.t = l.t.replace(/: .*$/, `: ${raw}`);
  add('invalid_escapes', join(lines) + '\n', p);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  const lines = render(p, { ...styles(), blockLists: false });
  const v = n % 3;
  const argLines = lines.filter((l) => l.tag === 'arg' && typeof l.v !== 'object');
  if (argLines.length === 0) { n--; continue; }
  const target = argLines[n % argLines.length];
  const cl = p.calls[target.i];
  const idx = lines.indexOf(target);
  if (v === 0) {
    const old = clone(cl.args[target.k]);
    const fresh = typeof old === 'number' ? old + 5 : typeof old === 'boolean' ? !old : target.k === 'freshness' ? pick(FRESH.filter((f) => f !== old)) : old;
    if (fresh === old) {
      lines.splice(idx, 0, { t: target.t.replace(/: .*$/, ': placeholder') });
    } else {
      lines.splice(idx + 1, 0, { t: target.t.replace(/: .*$/, `: ${typeof fresh === 'string' ? fresh : String(fresh)}`) });
      cl.args[target.k] = fresh;
    }
  } else if (v === 1) {
    lines.splice(idx, 0, { t: target.t.replace(/: .*$/, ': TODO') });
  } else {
    const itemLine = lines.find((l) => l.tag === 'item' && l.i === target.i);
    lines.splice(lines.indexOf(itemLine) + 1, 0, { t: itemLine.t.replace(/- skill:.*/, '  skill: ' + cl.skill).replace(/^(\s*)\s\s/, '$1  ') });
  }
  add('duplicate_keys', join(lines) + '\n', p);
}

for (let n = 0; n < 16; n++) {
  const p = plan(2);
  const o = { ...styles(), blockLists: false };
  const lines = render(p, o);
  const lastItem = lines.findIndex((l) => l.tag === 'item' && l.i === p.calls.length - 1);
  const v = n % 6;
  const kept = { ...p, calls: p.calls.slice(0, -1) };
  const last = p.calls.at(-1);
  const head = join(lines.slice(0, lastItem));
  const itemLine = lines[lastItem].t;
  const kc = /^ */.exec(itemLine)[0].length + 2;
  let input;
  if (v === 0) input = `${head}\n${itemLine.slice(0, itemLine.indexOf('skill') + int(2, 4))}`;
  else if (v === 1) input = `${head}\n${itemLine}\n${' '.repeat(kc)}args:`;
  else if (v === 2) input = `${head}\n${itemLine}\n`;
  else if (v === 3) {
    const k = Object.keys(last.args)[0];
    input = `${head}\n${itemLine}\n${' '.repeat(kc)}args:\n${' '.repeat(kc + o.indent)}${k.slice(0, int(1, k.length - 1))}`;
  } else if (v === 4) {
    const [k, val] = Object.entries(last.args).find(([, x]) => typeof x === 'string') ?? ['query', 'x'];
    const s = String(val);
    input = `${head}\n${itemLine}\n${' '.repeat(kc)}args:\n${' '.repeat(kc + o.indent)}${k}: "${s.slice(0, Math.max(1, s.length - 3))}`;
  } else {
    const j = JSON.stringify(p, null, 2);
    const cut = j.lastIndexOf('"skill"');
    input = j.slice(0, cut + int(8, 20));
  }
  add('truncated', input, kept);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  const y = yamlOf(p, { ...styles(), noFinalNewline: true });
  const v = n % 4;
  let input;
  if (v === 0) input = `${y}\n${y}\n`;
  else if (v === 1) input = `${y}\n\n${y}`;
  else if (v === 2) input = `---\n${y}\n---\n${yamlOf(plan(), { noFinalNewline: true })}\n`;
  else input = `\`\`\`yaml\n${y}\n\`\`\`\n\nOr, more simply:\n\n\`\`\`yaml\n${yamlOf(plan(), { noFinalNewline: true })}\n\`\`\``;
  if (v === 0 || v === 1) {
    if (p.thought === undefined) { n--; continue; }
  }
  add('repeated_block', input, p);
}

for (let n = 0; n < 13; n++) {
  const p = plan();
  const lines = render(p, { ...styles(), blockLists: n % 4 === 3 });
  const marker = ['* ', '• ', 'N. ', '* '][n % 4];
  let k = 0;
  for (const l of lines) {
    if (l.tag === 'item' || (l.tag === 'arg-item' && n % 4 === 3)) l.t = l.t.replace(/^(\s*)- /, (s, a) => a + (marker === 'N. ' ? `${l.tag === 'item' ? ++k : 1}. ` : marker));
  }
  add('list_markers', join(lines) + '\n', p);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  const lines = render(p, { ...styles(), blockLists: false });
  let hit = false;
  for (const l of lines) {
    if ((l.tag === 'arg' && (chance(0.6) || !hit)) || (l.tag === 'thought' && n % 3 === 0 && !l.t.endsWith('>-'))) {
      l.t = l.t.replace(/^(\s*\w+): /, n % 2 ? '$1 = ' : '$1=');
      hit = true;
    }
  }
  add('equals_sign', join(lines) + '\n', p);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  let t = yamlOf(p, styles()).replace(/\n/g, '\r\n');
  if (n % 3 === 1) t = t.replace(/\r\n/g, (s) => (chance(0.5) ? '\n' : s));
  if (n % 3 === 2) t = '```yaml\r\n' + t + '```\r\n';
  add('crlf', t, p);
}

for (let n = 0; n < 13; n++) {
  const p = plan();
  const o = styles();
  const w = ['plan', 'response', 'yaml', 'output', 'Plan', 'result', 'answer'][n % 7];
  const body = join(render(p, o)).split('\n').map((l) => ' '.repeat(o.indent) + l).join('\n');
  add('wrapper_key', `${w}:\n${body}\n`, p);
}

for (let n = 0; n < 12; n++) {
  const p = plan();
  const o = styles();
  const lines = render(p, o).filter((l) => l.tag !== 'calls' && l.tag !== 'thought' && l.tag !== 'thought-cont');
  const items = lines.map((l) => l.t);
  const minInd = Math.min(...items.map((t) => /^ */.exec(t)[0].length));
  const body = items.map((t) => t.slice(minInd)).join('\n');
  const v = n % 3;
  const expected = v === 2 && p.thought !== undefined ? p : { calls: p.calls };
  add('bare_list', v === 2 && p.thought !== undefined ? `thought: ${JSON.stringify(p.thought)}\n${body}\n` : `${body}\n`, expected);
}

// schema typing: YAML guesses a type, the schema says otherwise.
const TYPING = [
  () => [{ skill: 'job_details', args: { job_id: '00123' } }, 'job_id: 00123'],
  () => [{ skill: 'job_details', args: { job_id: '3987654321' } }, 'job_id: 3987654321'],
  () => [{ skill: 'company_profile', args: { company: 'NO' } }, 'company: NO'],
  () => [{ skill: 'company_profile', args: { company: 'True' } }, 'company: True'],
  () => [{ skill: 'post_details', args: { post_id: '2024-03-15' } }, 'post_id: 2024-03-15'],
  () => [{ skill: 'member_profile', args: { member_id: '88231' } }, 'member_id: 88231'],
  () => [{ skill: 'people_search', args: { keywords: 'recruiter', limit: 5 } }, 'keywords: recruiter\n      limit: "5"'],
  () => [{ skill: 'course_search', args: { skills: ['Go'], limit: 10 } }, 'skills: [Go]\n      limit: 10.0'],
  () => [{ skill: 'job_details', args: { job_id: '1e5' } }, 'job_id: 1e5'],
  () => [{ skill: 'post_details', args: { post_id: '0x1F' } }, 'post_id: 0x1F'],
  () => [{ skill: 'skill_insights', args: { skill: '.NET', include_trends: true } }, 'skill: .NET\n      include_trends: "true"'],
  () => [{ skill: 'member_profile', args: { member_id: '007' } }, 'member_id: 007'],
];
function typed(category, list) {
  list.forEach((f) => {
    const [c, argText] = f();
    const p = plan();
    p.calls = [p.calls[0], c];
    const first = render({ calls: [p.calls[0]] }, { blockLists: false }).slice(1).map((l) => l.t).join('\n');
    const input = `${p.thought !== undefined ? `thought: ${p.thought}\n` : ''}calls:\n${first}\n  - skill: ${c.skill}\n    args:\n      ${argText}\n`;
    add(category, input, p);
  });
}
typed('scalar_typing', TYPING);
typed('enum_case', [
  () => [{ skill: 'web_search', args: { query: 'tech layoffs', freshness: 'week' } }, 'query: tech layoffs\n      freshness: Week'],
  () => [{ skill: 'web_search', args: { query: 'fintech funding', freshness: 'month' } }, 'query: fintech funding\n      freshness: MONTH'],
  () => [{ skill: 'web_search', args: { query: 'AI hiring', freshness: 'day' } }, 'query: AI hiring\n      freshness: "Day"'],
  () => [{ skill: 'web_search', args: { query: 'remote jobs', freshness: 'any' } }, 'query: remote jobs\n      freshness: Any'],
  () => [{ skill: 'web_search', args: { query: 'bootcamp reviews', freshness: 'day' } }, 'query: bootcamp reviews\n      freshness: dAy'],
  () => [{ skill: 'web_search', args: { query: 'return to office', freshness: 'week' } }, 'query: return to office\n      freshness: " week "'],
  () => [{ skill: 'web_search', args: { query: 'SRE salaries', freshness: 'month' } }, 'query: SRE salaries\n      freshness: Month'],
  () => [{ skill: 'web_search', args: { query: 'cobalt security breach', freshness: 'day' } }, 'query: cobalt security breach\n      freshness: DAY'],
  () => [{ skill: 'web_search', args: { query: 'kestrel labs news', freshness: 'week' } }, 'query: kestrel labs news\n      freshness: WEEK'],
  () => [{ skill: 'web_search', args: { query: 'atlas maps ipo', freshness: 'any' } }, "query: atlas maps ipo\n      freshness: 'ANY'"],
]);
// the skill name itself in another case
for (const [name, written] of [['company_profile', 'Company_Profile'], ['people_search', 'PeopleSearch'], ['web_search', 'web-search'], ['job_details', 'JOB_DETAILS']]) {
  const p = plan();
  const c = call(name);
  p.calls.push(c);
  const lines = render(p, { blockLists: false });
  for (const l of lines) if (l.tag === 'item' && l.i === p.calls.length - 1) l.t = l.t.replace(name, written);
  add('enum_case', join(lines) + '\n', p);
}
typed('key_aliases', [
  () => [{ skill: 'job_details', args: { job_id: 'job-48120' } }, 'jobId: job-48120'],
  () => [{ skill: 'member_profile', args: { member_id: 'm-2231' } }, 'memberId: m-2231'],
  () => [{ skill: 'post_details', args: { post_id: 'post-99812' } }, 'Post-ID: post-99812'],
  () => [{ skill: 'skill_insights', args: { skill: 'SQL', include_trends: true } }, 'Skill: SQL\n      includeTrends: true'],
  () => [{ skill: 'people_search', args: { keywords: 'designer', company: 'Atlas Maps' } }, 'Keywords: designer\n      Company: Atlas Maps'],
  () => [{ skill: 'job_details', args: { job_id: 'J-2024-0412' } }, 'job-id: J-2024-0412'],
  () => [{ skill: 'web_search', args: { query: 'best bootcamps' } }, 'Query: best bootcamps'],
  () => [{ skill: 'course_search', args: { skills: ['Figma'], limit: 3 } }, 'Skills: [Figma]\n      LIMIT: 3'],
  () => [{ skill: 'member_profile', args: { member_id: 'mem_77310' } }, 'member id: mem_77310'.replace('member id', 'MemberID')],
  () => [{ skill: 'job_details', args: { job_id: 'JR551902' } }, 'id: JR551902'],
  () => [{ skill: 'company_profile', args: { company: 'Granite Capital' } }, 'company_name: Granite Capital'],
]);
typed('comma_lists', [
  () => [{ skill: 'course_search', args: { skills: ['Python', 'SQL'] } }, 'skills: Python, SQL'],
  () => [{ skill: 'course_search', args: { skills: ['Kubernetes', 'Terraform', 'Go'], limit: 5 } }, 'skills: Kubernetes, Terraform, Go\n      limit: 5'],
  () => [{ skill: 'course_search', args: { skills: ['Figma'] } }, 'skills: Figma'],
  () => [{ skill: 'course_search', args: { skills: ['React', 'TypeScript'] } }, 'skills: "React, TypeScript"'],
  () => [{ skill: 'course_search', args: { skills: ['data visualization', 'Tableau'] } }, 'skills: data visualization, Tableau'],
  () => [{ skill: 'course_search', args: { skills: ['system design'] } }, 'skills: "system design"'],
  () => [{ skill: 'course_search', args: { skills: ['PyTorch', 'A/B testing', 'SQL'] } }, 'skills: PyTorch,A/B testing, SQL'],
  () => [{ skill: 'course_search', args: { skills: ['public speaking', 'stakeholder management'] } }, 'skills: public speaking, stakeholder management,'],
  () => [{ skill: 'course_search', args: { skills: ['Rust', 'Go'] } }, 'skills: "[Rust, Go]"'],
  () => [{ skill: 'course_search', args: { skills: ['GraphQL', 'React'], limit: 3 } }, "skills: 'GraphQL, React'\n      limit: '3'"],
]);
typed('booleans', [
  () => [{ skill: 'skill_insights', args: { skill: 'Python', include_trends: true } }, 'skill: Python\n      include_trends: yes'],
  () => [{ skill: 'skill_insights', args: { skill: 'SQL', include_trends: false } }, 'skill: SQL\n      include_trends: no'],
  () => [{ skill: 'skill_insights', args: { skill: 'Go', include_trends: true } }, 'skill: Go\n      include_trends: True'],
  () => [{ skill: 'skill_insights', args: { skill: 'Rust', include_trends: true } }, 'skill: Rust\n      include_trends: "true"'],
  () => [{ skill: 'skill_insights', args: { skill: 'Figma', include_trends: false } }, 'skill: Figma\n      include_trends: "False"'],
  () => [{ skill: 'skill_insights', args: { skill: 'React', include_trends: true } }, 'skill: React\n      include_trends: Yes'],
  () => [{ skill: 'skill_insights', args: { skill: 'Tableau', include_trends: true } }, 'skill: Tableau\n      include_trends: on'],
  () => [{ skill: 'skill_insights', args: { skill: 'Terraform', include_trends: false } }, 'skill: Terraform\n      include_trends: NO'],
  () => [{ skill: 'skill_insights', args: { skill: 'GraphQL', include_trends: true } }, 'skill: GraphQL\n      include_trends: y'],
  () => [{ skill: 'skill_insights', args: { skill: 'Kubernetes', include_trends: true } }, 'skill: Kubernetes\n      include_trends: 1'],
]);
typed('nullish_optional', [
  () => [{ skill: 'people_search', args: { keywords: 'recruiter' } }, 'keywords: recruiter\n      company: null\n      limit: null'],
  () => [{ skill: 'people_search', args: { keywords: 'data engineer', company: 'Helios Energy' } }, 'keywords: data engineer\n      company: Helios Energy\n      limit: None'],
  () => [{ skill: 'web_search', args: { query: 'tech news' } }, 'query: tech news\n      freshness: N/A'],
  () => [{ skill: 'web_search', args: { query: 'layoffs' } }, 'query: layoffs\n      freshness:'],
  () => [{ skill: 'people_search', args: { keywords: 'designer' } }, 'keywords: designer\n      company:\n      limit: ""'],
  () => [{ skill: 'skill_insights', args: { skill: 'Go' } }, 'skill: Go\n      include_trends: ~'],
  () => [{ skill: 'course_search', args: { skills: ['SQL'] } }, 'skills: [SQL]\n      limit: null'],
  () => [{ skill: 'web_search', args: { query: 'remote jobs' } }, "query: remote jobs\n      freshness: 'none'"],
  () => [{ skill: 'people_search', args: { keywords: 'SRE', company: 'Nimbus Cloud' } }, 'keywords: SRE\n      company: Nimbus Cloud\n      limit: NULL'],
  () => [{ skill: 'people_search', args: { keywords: 'PM' } }, 'keywords: PM\n      company: ~\n      limit: n/a'],
]);
typed('unknown_keys_range', [
  () => [{ skill: 'people_search', args: { keywords: 'recruiter' } }, 'keywords: recruiter\n      limit: 50'],
  () => [{ skill: 'people_search', args: { keywords: 'engineer', company: 'Fabrikam' } }, 'keywords: engineer\n      company: Fabrikam\n      limit: 0'],
  () => [{ skill: 'course_search', args: { skills: ['Go'] } }, 'skills: [Go]\n      limit: 100'],
  () => [{ skill: 'web_search', args: { query: 'ai news' } }, 'query: ai news\n      language: en'],
  () => [{ skill: 'job_details', args: { job_id: 'job-1288' } }, 'job_id: job-1288\n      include_salary: true'],
  () => [{ skill: 'company_profile', args: { company: 'Contoso' } }, 'company: Contoso\n      reason: to see the size'],
  () => [{ skill: 'people_search', args: { keywords: 'designer', limit: 20 } }, 'keywords: designer\n      limit: 20\n      sort: relevance'],
  () => [{ skill: 'web_search', args: { query: 'salary data' } }, 'query: salary data\n      freshness: yesterday'],
  () => [{ skill: 'people_search', args: { keywords: 'analyst' } }, 'keywords: analyst\n      limit: -3'],
  () => [{ skill: 'people_search', args: { keywords: 'tester' } }, 'keywords: tester\n      limit: lots'],
]);

// combinations
for (let n = 0; n < 24; n++) {
  const p = plan(2);
  const o = { ...styles(), blockLists: false, noFinalNewline: true };
  let lines = render(p, o);
  const ops = [];
  const v = n % 8;
  for (const l of lines) {
    if (v % 2 === 0 && l.tag === 'arg' && chance(0.5)) { l.t = l.t.replace(/^(\s*\w+): /, '$1:'); ops.push('colon'); }
    if (v % 3 === 0 && l.tag === 'item') { l.t = l.t.replace(/- /, '* '); ops.push('marker'); }
    if (v === 1 && l.tag === 'arg' && typeof l.v === 'string') { l.t = l.t.replace(/: .*$/, `: “${l.v}”`); ops.push('smart'); }
    if (v === 5 && l.tag === 'arg') l.t = l.t.slice(o.indent);
    if (v === 7 && l.tag === 'arg' && chance(0.5)) l.t = l.t.replace(/^(\s*\w+): /, '$1 = ');
  }
  let text = join(lines);
  if (v === 2 || v === 5) text = text.replace(/^( +)/gm, (s) => '\t'.repeat(Math.floor(s.length / o.indent)) + ' '.repeat(s.length % o.indent));
  if (v === 3 || v === 6) text = `${chatterBefore()}\n\`\`\`yaml\n${text}\n\`\`\`\n${chatterAfter()}`;
  if (v === 4) text = `plan:\n${text.split('\n').map((l) => '  ' + l).join('\n')}`;
  if (v === 6) text = text.replace(/\n/g, '\r\n');
  if (v === 7) text = '```yaml\n' + text + '\n' + text;
  if (v === 0) text = text.replace(/: /, ':\u00a0');
  if (v === 1 && chance(0.5)) text = text + '\n\nHope this helps!';
  add('combinations', text + (v === 7 ? '\n```' : '\n'), p);
}

// hopeless
const H = [
  "I'm sorry, but I can't help with that request.",
  'I cannot share personal contact details of members.',
  "As an AI, I don't have access to private salary data, so I can't plan lookups for this.",
  "I'm not able to help with writing a fake reference letter.",
  'Acme Robotics is a mid-size company based in Austin that builds warehouse robots. They have about 800 employees.',
  'Based on the job description, you look like a strong fit: your Python and SQL experience matches the requirements.',
  'Could you tell me which job you mean? I see several openings at Kestrel Labs.',
  '```\nI apologize, but I am unable to answer questions about other members\' private messages.\n```',
  'thought: Check the job.\ncalls:\n  - skill: job_details\n    args: {}\n',
  'thought: Company then people.\ncalls:\n  - skill: people_search\n    args:\n      company: Acme Robotics\n      limit: 5\n  - skill: company_profile\n    args:\n      company: Acme Robotics\n',
  'thought: Send them a note.\ncalls:\n  - skill: send_message\n    args:\n      member_id: m-2231\n      text: Hi!\n',
  'thought: Book a call with the recruiter.\ncalls:\n  - skill: calendar_book\n    args:\n      when: tomorrow 10:00\n  - skill: email_recruiter\n    args:\n      to: recruiter@acme.example\n',
  'calls:\n  - skill: job_details\n    args:\n      company: Lumen Analytics\n  - skill: member_profile\n    args:\n      member_id: m-1200\n',
  'thought: Look at the post.\ncalls:\n  - skill: post_details\n    args:\n      post_id: null\n  - skill: web_search\n    args:\n      query: layoffs\n',
  'calls:\n  - skill: member_profile\n    args:\n      name: Ana Souza\n',
  '{"calls": [{"skill": "linkedin_scrape", "args": {"url": "https://example.com"}}]}',
  "Sorry: I can't help with requests to find someone's home address.",
  'Here is what I think: the member should apply. Good luck!',
  'thought: Compare skills.\ncalls:\n  - skill: course_search\n    args:\n      limit: 5\n  - skill: skill_insights\n    args:\n      skill: Go\n',
];
for (const h of H) add('hopeless', h, 'ERROR');

mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) if (f.endsWith('.jsonl')) unlinkSync(OUT + f);
let total = 0;
for (const [cat, list] of Object.entries(cases)) {
  list.forEach((c, i) => (c.id = `${cat}-${String(i + 1).padStart(3, '0')}`));
  writeFileSync(`${OUT}${cat}.jsonl`, list.map((c) => JSON.stringify({ id: c.id, category: c.category, input: c.input, ...(c.error ? { error: true } : { expected: c.expected }) })).join('\n') + '\n');
  total += list.length;
  console.log(cat.padEnd(20), list.length);
}
console.log('total', total);
