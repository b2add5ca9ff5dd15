import { parseDataBlocks, section, SECTION } from "@springboard/prompts";
import YAML from "yaml";
import { prng, seedOf } from "./latency.js";

export type ArgValue = string | number | boolean | string[];

export interface PlannedCall {
  skill: string;
  args: Record<string, ArgValue>;
}

export interface Plan {
  thought: string;
  calls: PlannedCall[];
}

export interface ContentView {
  kind: string;
  id: string;
  title: string;
  memberId: string;
}

const KNOWN_ARGS: Record<string, string[]> = {
  member_profile: ["member_id"],
  job_details: ["job_id"],
  company_profile: ["company"],
  people_search: ["keywords", "company", "limit"],
  course_search: ["skills", "limit"],
  post_details: ["post_id"],
  web_search: ["query", "freshness"],
  skill_insights: ["skill", "include_trends"],
};

/** readSkills reads the catalogue written by plannerPrompt: skill names and their argument names. */
export function readSkills(user: string): Map<string, string[]> {
  return new Map([...readCatalogue(user)].map(([name, s]) => [name, s.args]));
}

export interface CatalogueEntry {
  description: string;
  args: string[];
}

/** readCatalogue reads each listed skill's description and argument names. */
export function readCatalogue(user: string): Map<string, CatalogueEntry> {
  const out = new Map<string, CatalogueEntry>();
  const text = section(user, SECTION.skills) ?? "";
  let current: CatalogueEntry | undefined;
  for (const line of text.split("\n")) {
    const name = /^\s*-\s*name:\s*([A-Za-z0-9_.-]+)/.exec(line);
    if (name) {
      current = { description: "", args: KNOWN_ARGS[name[1]!] ?? [] };
      out.set(name[1]!, current);
      continue;
    }
    const description = /^\s+description:\s*(.*)$/.exec(line);
    if (description && current) current.description = description[1]!;
    const args = /^\s+args:\s*\[(.*)\]\s*$/.exec(line);
    if (args && current) {
      const names = args[1]!
        .split(";")
        .map((a) => /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(a)?.[1])
        .filter((a): a is string => a !== undefined);
      if (names.length > 0) current.args = names;
    }
  }
  return out;
}

/** readContent reads the content the question was asked next to, and the asking member. */
export function readContent(user: string): ContentView {
  const text = section(user, SECTION.content) ?? "";
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, "m").exec(text)?.[1]?.trim() ?? "";
  return { kind: field("kind") || "none", id: field("id"), title: field("title"), memberId: field("member_id") };
}

/** readQuestion returns the member's question: the member data block under the question heading. */
export function readQuestion(user: string): string {
  const text = section(user, SECTION.question);
  if (text === undefined) return "";
  const blocks = parseDataBlocks(text);
  const member = blocks.find((b) => b.attrs.source === "member") ?? blocks[0];
  return (member ? member.body : text).trim();
}

const STOP = new Set(
  ("a an and are as at be by for from has have how i in is it its me my of on or so that the this to was what whats when where which who whom why will with you your do does can " +
    "should would could about into than then them they their there these those we our us am any some get got tell know like want need there's what's it's i'm i've " +
    "please more most much many also just very really here job role position company post profile people person someone anyone works work working team " +
    "latest recent recently news lately today week month learn learning course courses upskill trend trends trending demand demanded in-demand skills skill " +
    "good fit fits qualified match gap gaps missing hiring manager managers find look show give help best top new").split(/\s+/),
);

const VOCAB = [
  "machine learning", "deep learning", "data analysis", "data engineering", "data science", "product management", "project management",
  "UX design", "public speaking", "prompt engineering", "system design", "Power BI", "Node.js", "C++", "C#",
  "Python", "SQL", "Java", "JavaScript", "TypeScript", "Go", "Rust", "Kotlin", "Swift", "React", "Kubernetes", "Docker", "Terraform",
  "AWS", "Azure", "GCP", "Airflow", "Spark", "Kafka", "statistics", "Excel", "Tableau", "Figma", "accessibility", "leadership",
  "communication", "negotiation", "marketing", "SEO", "sales", "finance", "accounting", "DevOps", "security", "LLMs", "PyTorch",
  "TensorFlow", "GraphQL", "PostgreSQL", "Redis", "Agile", "Scrum", "cloud",
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const VOCAB_RES = VOCAB.map((v) => ({ v, re: new RegExp(`(^|[^A-Za-z0-9+#])${escapeRe(v)}(?![A-Za-z0-9+#])`, v.length <= 2 ? "" : "i") }));

/** extractSkills finds skill names in a question, known ones first, then what follows "learn". */
export function extractSkills(question: string): string[] {
  const found: { v: string; at: number }[] = [];
  for (const { v, re } of VOCAB_RES) {
    const m = re.exec(question);
    if (m && !found.some((f) => f.v.toLowerCase().includes(v.toLowerCase()))) found.push({ v, at: m.index });
  }
  if (found.length > 0) return found.sort((a, b) => a.at - b.at).map((f) => f.v).slice(0, 4);
  const after = /\b(?:learn|learning|study|studying|master|improve(?: my)?|in|about|for)\s+([A-Za-z][\w+#.-]*(?:\s+[A-Z][\w+#.-]*)?)/g;
  for (const m of question.matchAll(after)) {
    const cand = m[1]!.replace(/[.?!,]+$/, "");
    if (/^[A-Z]|[+#]/.test(cand) && !STOP.has(cand.toLowerCase())) return [cand];
  }
  return [];
}

function contentWords(text: string, exclude: string[] = []): string[] {
  const ex = new Set(exclude.flatMap((e) => e.toLowerCase().split(/\s+/)));
  return (text.match(/[A-Za-z0-9][A-Za-z0-9+#.'-]*/g) ?? [])
    .map((w) => w.replace(/[.']+$/, ""))
    .filter((w) => w.length > 1 && !STOP.has(w.toLowerCase()) && !ex.has(w.toLowerCase()));
}

function companyInQuestion(question: string): string | undefined {
  const m = /\b(?:at|for|join|joining|from)\s+((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*)*)/.exec(question);
  const name = m?.[1]?.replace(/[.?!,]+$/, "");
  return name && name !== "I" ? name : undefined;
}

/** roleOf strips seniority and the company from a job title: "Senior Data Engineer at Acme" → "Data Engineer". */
function roleOf(title: string): string {
  return title
    .replace(/\s+(?:at|@|-|—)\s+.*$/, "")
    .replace(/\b(?:senior|sr\.?|junior|jr\.?|lead|staff|principal|head of|intern)\b/gi, "")
    .replace(/\s+/g, " ")
    .trim();
}

function companyOfTitle(title: string): string | undefined {
  return /\s(?:at|@)\s+(.+)$/.exec(title)?.[1]?.trim();
}

function freshnessOf(q: string): string {
  if (/\btoday\b|past day|24 hours|yesterday/.test(q)) return "day";
  if (/this week|past week|\bnews\b|\blatest\b|\bbreaking\b/.test(q)) return "week";
  if (/\brecent|\blately\b|this month|past month/.test(q)) return "month";
  return "any";
}

const PURPOSE: Record<string, (c: PlannedCall, content: ContentView) => string> = {
  job_details: () => "read the job's requirements",
  member_profile: (c, content) => (c.args.member_id === content.memberId ? "check the member's skills" : "read this profile"),
  company_profile: () => "look up the company",
  people_search: (c) => (c.args.company ? `find people at ${String(c.args.company)}` : "find the right people"),
  course_search: (c) => `find courses on ${Array.isArray(c.args.skills) ? joinAnd(c.args.skills) : "the skills"}`,
  post_details: () => "read the post",
  web_search: () => "search recent news",
  skill_insights: (c) => `check demand for ${String(c.args.skill)}`,
};

/** plan chooses plausible skill calls for the question, using only the skills listed. */
export function plan(user: string): Plan {
  const skills = readSkills(user);
  const content = readContent(user);
  const question = readQuestion(user);
  const q = question.toLowerCase();
  const calls: PlannedCall[] = [];
  const add = (skill: string, args: Record<string, ArgValue | undefined>) => {
    const allowed = skills.get(skill);
    if (!allowed) return;
    const kept: Record<string, ArgValue> = {};
    for (const [k, v] of Object.entries(args)) {
      if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      if (allowed.length > 0 && !allowed.includes(k)) continue;
      kept[k] = v;
    }
    if (Object.keys(kept).length === 0) return;
    const key = JSON.stringify([skill, kept]);
    if (calls.some((c) => JSON.stringify([c.skill, c.args]) === key)) return;
    calls.push({ skill, args: kept });
  };

  const titleCompany = content.kind === "company" ? content.title : content.kind === "job" ? companyOfTitle(content.title) : undefined;
  const company = companyInQuestion(question) ?? titleCompany;
  const role = content.kind === "job" ? roleOf(content.title) : "";

  if (content.kind === "job" && content.id) add("job_details", { job_id: content.id });
  if (content.kind === "company" && content.title) add("company_profile", { company: content.title });
  if (content.kind === "post" && content.id) add("post_details", { post_id: content.id });
  if (content.kind === "profile" && content.id) add("member_profile", { member_id: content.id });

  if (/\bfit\b|qualif|\bmatch|skills? gap|\bgaps?\b|missing|\bready\b|\bchances?\b|\bsuited\b|stand out|\bam i\b/.test(q) && content.memberId) {
    add("member_profile", { member_id: content.memberId });
  }
  if (/\bwho\b|\bpeople\b|work(?:s|ing)? (?:at|for|here)|hiring manager|recruiter|employees|\bteam\b|connect with|reach out/.test(q)) {
    let keywords: string;
    if (/hiring manager/.test(q)) keywords = role ? `${role} hiring manager` : "hiring manager";
    else if (/recruiter/.test(q)) keywords = "recruiter";
    else keywords = contentWords(question, company ? [company] : []).slice(0, 4).join(" ") || role || "engineer";
    add("people_search", { keywords, company, limit: 5 });
  }
  const mentioned = extractSkills(question);
  if (/\blearn|course|upskill|\bstudy|training|certif|close (?:the|my|these|those) gaps?/.test(q)) {
    add("course_search", { skills: mentioned.length > 0 ? mentioned : role ? [role] : ["career development"], limit: 3 });
  }
  if (/\btrend|\bdemand|in-demand|\bgrowing\b|\bpopular\b|\bworth learning\b/.test(q)) {
    const skill = mentioned[0] ?? (role || contentWords(question)[0] || "software engineering");
    add("skill_insights", { skill, include_trends: true });
  }
  if (/\bnews\b|\blatest\b|\brecent|\blately\b|\btoday\b|this week/.test(q)) {
    const topic = contentWords(question, company ? [company] : []).slice(0, 5).join(" ");
    const query = [company ?? (content.kind === "post" ? content.title : ""), topic || "news"].filter(Boolean).join(" ");
    add("web_search", { query, freshness: freshnessOf(q) });
  }

  // Skills without a rule here (registered at run time) are chosen by the words their name and
  // description share with the question, and their arguments filled from what is at hand.
  const stem = (w: string) => w.toLowerCase().replace(/(?:ies|es|s)$/, "");
  const asked = new Set(contentWords(question).filter((w) => w.length >= 4).map(stem));
  for (const [name, entry] of readCatalogue(user)) {
    if (KNOWN_ARGS[name]) continue;
    const offered = new Set(contentWords(`${name.replace(/_/g, " ")} ${entry.description}`).map(stem));
    if (![...asked].some((w) => offered.has(w))) continue;
    const args: Record<string, ArgValue | undefined> = {};
    for (const arg of entry.args) {
      if (arg === "company") args[arg] = company;
      else if (arg === "member_id") args[arg] = content.memberId;
      else if (arg === `${content.kind}_id`) args[arg] = content.id;
      else if (arg === "limit") args[arg] = 5;
      else if (/^(keywords|query|q|text|topic)$/.test(arg)) args[arg] = contentWords(question, company ? [company] : []).slice(0, 4).join(" ");
    }
    add(name, args);
  }

  const purposes = calls.map((c) => PURPOSE[c.skill]?.(c, content) ?? `call ${c.skill}`);
  const thought =
    purposes.length === 0
      ? "No listed skill helps with this question, so no calls are needed."
      : `${capitalize(joinAnd(purposes))}.`;
  return { thought, calls };
}

export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// Words, digits, spaces and plain punctuation after a letter, and not a YAML keyword: a plain
// scalar as it is. Anything else is checked by parsing it, which costs more than rendering a plan.
const PLAIN = /^[A-Za-z][A-Za-z0-9 ,.'()/+-]*$/;
const KEYWORD = /^(?:true|false|null)$/i;

function scalar(v: string | number | boolean): string {
  if (typeof v !== "string") return String(v);
  if (v.trim() !== v || v === "") return JSON.stringify(v);
  if (PLAIN.test(v) && !KEYWORD.test(v)) return v;
  try {
    const back = YAML.parse(`k: ${v}`) as unknown;
    if (typeof back === "object" && back !== null && (back as Record<string, unknown>).k === v && !v.includes(": ") && !v.includes(" #")) return v;
  } catch {
    // Not a safe plain scalar.
  }
  return JSON.stringify(v);
}

function flowItem(v: string): string {
  return /[,[\]{}:#"'&*!|>%@`]/.test(v) || scalar(v) !== v ? JSON.stringify(v) : v;
}

/** renderPlan writes a plan as YAML in exactly the shape DESIGN.md asks for. */
export function renderPlan(p: Plan): string {
  const lines = [`thought: ${scalar(p.thought)}`];
  if (p.calls.length === 0) {
    lines.push("calls: []");
    return lines.join("\n");
  }
  lines.push("calls:");
  for (const c of p.calls) {
    lines.push(`  - skill: ${c.skill}`, "    args:");
    for (const [k, v] of Object.entries(c.args)) {
      lines.push(`      ${k}: ${Array.isArray(v) ? `[${v.map(flowItem).join(", ")}]` : scalar(v)}`);
    }
  }
  return lines.join("\n");
}

export const MALFORMATIONS = [
  "fences_and_chatter",
  "unquoted_colon",
  "tabs",
  "wrong_indentation",
  "missing_space_after_colon",
  "json_trailing_comma",
  "smart_quotes",
  "truncated",
  "duplicated",
  "star_list_markers",
  "plan_wrapper",
] as const;

export type Malformation = (typeof MALFORMATIONS)[number];

const NEEDS_CALLS = new Set<Malformation>(["wrong_indentation", "star_list_markers", "truncated"]);

/** malform writes the plan with one realistic mistake of the given kind. */
export function malform(p: Plan, kind: Malformation, rand: () => number): string {
  const text = renderPlan(p);
  const lines = text.split("\n");
  switch (kind) {
    case "fences_and_chatter": {
      const intro = ["Sure! Here is the plan:", "Here's my plan for this question:", "Okay, I will call these skills."][Math.floor(rand() * 3)]!;
      const outro = ["Let me know if you need anything else.", "This should cover what the member asked.", ""][Math.floor(rand() * 3)]!;
      return `${intro}\n\n\`\`\`yaml\n${text}\n\`\`\`${outro ? `\n\n${outro}` : ""}`;
    }
    case "unquoted_colon":
      lines[0] = `thought: Plan: ${p.thought.charAt(0).toLowerCase()}${p.thought.slice(1)}`;
      return lines.join("\n");
    case "tabs":
      return lines.map((l) => l.replace(/^( +)/, (s) => "\t".repeat(Math.ceil(s.length / 2)))).join("\n");
    case "wrong_indentation":
      return lines.map((l) => (l.startsWith("      ") ? l.slice(2) : l)).join("\n");
    case "missing_space_after_colon":
      return lines.map((l) => l.replace(/^(\s*(?:- )?[A-Za-z_]+): (?=\S)/, "$1:")).join("\n");
    case "json_trailing_comma": {
      const calls = p.calls
        .map((c) => {
          const args = Object.entries(c.args)
            .map(([k, v]) => `"${k}": ${JSON.stringify(v)},`)
            .join(" ");
          return `    {"skill": "${c.skill}", "args": {${args}},},`;
        })
        .join("\n");
      return `{\n  "thought": ${JSON.stringify(p.thought)},\n  "calls": [\n${calls}${calls ? "\n" : ""}  ],\n}`;
    }
    case "smart_quotes":
      return lines
        .map((l) => {
          const m = /^(\s*(?:- )?[A-Za-z_]+): (.+)$/.exec(l);
          if (!m || /^(?:-?\d+(?:\.\d+)?|true|false|\[.*\])$/.test(m[2]!) || /skill$/.test(m[1]!)) return l;
          const v = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
          return `${m[1]}: \u201c${v}\u201d`;
        })
        .join("\n");
    case "truncated": {
      const last = lines[lines.length - 1]!;
      const m = /^(\s*[A-Za-z_]+: )(.*)$/.exec(last);
      if (m && m[2]!.length > 1) lines[lines.length - 1] = m[1]! + m[2]!.slice(0, Math.max(1, Math.floor(m[2]!.length * (0.3 + 0.4 * rand()))));
      else lines[lines.length - 1] = last.slice(0, Math.max(1, Math.floor(last.length * 0.6)));
      return lines.join("\n");
    }
    case "duplicated":
      return `${text}\n${text}`;
    case "star_list_markers":
      return lines.map((l) => l.replace(/^(\s*)- /, "$1* ")).join("\n");
    case "plan_wrapper":
      return `plan:\n${lines.map((l) => `  ${l}`).join("\n")}`;
  }
}

export interface PlannerAnswer {
  text: string;
  malformation?: Malformation;
}

/** plannerAnswer plans, then with probability malformedRate (fixed per prompt) writes the plan badly. */
export function plannerAnswer(user: string, malformedRate: number, seedKey: string = user): PlannerAnswer {
  const p = plan(user);
  const rand = prng(seedOf(seedKey, "malformation"));
  if (rand() >= malformedRate) return { text: renderPlan(p) };
  const kinds = MALFORMATIONS.filter((k) => p.calls.length > 0 || !NEEDS_CALLS.has(k));
  const kind = kinds[Math.floor(rand() * kinds.length)]!;
  return { text: malform(p, kind, rand), malformation: kind };
}
