import { parseDataBlocks, REASONING_CLOSE, REASONING_OPEN, section, SECTION, TASK } from "@springboard/prompts";
import YAML from "yaml";
import { prng, seedOf } from "./latency.js";
import { joinAnd, plannerAnswer, readContent, readQuestion, type Malformation } from "./planner.js";
import { countTokens, splitTokens } from "./tokens.js";

export interface ChatMessage {
  role: string;
  content: string;
}

export interface AnswerSettings {
  malformedRate: number;
  reasoningTokens: number;
  /** answerTokens, when above 0, sets the answer's length: it is cut, or continued by restating itself. */
  answerTokens?: number;
}

export type Task = "planner" | "generator" | "router" | "judge" | "generic";

export interface Answer {
  task: Task;
  /** tokens are the completion, hidden reasoning included, one streamed chunk each. */
  tokens: string[];
  /** reasoningTokens counts the leading tokens that are hidden reasoning, markers included. */
  reasoningTokens: number;
  malformation?: Malformation;
}

function exactLength(tokens: string[], n: number): string[] {
  if (n <= 0 || tokens.length === 0) return tokens;
  const out: string[] = [];
  while (out.length < n) out.push(...tokens.slice(0, n - out.length));
  return out;
}

/** answer writes the deterministic completion for a conversation, recognising the TASK heading. */
export function answer(messages: ChatMessage[], settings: AnswerSettings): Answer {
  const system = messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => m.content).join("\n");
  const user = messages.filter((m) => m.role !== "system" && m.role !== "developer").map((m) => m.content).join("\n");
  const key = messages.map((m) => `${m.role}\u0001${m.content}`).join("\u0002");
  const rand = prng(seedOf(key));
  if (system.includes(TASK.planner)) {
    const a = plannerAnswer(user, settings.malformedRate, key);
    return { task: "planner", tokens: splitTokens(a.text), reasoningTokens: 0, ...(a.malformation ? { malformation: a.malformation } : {}) };
  }
  if (system.includes(TASK.generator)) {
    const text = generatorAnswer(user, rand);
    const tokens = exactLength(splitTokens(text), settings.answerTokens ?? 0);
    if (settings.reasoningTokens > 0 && system.includes(REASONING_OPEN)) {
      const thinking = splitTokens(" " + reasoning(user, settings.reasoningTokens, rand));
      return { task: "generator", tokens: [REASONING_OPEN, ...thinking, REASONING_CLOSE, ...tokens], reasoningTokens: thinking.length + 2 };
    }
    return { task: "generator", tokens, reasoningTokens: 0 };
  }
  if (system.includes(TASK.router)) return { task: "router", tokens: splitTokens(routerAnswer(user)), reasoningTokens: 0 };
  if (system.includes(TASK.judge)) return { task: "judge", tokens: splitTokens(judgeAnswer(user, rand)), reasoningTokens: 0 };
  const last = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  return { task: "generic", tokens: splitTokens(genericAnswer(last, rand)), reasoningTokens: 0 };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

// ---- reading skill results ----

interface Result {
  skill: string;
  call: string;
  attachments: string[];
  ok: boolean;
  data: unknown;
  raw: string;
}

/** readResults parses the <data> blocks under the results heading; a body that is not YAML stays raw text. */
export function readResults(user: string): Result[] {
  const text = section(user, SECTION.results) ?? "";
  return parseDataBlocks(text)
    .filter((b) => (b.attrs.source ?? "").startsWith("skill:"))
    .map((b) => {
      let data: unknown;
      try {
        data = YAML.parse(b.body) as unknown;
      } catch {
        data = undefined;
      }
      return {
        skill: b.attrs.source!.slice("skill:".length),
        call: b.attrs.call ?? "",
        attachments: (b.attrs.attachments ?? "").split(",").map((s) => s.trim()).filter(Boolean),
        ok: (b.attrs.status ?? "ok") !== "error",
        data,
        raw: b.body,
      };
    });
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");

function field(o: unknown, ...names: string[]): unknown {
  if (!isObj(o)) return undefined;
  const wanted = names.map(norm);
  for (const w of wanted) for (const [k, v] of Object.entries(o)) if (norm(k) === w && v !== null && v !== undefined && v !== "") return v;
  return undefined;
}

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(text).filter(Boolean).join(", ") || undefined;
  return undefined;
}

function texts(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (isObj(x) ? text(field(x, "name", "title")) : text(x))).filter((s): s is string => !!s);
  if (typeof v === "string") return v.split(/\s*[,;]\s*/).filter(Boolean);
  return [];
}

/** entity unwraps a single-entity result such as {job: {...}} or [{...}]. */
function entity(data: unknown): Obj | undefined {
  if (Array.isArray(data)) return isObj(data[0]) ? data[0] : undefined;
  if (!isObj(data)) return undefined;
  const values = Object.values(data);
  if (values.length === 1 && isObj(values[0])) return values[0];
  return data;
}

/** items finds the list in a search result such as {members: [...]} or [...]. */
function items(data: unknown): Obj[] {
  if (Array.isArray(data)) return data.filter(isObj);
  if (!isObj(data)) return [];
  for (const v of Object.values(data)) if (Array.isArray(v) && v.some(isObj)) return v.filter(isObj);
  const one = entity(data);
  return one && one !== data ? items(one) : [];
}

function cite(ids: string[], i = 0): string {
  const id = ids[i];
  return id ? ` [[${id}]]` : "";
}

function sentences(s: string): string[] {
  return (s.replace(/\s+/g, " ").match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) ?? []).map((x) => x.trim()).filter(Boolean);
}

function endSentence(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function lower(s: string[]): Set<string> {
  return new Set(s.map((x) => x.toLowerCase()));
}

const WHAT: Record<string, string> = {
  job_details: "the job's details",
  member_profile: "your profile",
  company_profile: "the company's profile",
  people_search: "people to talk to",
  course_search: "matching courses",
  post_details: "the post",
  web_search: "recent news",
  skill_insights: "demand data for the skill",
};

// ---- the generator ----

function generatorAnswer(user: string, rand: () => number): string {
  const question = readQuestion(user);
  const q = question.toLowerCase();
  const content = readContent(user);
  const results = readResults(user);
  const ok = results.filter((r) => r.ok);
  const failed = results.filter((r) => !r.ok);
  const out: string[] = [];

  const job = ok.find((r) => r.skill === "job_details");
  const jobE = job ? entity(job.data) : undefined;
  const jobSkills = jobE ? texts(field(jobE, "skills", "required_skills", "requiredSkills")) : [];
  const jobTitle = jobE ? text(field(jobE, "title", "job_title", "name")) : undefined;

  for (const r of ok) {
    switch (r.skill) {
      case "job_details":
        out.push(...jobSentences(r, rand));
        break;
      case "member_profile":
        out.push(...memberSentences(r, content, jobSkills, jobTitle, rand));
        break;
      case "company_profile":
        out.push(...companySentences(r));
        break;
      case "people_search":
        out.push(...peopleSentences(r, rand));
        break;
      case "course_search":
        out.push(...courseSentences(r, rand));
        break;
      case "post_details":
        out.push(...postSentences(r));
        break;
      case "web_search":
        out.push(...newsSentences(r));
        break;
      case "skill_insights":
        out.push(...insightSentences(r));
        break;
      default:
        out.push(...genericResultSentences(r));
    }
  }
  for (const r of failed) {
    out.push(
      pick(rand, [
        `I could not look up ${WHAT[r.skill] ?? `the ${r.skill.replace(/_/g, " ")} result`} just now, so I have left it out of this answer.`,
        `The lookup for ${WHAT[r.skill] ?? r.skill.replace(/_/g, " ")} failed, so I cannot say anything about it yet.`,
      ]),
    );
  }
  if (results.length === 0) out.push(...noDataSentences(q, content, rand));
  else if (ok.length === 0) out.push("Without that data I would rather not guess; please try again in a moment.");

  if (ok.length > 0) out.push(closingFor(q, jobSkills, rand));
  return fitLength(out, 60, 200, rand);
}

function jobSentences(r: Result, rand: () => number): string[] {
  const e = entity(r.data);
  if (!e) return genericResultSentences(r);
  const title = text(field(e, "title", "job_title", "name")) ?? "This role";
  const company = text(field(e, "company_name", "company", "companyName"));
  const location = text(field(e, "location"));
  const seniority = text(field(e, "seniority", "level"));
  const remote = field(e, "remote") === true;
  const skills = texts(field(e, "skills", "required_skills")).slice(0, 3);
  const reqs = texts(field(e, "requirements"));
  const out: string[] = [];
  let first = `The ${title} role${cite(r.attachments)}${company ? ` at ${company}` : ""}`;
  first += seniority ? ` is a ${seniority}-level position` : " is open";
  first += location ? ` based in ${location}` : "";
  first += remote ? ", and it can be done remotely." : ".";
  out.push(first);
  if (skills.length > 0) out.push(pick(rand, [`It asks for ${joinAnd(skills)}.`, `The listing's core skills are ${joinAnd(skills)}.`]));
  if (reqs.length > 0) out.push(`Among the requirements: ${endSentence(reqs[0]!.replace(/\.$/, ""))}`);
  return out;
}

function memberSentences(r: Result, content: ReturnType<typeof readContent>, jobSkills: string[], jobTitle: string | undefined, rand: () => number): string[] {
  const e = entity(r.data);
  if (!e) return genericResultSentences(r);
  const id = text(field(e, "id", "member_id"));
  const name = text(field(e, "name", "full_name")) ?? "This member";
  const headline = text(field(e, "headline", "title"));
  const skills = texts(field(e, "skills"));
  const own = !id || id === content.memberId || content.kind !== "profile";
  const whose = own ? "Your profile" : `${name}'s profile`;
  const out: string[] = [];
  if (jobSkills.length > 0) {
    const have = lower(skills);
    const strengths = jobSkills.filter((s) => have.has(s.toLowerCase()));
    const gaps = jobSkills.filter((s) => !have.has(s.toLowerCase()));
    if (strengths.length > 0) {
      out.push(
        `${whose}${cite(r.attachments)} already shows ${joinAnd(strengths)}: ${strengths.length} of the ${jobSkills.length} skills ${jobTitle ? `the ${jobTitle} role` : "the role"} asks for, which is a real strength.`,
      );
    } else {
      out.push(
        `${whose}${cite(r.attachments)} does not list the skills the listing names yet${headline ? `, but your experience as ${headline} still counts and is worth framing around the role` : ""}.`,
      );
    }
    if (gaps.length > 0) {
      out.push(
        pick(rand, [
          `The gaps are ${joinAnd(gaps)}; they are common and closable with a focused course or a small project that uses them.`,
          `Where you would need to grow is ${joinAnd(gaps)}, and a short course plus one concrete project would make that gap easy to explain.`,
        ]),
      );
    } else {
      out.push("You cover every skill the listing names, so lead with concrete results that show them in action.");
    }
  } else {
    out.push(`${whose}${cite(r.attachments)}${headline ? ` presents ${own ? "you" : name} as ${headline}` : ` belongs to ${name}`}.`);
    if (skills.length > 0) out.push(`The skills that stand out are ${joinAnd(skills.slice(0, 4))}.`);
  }
  return out;
}

function companySentences(r: Result): string[] {
  const e = entity(r.data);
  if (!e) return genericResultSentences(r);
  const name = text(field(e, "name", "company_name")) ?? "The company";
  const industry = text(field(e, "industry"));
  const size = text(field(e, "size", "employees", "employee_count", "headcount"));
  const founded = text(field(e, "founded"));
  const description = text(field(e, "description", "about", "summary"));
  const locations = texts(field(e, "locations", "offices"));
  const out: string[] = [];
  let first = `${name}${cite(r.attachments)} is ${industry ? `${/^[aeiou]/i.test(industry) ? "an" : "a"} ${industry} company` : "a company"}`;
  if (size) first += ` with ${size} employees`;
  if (founded) first += `, founded in ${founded}`;
  out.push(`${first}.`);
  if (description) out.push(...sentences(description).slice(0, 2).map(endSentence));
  if (locations.length > 0) out.push(`It has offices in ${joinAnd(locations.slice(0, 3))}.`);
  return out;
}

function peopleSentences(r: Result, rand: () => number): string[] {
  const people = items(r.data).slice(0, 4);
  if (people.length === 0) return ["The people search found no one who matches, so a broader search may help."];
  const parts = people.map((p, i) => {
    const name = text(field(p, "name", "full_name")) ?? "A member";
    const headline = text(field(p, "headline", "title"));
    return `${name}${cite(r.attachments, i)}${headline ? `, ${headline}` : ""}`;
  });
  return [
    `${pick(rand, ["A few people worth reaching out to:", "People who match what you asked:"])} ${parts.join("; ")}.`,
    "A short, specific note about why you are reaching out tends to get the best replies.",
  ];
}

function courseSentences(r: Result, rand: () => number): string[] {
  const courses = items(r.data).slice(0, 3);
  if (courses.length === 0) return ["I found no course that matches those skills yet."];
  const parts = courses.map((c, i) => {
    const title = text(field(c, "title", "name")) ?? "A course";
    const provider = text(field(c, "provider"));
    const hours = text(field(c, "hours"));
    const level = text(field(c, "level"));
    const detail = [hours ? `${hours} hours` : "", level ?? ""].filter(Boolean).join(", ");
    return `${title}${cite(r.attachments, i)}${provider ? ` by ${provider}` : ""}${detail ? ` (${detail})` : ""}`;
  });
  return [`${pick(rand, ["Courses that cover this:", "To build those skills, consider"])} ${parts.join("; ")}.`];
}

function postSentences(r: Result): string[] {
  const e = entity(r.data);
  if (!e) return genericResultSentences(r);
  const title = text(field(e, "title"));
  const author = text(field(e, "author_name", "author"));
  const body = text(field(e, "text", "body", "summary", "content")) ?? "";
  const topics = texts(field(e, "topics", "tags"));
  const out = [`The post${cite(r.attachments)}${author ? ` by ${author}` : ""}${title ? `, "${title}",` : ""} makes a few main points.`];
  const points = sentences(body).slice(0, 3);
  if (points.length > 0) out.push(...points.map((p, i) => `${["First", "Second", "Third"][i]}, ${endSentence(p.charAt(0).toLowerCase() + p.slice(1))}`));
  if (topics.length > 0) out.push(`It touches on ${joinAnd(topics.slice(0, 3))}.`);
  return out;
}

function newsSentences(r: Result): string[] {
  const hits = items(r.data).slice(0, 3);
  if (hits.length === 0) return ["The web search found no recent coverage."];
  const parts = hits.map((h, i) => {
    const title = text(field(h, "title", "headline", "name")) ?? "an article";
    const source = text(field(h, "source", "site", "publisher"));
    return `"${title}"${cite(r.attachments, i)}${source ? ` (${source})` : ""}`;
  });
  return [`Recent headlines include ${joinAnd(parts)}.`];
}

function insightSentences(r: Result): string[] {
  const e = entity(r.data);
  if (!e) return genericResultSentences(r);
  const skill = text(field(e, "name", "skill")) ?? "This skill";
  const index = Number(field(e, "demand_index", "demand"));
  const trend = Number(field(e, "demand_trend", "trend"));
  const related = texts(field(e, "related", "related_skills"));
  const out: string[] = [];
  let s = `Demand for ${skill}${cite(r.attachments)}`;
  s += Number.isFinite(index) ? ` stands at ${index} on an index where 100 is average` : " is tracked in the skills data";
  if (Number.isFinite(trend)) s += `, ${trend >= 0 ? "up" : "down"} ${Math.abs(Math.round(trend * 10) / 10)}% over the past year`;
  out.push(`${s}.`);
  if (related.length > 0) out.push(`Skills that pair well with it: ${joinAnd(related.slice(0, 3))}.`);
  return out;
}

function genericResultSentences(r: Result): string[] {
  const e = entity(r.data);
  const pairs = e
    ? Object.entries(e)
        .map(([k, v]) => [k.replace(/_/g, " "), text(v)] as const)
        .filter(([, v]) => v && v.length < 80)
        .slice(0, 3)
        .map(([k, v]) => `${k} ${v}`)
    : [];
  if (pairs.length > 0) return [`The ${r.skill.replace(/_/g, " ")} result${cite(r.attachments)} shows ${joinAnd(pairs)}.`];
  const raw = sentences(r.raw).slice(0, 1);
  return raw.length > 0 ? [`The ${r.skill.replace(/_/g, " ")} result${cite(r.attachments)} says: ${endSentence(raw[0]!)}`] : [];
}

function closingFor(q: string, jobSkills: string[], rand: () => number): string {
  const top = jobSkills.slice(0, 2);
  if (/interview|prepare|prep\b/.test(q)) return `To prepare, have one concrete story ready for ${top.length ? joinAnd(top) : "each core skill"}, with the result you achieved.`;
  if (/stand out|apply|application/.test(q)) return "To stand out, put your most relevant result in the first line of your note and mirror the listing's wording.";
  if (/learn|course|gap|missing/.test(q)) return "Picking one gap and working on it for a few weeks will show progress quickly.";
  return pick(rand, [
    "If you would like, I can look into any of these in more detail.",
    "Let me know if you want me to dig deeper into any part of this.",
    "I hope this helps you decide on your next step.",
  ]);
}

function noDataSentences(q: string, content: ReturnType<typeof readContent>, rand: () => number): string[] {
  const out = [
    pick(rand, [
      "I had no data from Springboard's systems for this question, so I can only offer general guidance.",
      "I could not look anything up for this question, so this is general advice rather than facts about it.",
    ]),
  ];
  if (/fit|qualif|skills|missing|gap/.test(q)) {
    out.push(
      "A good way to judge fit is to list the skills a listing names, mark the ones your recent work shows, and pick one gap to close with a short course or a small project.",
    );
  } else if (/interview|prepare/.test(q)) {
    out.push("For interviews, prepare a few concrete stories with a clear situation, what you did and the result, and practise them aloud.");
  } else if (/career|switch|grow|promot/.test(q)) {
    out.push("Career moves go best in small steps: talk to people already in the role, build one visible project, and update your headline to match where you are going.");
  } else if (/company|culture|work at/.test(q)) {
    out.push("To learn about a company, read its page and recent posts, and ask current employees about the team you would join.");
  } else {
    out.push("Tell me a little more about what you are looking for and I can point you in the right direction.");
  }
  if (content.kind !== "none" && content.title) out.push(`Once the details of ${content.title} are available, I can give you a specific answer.`);
  return out;
}

const FILLERS = [
  "Everything above comes from the data I was given, and I have not added anything beyond it.",
  "If anything here looks out of date, tell me and I will check it again.",
  "I can also compare this with similar options if that would help.",
  "Feel free to ask a follow-up question about any of these points.",
];

/** fitLength joins sentences into an answer of roughly min to max tokens. */
function fitLength(parts: string[], min: number, max: number, rand: () => number): string {
  const out = parts.filter(Boolean);
  const start = Math.floor(rand() * FILLERS.length);
  for (let i = 0; countTokens(out.join(" ")) < min && i < FILLERS.length; i++) out.push(FILLERS[(start + i) % FILLERS.length]!);
  while (out.length > 1 && countTokens(out.join(" ")) > max) out.pop();
  const words = out.join(" ").split(/\s+/);
  return words.length > max ? `${words.slice(0, max).join(" ").replace(/[,;:]$/, "")}.` : words.join(" ");
}

// ---- reasoning, router, judge, generic ----

function reasoning(user: string, n: number, rand: () => number): string {
  const question = readQuestion(user) || "the question";
  const results = readResults(user);
  const seeds = [
    `The member asks: ${question}`,
    results.length > 0
      ? `I have ${results.length} skill result${results.length === 1 ? "" : "s"}: ${results.map((r) => r.skill).join(", ")}.`
      : "I have no skill results, so I should say so.",
    "I should ground every fact in the data and cite each entity with its attachment id.",
    "Lead with strengths, then gaps, and keep the tone warm and direct.",
    "Keep it short and avoid inventing anything.",
  ];
  const words: string[] = [];
  for (let i = 0; words.length < n; i++) {
    const s = i < seeds.length ? seeds[i]! : pick(rand, seeds.slice(2));
    words.push(...s.split(/\s+/).filter(Boolean));
  }
  return words.slice(0, n).join(" ");
}

const ROUTE_KEYWORDS: Record<string, RegExp> = {
  job_fit: /\bfit\b|qualif|\bmatch|missing|\bgaps?\b|\bskills?\b.*\b(role|job)|\bapply\b|stand out|\bam i\b/,
  company_insights: /\bcompan|culture|\bwork(?:ing)? at\b|employees|\bindustry|\bhiring\b|\bteam\b|\bfunding\b/,
  post_takeaways: /\bpost\b|\barticle|takeaway|summar|\bauthor|\bpoints?\b|\bmain idea/,
  interview_prep: /interview|prepare|\bprep\b|questions? (?:they|will|might)|\bhiring process/,
  career_advice: /career|\bswitch|\bgrow|promot|\bpath\b|\blearn|\bnext step|transition|mentor|salary|negotiat/,
  out_of_scope: /\bpoem|\bjoke|recipe|\bstock tips?|\bweather|\bsong|\blottery|\bbitcoin|\bcrypto|horoscope|\bfootball|\bmovie|homework/,
};

const KIND_DEFAULT: Record<string, string> = { job: "job_fit", company: "company_insights", post: "post_takeaways", profile: "career_advice" };

function routerAnswer(user: string): string {
  const labels = (section(user, SECTION.labels) ?? "")
    .split("\n")
    .map((l) => /^\s*(?:[-*]\s*)?`?([A-Za-z0-9_.-]+)`?/.exec(l)?.[1])
    .filter((l): l is string => !!l);
  const question = (readQuestion(user) || user).toLowerCase();
  if (labels.length === 0) return "out_of_scope";
  const content = readContent(user);
  let best: string | undefined;
  let bestScore = 0;
  for (const label of labels) {
    const re = ROUTE_KEYWORDS[label];
    let score = re ? (question.match(new RegExp(re.source, "g"))?.length ?? 0) * 2 : 0;
    for (const part of label.toLowerCase().split(/[_.-]/)) if (part.length > 2 && question.includes(part)) score += 1;
    if (label === "out_of_scope" && score > 0) score += 10;
    if (score > bestScore) {
      best = label;
      bestScore = score;
    }
  }
  if (best) return best;
  const byKind = KIND_DEFAULT[content.kind];
  if (byKind && labels.includes(byKind)) return byKind;
  return labels.includes("out_of_scope") ? "out_of_scope" : labels[0]!;
}

function judgeAnswer(user: string, rand: () => number): string {
  let score = 3 + Math.floor(rand() * 2);
  if (/\[\[[^\]]+\]\]/.test(user)) score++;
  if (/could not|no data|I don't know/i.test(user)) score--;
  score = Math.max(1, Math.min(5, score));
  const reason = {
    1: "The answer does not address the question and is not grounded in the data.",
    2: "The answer is partly relevant but misses key facts from the data.",
    3: "The answer is relevant but thin; it could use more of the facts it was given.",
    4: "The answer is grounded and helpful, with minor gaps in detail.",
    5: "The answer is grounded, specific, cites its sources and is warm in tone.",
  }[score]!;
  return `score: ${score}\nreason: ${reason}`;
}

function genericAnswer(last: string, rand: () => number): string {
  const topic = last.replace(/\s+/g, " ").trim().split(" ").slice(0, 8).join(" ");
  const opener = pick(rand, ["Here is a short answer.", "Happy to help.", "Good question."]);
  const body = topic
    ? `You asked about "${topic}${last.trim().split(/\s+/).length > 8 ? "..." : ""}". This reply comes from llm-sim, an offline simulator, so it is a placeholder rather than real advice.`
    : "This reply comes from llm-sim, an offline simulator, so it is a placeholder rather than real advice.";
  return `${opener} ${body} ${pick(rand, ["Ask a more specific question to see a task-aware answer.", "Prompts built with @springboard/prompts get task-aware answers."])}`;
}

