import {
  CITIES,
  COMPANY_NEWS,
  COURSE_AUDIENCES,
  COURSE_PROVIDERS,
  COURSE_TITLES,
  DEGREES_BY_LEVEL,
  FIRST_NAMES,
  HEADLINE_TEMPLATES,
  LAST_NAMES,
  LINK_HOSTS,
  NEWS_SOURCES,
  POST_CLOSERS,
  SCHOOLS,
  SUMMARY_CLOSERS,
  SUMMARY_MIDDLES,
  SUMMARY_OPENERS,
  TOPICS,
  TREND_NEWS,
  type City,
  type NewsTemplate,
  type Topic,
} from "./phrases.js";
import { Random } from "./random.js";
import {
  COMPANY_PREFIXES,
  COOLING_SKILLS,
  HOT_SKILLS,
  INDUSTRIES,
  PAY_FACTOR,
  ROLES,
  SALARY_USD,
  SIZE_BANDS,
  SKILLS_BY_CATEGORY,
  YEARS_REQUIRED,
  type Industry,
  type Role,
  type Seniority,
} from "./taxonomy.js";

export interface SkillRecord {
  name: string;
  category: string;
  related: string[];
  demandIndex: number;
  demandTrend: number;
}

export interface CompanyRecord {
  id: string;
  name: string;
  industry: string;
  size: string;
  description: string;
  locations: string[];
  openJobIds: string[];
  founded: number;
}

export interface JobRecord {
  id: string;
  title: string;
  companyId: string;
  companyName: string;
  location: string;
  seniority: string;
  skills: string[];
  requirements: string[];
  description: string;
  salary: { currency: string; min: number; max: number };
  remote: boolean;
}

export interface PositionRecord {
  title: string;
  companyId: string;
  companyName: string;
  startYear: number;
  endYear: number;
  description: string;
}

export interface EducationRecord {
  school: string;
  degree: string;
  field: string;
  endYear: number;
}

export interface MemberRecord {
  id: string;
  name: string;
  headline: string;
  location: string;
  skills: string[];
  experience: PositionRecord[];
  education: EducationRecord[];
  summary: string;
}

export interface PostRecord {
  id: string;
  authorId: string;
  authorName: string;
  title: string;
  text: string;
  topics: string[];
  links: string[];
  publishedDay: number;
  kind: "post" | "article";
}

export interface CourseRecord {
  id: string;
  title: string;
  provider: string;
  skills: string[];
  hours: number;
  level: "beginner" | "intermediate" | "advanced";
}

/** NewsArticle is one public news article served by the web search API. */
export interface NewsArticle {
  title: string;
  url: string;
  snippet: string;
  /** published is an ISO 8601 timestamp. */
  published: string;
  source: string;
}

export interface Dataset {
  seed: number;
  /** today is the fixed date the dataset is written relative to, YYYY-MM-DD. */
  today: string;
  skills: SkillRecord[];
  companies: CompanyRecord[];
  jobs: JobRecord[];
  members: MemberRecord[];
  posts: PostRecord[];
  courses: CourseRecord[];
  news: NewsArticle[];
}

export const DEFAULT_SEED = 42;
export const TODAY = "2026-11-25";
/** NEWS_NOW is the moment web search results are dated against: noon UTC on TODAY. */
export const NEWS_NOW = Date.parse(`${TODAY}T12:00:00Z`);
const DAY_MS = 86_400_000;
/** TODAY_DAY is TODAY as days since 2020-01-01, the unit of PostRecord.publishedDay. */
export const TODAY_DAY = Math.round((Date.parse(`${TODAY}T00:00:00Z`) - Date.parse("2020-01-01T00:00:00Z")) / DAY_MS);
const THIS_YEAR = 2026;

export const COUNTS = { companies: 200, jobs: 1000, members: 2000, posts: 2000, courses: 300, news: 150 } as const;

const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const memberId = (i: number) => `member-${pad(i, 5)}`;
export const companyId = (i: number) => `company-${pad(i, 4)}`;
export const jobId = (i: number) => `job-${pad(i, 5)}`;
export const postId = (i: number) => `post-${pad(i, 5)}`;
export const courseId = (i: number) => `course-${pad(i, 4)}`;

/** fill replaces each {key} in a template; a key without a value is a bug in the templates. */
function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template "${template}" needs {${key}}`);
    return String(v);
  });
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ON_SITE = new Set(["healthcare", "operations", "education", "engineering"]);
const SMALL_WORDS = new Set(["and", "or", "of", "for", "the", "in", "to", "with", "a", "an", "at", "by"]);

/** headlineCase capitalises the words of a skill name for a title, leaving brand names such as "dbt" alone. */
function headlineCase(name: string): string {
  if (/^[a-z]/.test(name)) return name;
  return name
    .split(" ")
    .map((w, i) => (i > 0 && /^[a-z]/.test(w) && !SMALL_WORDS.has(w) ? capitalize(w) : w))
    .join(" ");
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);

function slugify(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

/** roundPay keeps three significant figures, so pay in any currency reads naturally. */
function roundPay(v: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(v)) - 2);
  return Math.round(v / unit) * unit;
}

export function titleFor(role: Role, seniority: Seniority): string {
  switch (seniority) {
    case "intern":
      return `${role.title} Intern`;
    case "entry":
      return role.licensed ? role.title : role.title.endsWith("Manager") ? `Associate ${role.title}` : `Junior ${role.title}`;
    case "mid":
      return role.title;
    case "senior":
      return `Senior ${role.title}`;
    case "staff":
      return `Staff ${role.title}`;
    case "principal":
      return `Principal ${role.title}`;
    case "manager":
      return role.manager;
    case "director":
      return role.director;
  }
}

/** generateDataset builds the whole network from a seed; the same seed gives an identical dataset. */
export function generateDataset(seed: number = DEFAULT_SEED): Dataset {
  const rng = new Random(seed);
  const skills = generateSkills(rng);
  const skillByName = new Map(skills.map((s) => [s.name, s]));
  for (const role of ROLES) {
    for (const s of role.skills) if (!skillByName.has(s)) throw new Error(`role ${role.title} names unknown skill ${s}`);
  }
  const { companies, facts } = generateCompanies(rng);
  const jobs = generateJobs(rng, companies, facts, skillByName);
  const members = generateMembers(rng, companies, facts, skillByName);
  const posts = generatePosts(rng, members, companies);
  const courses = generateCourses(rng, skills, skillByName);
  const news = generateNews(rng, companies, facts);
  return { seed, today: TODAY, skills, companies, jobs, members, posts, courses, news };
}

function generateSkills(rng: Random): SkillRecord[] {
  const cooccur = new Map<string, string[]>();
  for (const role of ROLES) {
    for (const a of role.skills) {
      const list = cooccur.get(a) ?? [];
      for (const b of role.skills) if (b !== a && !list.includes(b)) list.push(b);
      cooccur.set(a, list);
    }
  }
  const seen = new Set<string>();
  const out: SkillRecord[] = [];
  for (const [category, names] of Object.entries(SKILLS_BY_CATEGORY)) {
    for (const name of names) {
      if (seen.has(name.toLowerCase())) throw new Error(`skill ${name} is listed twice`);
      seen.add(name.toLowerCase());
      const related = rng.sample(cooccur.get(name) ?? [], rng.int(1, 3));
      const siblings = names.filter((n) => n !== name && !related.includes(n));
      related.push(...rng.sample(siblings, rng.int(5, 6) - related.length));
      let demandIndex = rng.int(60, 140);
      let demandTrend = rng.int(-60, 150) / 10;
      if (HOT_SKILLS.has(name)) {
        demandIndex += rng.int(40, 90);
        demandTrend = rng.int(80, 450) / 10;
      } else if (COOLING_SKILLS.has(name)) {
        demandIndex -= rng.int(15, 35);
        demandTrend = -rng.int(30, 250) / 10;
      }
      out.push({ name, category, related, demandIndex, demandTrend });
    }
  }
  return out;
}

/** CompanyFacts are what the generator knows about a company beyond its record. */
interface CompanyFacts {
  industry: Industry;
  pitch: string;
  cities: City[];
  weight: number;
}

function generateCompanies(rng: Random): { companies: CompanyRecord[]; facts: CompanyFacts[] } {
  const robotics = INDUSTRIES.find((i) => i.name === "Robotics")!;
  const weights = INDUSTRIES.map((i) => [i, i.name === "Software" ? 5 : i.categories.includes("software") ? 2 : 1.5] as const);
  const names = new Set<string>();
  const companies: CompanyRecord[] = [];
  const facts: CompanyFacts[] = [];
  const prefixes = rng.shuffle(COMPANY_PREFIXES);
  for (let i = 1; i <= COUNTS.companies; i++) {
    const industry = i === 1 ? robotics : rng.weighted(weights);
    let name = i === 1 ? "Acme Robotics" : "";
    for (let attempt = 0; !name || names.has(name.toLowerCase()); attempt++) {
      const prefix = attempt < 3 ? prefixes[(i + attempt * 37) % prefixes.length]! : rng.pick(COMPANY_PREFIXES);
      name = `${prefix} ${rng.pick(industry.suffixes)}`;
    }
    names.add(name.toLowerCase());
    const sizeIndex = rng.weighted(SIZE_BANDS.map((_, k) => [k, [14, 22, 20, 14, 12, 8, 6][k]!] as const));
    const founded = Math.min(THIS_YEAR - 1, THIS_YEAR - rng.int(2, 8) - sizeIndex * rng.int(2, 7));
    const cities = rng.sample(CITIES, 1 + Math.min(4, Math.floor(sizeIndex / 1.5) + rng.int(0, 1)));
    const pitch = rng.pick(industry.pitches);
    const customers = rng.pick(industry.customers);
    const hq = cities[0]!.name;
    const reach = cities.length > 1 ? `, with offices in ${listPhrase(cities.slice(1).map((c) => c.name.split(",")[0]!))}` : "";
    const culture = rng.pick([
      "Teams work in small, autonomous groups and write things down.",
      "The company is known for its mentoring culture and internal mobility.",
      "It publishes its salary bands and offers flexible and remote work for most roles.",
      "Employees describe a fast-paced, customer-obsessed culture.",
      "It invests heavily in training, with a yearly learning budget for every employee.",
    ]);
    companies.push({
      id: companyId(i),
      name,
      industry: industry.name,
      size: SIZE_BANDS[sizeIndex]!,
      description: `${name} ${pitch}. Founded in ${founded} and headquartered in ${hq}${reach}, it serves ${customers} around the world. ${culture}`,
      locations: cities.map((c) => c.name),
      openJobIds: [],
      founded,
    });
    facts.push({ industry, pitch, cities, weight: 1 + sizeIndex });
  }
  return { companies, facts };
}

const ROLES_BY_CATEGORY = new Map<string, Role[]>();
for (const role of ROLES) ROLES_BY_CATEGORY.set(role.category, [...(ROLES_BY_CATEGORY.get(role.category) ?? []), role]);

function roleFor(rng: Random, industry: Industry): Role {
  const choices = industry.categories
    .map((c, k) => [c, industry.categories.length - k] as const)
    .filter(([c]) => ROLES_BY_CATEGORY.has(c));
  return rng.pick(ROLES_BY_CATEGORY.get(rng.weighted(choices))!);
}

const JOB_SENIORITY: readonly (readonly [Seniority, number])[] = [
  ["intern", 4], ["entry", 14], ["mid", 28], ["senior", 28], ["staff", 8], ["principal", 3], ["manager", 10], ["director", 5],
];

function fitSeniority(role: Role, s: Seniority): Seniority {
  if (!role.licensed) return s;
  return s === "intern" ? "entry" : s === "staff" || s === "principal" ? "senior" : s;
}

const relatedPools = new WeakMap<Map<string, SkillRecord>, Map<Role, string[]>>();

/** extraSkills picks n skills related to the role's core skills, leaving out those in except. */
function extraSkills(rng: Random, role: Role, skillByName: Map<string, SkillRecord>, n: number, except: readonly string[]): string[] {
  let pools = relatedPools.get(skillByName);
  if (!pools) relatedPools.set(skillByName, (pools = new Map()));
  let pool = pools.get(role);
  if (!pool) pools.set(role, (pool = [...new Set(role.skills.flatMap((s) => skillByName.get(s)!.related))]));
  return rng.sample(pool.filter((s) => !except.includes(s)), n);
}

function generateJobs(rng: Random, companies: CompanyRecord[], facts: CompanyFacts[], skillByName: Map<string, SkillRecord>): JobRecord[] {
  const companyWeights = companies.map((_, k) => [k, facts[k]!.weight] as const);
  const jobs: JobRecord[] = [];
  for (let i = 1; i <= COUNTS.jobs; i++) {
    const k = i === 1 ? 0 : i <= 10 ? (i - 1) * 7 : rng.weighted(companyWeights);
    const company = companies[k]!;
    const f = facts[k]!;
    const role = i === 1 ? ROLES.find((r) => r.title === "Frontend Engineer")! : roleFor(rng, f.industry);
    const seniority = fitSeniority(role, i === 1 ? "senior" : rng.weighted(JOB_SENIORITY));
    const title = titleFor(role, seniority);
    const city = rng.pick(f.cities);
    const remoteChance = ["software", "cloud", "data", "ai", "design", "product", "marketing"].includes(role.category) ? 0.4 : 0.08;
    const remote = rng.chance(remoteChance);
    const core = rng.sample(role.skills, rng.int(3, 5));
    const skills = [...core, ...extraSkills(rng, role, skillByName, rng.int(1, 2), core)];
    const [lo, hi] = SALARY_USD[seniority];
    const factor = (PAY_FACTOR[role.category] ?? 1) * city.pay * (0.92 + rng.next() * 0.16);
    const min = roundPay(lo * factor);
    const max = Math.max(roundPay(hi * factor), min + roundPay(lo * factor * 0.1));
    const years = YEARS_REQUIRED[seniority];
    const requirements: string[] = [];
    if (seniority === "intern") requirements.push(`Currently studying ${role.field} or a related field, graduating in ${THIS_YEAR + 1} or ${THIS_YEAR + 2}.`);
    else if (seniority === "entry") requirements.push(`Up to two years of experience in a similar role, or a degree in ${role.field}.`);
    else requirements.push(`${years}+ years of experience as ${article(role.title.toLowerCase())} or in a similar role.`);
    if (seniority === "manager" || seniority === "director") {
      requirements.push(`Experience leading and growing a team of ${seniority === "director" ? rng.int(15, 40) : rng.int(4, 10)} or more people.`);
    }
    requirements.push(`Strong hands-on experience with ${skills[0]} and ${skills[1]}.`);
    requirements.push(skills[3] ? `Working knowledge of ${skills[2]}; experience with ${skills[3]} is a plus.` : `Working knowledge of ${skills[2]}.`);
    if (role.licensed) requirements.push(`Holds ${role.licensed}.`);
    requirements.push(`Clear written and spoken communication, and comfort working with ${role.partners}.`);
    if (remote) requirements.push("Able to overlap at least four hours a day with the team's core time zone.");
    const duties = rng.sample(role.duties, 3);
    const reportsTo = seniority === "director" ? "the executive team" : seniority === "manager" ? `the ${role.director}` : `the ${role.manager}`;
    const town = city.name.split(",")[0]!;
    const where = remote
      ? `The team is based in ${city.name}, and this role can be done fully remotely.`
      : ON_SITE.has(role.category)
        ? `This role is on site in ${town}.`
        : `This role is based in our ${town} office, at least three days a week.`;
    const benefits = rng.pick([
      "health coverage, a yearly learning budget and generous parental leave",
      "equity, flexible hours and four weeks of paid time off",
      "a pension plan, paid volunteering days and a home-office stipend",
      "health and dental coverage, a learning budget and a four-day week in summer",
    ]);
    const description =
      `${company.name} ${f.pitch}. We are looking for ${article(title)} to ${role.mission}. ` +
      `You will ${listPhrase(duties)}. You will work closely with ${role.partners} and report to ${reportsTo}. ` +
      `${where} We offer ${benefits}. The pay range is ${min.toLocaleString("en-US")}–${max.toLocaleString("en-US")} ${city.currency} a year.`;
    const job: JobRecord = {
      id: jobId(i),
      title,
      companyId: company.id,
      companyName: company.name,
      location: city.name,
      seniority,
      skills,
      requirements,
      description,
      salary: { currency: city.currency, min, max },
      remote,
    };
    jobs.push(job);
    company.openJobIds.push(job.id);
  }
  return jobs;
}

function careerSeniority(rng: Random, years: number): Seniority {
  if (years < 2) return "entry";
  if (years < 5) return "mid";
  if (years < 9) return rng.chance(0.8) ? "senior" : "manager";
  return rng.weighted([["senior", 3], ["staff", 2], ["principal", 1], ["manager", 2], ["director", 1]]);
}

const LADDER: readonly Seniority[] = ["entry", "mid", "senior", "staff", "principal"];

function generateMembers(rng: Random, companies: CompanyRecord[], facts: CompanyFacts[], skillByName: Map<string, SkillRecord>): MemberRecord[] {
  const byCategory = new Map<string, number[]>();
  facts.forEach((f, k) => {
    for (const c of f.industry.categories) byCategory.set(c, [...(byCategory.get(c) ?? []), k]);
  });
  const members: MemberRecord[] = [];
  const frontend = ROLES.find((r) => r.title === "Frontend Engineer")!;
  for (let i = 1; i <= COUNTS.members; i++) {
    const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    const k0 = i === 1 ? 0 : rng.int(0, companies.length - 1);
    const role = i === 1 ? frontend : roleFor(rng, facts[k0]!.industry);
    const employers = byCategory.get(role.category) ?? [k0];
    const current = i === 1 ? 0 : rng.chance(0.7) ? k0 : rng.pick(employers);
    const years = i === 1 ? 6 : Math.floor(rng.next() ** 1.4 * 26) + 1;
    const seniority = fitSeniority(role, i === 1 ? "senior" : careerSeniority(rng, years));
    const company = companies[current]!;
    const city = rng.pick(facts[current]!.cities);

    const experience: PositionRecord[] = [];
    const positions = Math.min(4, 1 + Math.floor(years / 4));
    let end = 0;
    let start = THIS_YEAR - Math.min(years, rng.int(1, 5));
    let level = seniority;
    let employer = current;
    for (let p = 0; p < positions; p++) {
      const c = companies[employer]!;
      const duty = rng.pick(role.duties);
      experience.push({
        title: titleFor(role, level),
        companyId: c.id,
        companyName: c.name,
        startYear: start,
        endYear: end,
        description: `${end === 0 ? "Working" : "Worked"} with ${role.partners} to ${duty}.`,
      });
      end = start;
      start = end - rng.int(1, 4);
      if (start < THIS_YEAR - years) break;
      const rung = LADDER.indexOf(level);
      level = level === "manager" || level === "director" ? "senior" : rung > 0 ? LADDER[rung - 1]! : level;
      employer = rng.pick(employers);
    }

    const field = role.field;
    const firstEnd = THIS_YEAR - years - rng.int(0, 1);
    const education: EducationRecord[] = [];
    const associateOnly = rng.chance(0.08);
    const bachelors = field.includes("Engineering") || field === "Robotics" ? DEGREES_BY_LEVEL.bachelor : DEGREES_BY_LEVEL.bachelor.slice(0, 2);
    const bachelor = field === "Nursing" ? "Bachelor of Science in Nursing" : rng.pick(associateOnly ? DEGREES_BY_LEVEL.associate : bachelors);
    education.push({ school: rng.pick(SCHOOLS), degree: bachelor, field, endYear: firstEnd });
    if (!associateOnly && rng.chance(0.28)) {
      const doctorate = rng.chance(0.12) && ["ai", "data", "healthcare", "engineering"].includes(role.category);
      education.unshift({
        school: rng.pick(SCHOOLS),
        ...(doctorate || rng.chance(0.7)
          ? { degree: rng.pick(doctorate ? DEGREES_BY_LEVEL.doctorate : DEGREES_BY_LEVEL.master.filter((g) => g !== "MBA")), field }
          : { degree: "MBA", field: "Business Administration" }),
        endYear: Math.min(THIS_YEAR, firstEnd + rng.int(2, 6)),
      });
    }

    const core = i === 1 ? ["TypeScript", "React", "Accessibility", "CSS", "JavaScript"] : rng.sample(role.skills, rng.int(4, 6));
    const skills = [...core, ...extraSkills(rng, role, skillByName, rng.int(2, 4), core)];
    if (seniority === "manager" || seniority === "director" || seniority === "staff" || seniority === "principal") {
      for (const s of rng.sample(SKILLS_BY_CATEGORY.leadership!, rng.int(1, 2))) if (!skills.includes(s)) skills.push(s);
    }
    const title = experience[0]!.title;
    const industry = facts[current]!.industry.name.toLowerCase();
    const learning = rng.pick(SKILLS_BY_CATEGORY[role.category]!.filter((s) => !skills.includes(s)));
    const vars = {
      title,
      company: company.name,
      skill1: skills[0]!,
      skill2: skills[1]!,
      skill3: skills[2]!,
      customers: rng.pick(facts[current]!.industry.customers),
      years,
      industry,
      duty: rng.pick(role.duties),
      learning,
    };
    const summary = [rng.pick(SUMMARY_OPENERS), rng.pick(SUMMARY_MIDDLES), rng.pick(SUMMARY_CLOSERS)].map((t) => capitalize(fill(t, vars))).join(" ");
    members.push({
      id: memberId(i),
      name,
      headline: fill(i === 1 ? HEADLINE_TEMPLATES[1]! : rng.pick(HEADLINE_TEMPLATES), vars),
      location: city.name,
      skills,
      experience,
      education,
      summary: summary.replace(/\bI am a ([AEIOU])/g, "I am an $1").replace(/\bas a ([AEIOU])/g, "as an $1"),
    });
  }
  return members;
}

function memberCategory(member: MemberRecord): string {
  const title = member.experience[0]!.title;
  const role = ROLES.find((r) => title.includes(r.title) || title === r.manager || title === r.director);
  return role?.category ?? "software";
}

function generatePosts(rng: Random, members: MemberRecord[], companies: CompanyRecord[]): PostRecord[] {
  const careers = TOPICS.find((t) => t.tag === "careers")!;
  const topicsFor = new Map<string, Topic[]>();
  const topicsOf = (category: string) => {
    let list = topicsFor.get(category);
    if (!list) {
      list = TOPICS.filter((t) => t.categories.includes(category));
      if (list.length === 0) list = [careers];
      topicsFor.set(category, list);
    }
    return list;
  };
  const posts: PostRecord[] = [];
  for (let i = 1; i <= COUNTS.posts; i++) {
    const author = i === 1 ? members[0]! : members[Math.floor(rng.next() ** 2 * members.length)]!;
    const category = memberCategory(author);
    const choices = topicsOf(category);
    const primary = i === 1 ? TOPICS.find((t) => t.tag === "accessibility")! : rng.pick(choices);
    const secondary = rng.chance(0.35) ? rng.pick(choices.filter((t) => t !== primary).concat(careers)) : undefined;
    const kind = i !== 1 && rng.chance(0.25) ? "article" : "post";
    const vars = {
      years: rng.int(3, 15),
      n: rng.int(3, 60),
      zones: rng.int(2, 9),
      company: author.experience[0]!.companyName,
      category: category === "ai" ? "AI" : category,
    };
    let title: string;
    let text: string;
    if (kind === "article") {
      title = fill(rng.pick(primary.titles), vars);
      const first = rng.sample(primary.sentences, rng.int(4, 5)).map((s) => fill(s, vars));
      const second = secondary ? rng.sample(secondary.sentences, 3).map((s) => fill(s, vars)) : [];
      const closing = `${rng.pick(POST_CLOSERS)}`;
      text = [first.slice(0, 2).join(" "), first.slice(2).join(" "), second.join(" "), closing].filter(Boolean).join("\n\n");
    } else {
      const sentences = rng.sample(primary.sentences, rng.int(3, 4)).map((s) => fill(s, vars));
      title = sentences[0]!;
      text = `${sentences.join(" ")}\n\n${rng.pick(POST_CLOSERS)}`;
    }
    const topics = [primary.tag, ...(secondary && secondary !== primary ? [secondary.tag] : [])];
    const publishedDay = i === 1 ? TODAY_DAY - 2 : TODAY_DAY - Math.floor(rng.next() ** 1.5 * 730);
    const links: string[] = [];
    if (rng.chance(0.4)) {
      const date = new Date(Date.parse("2020-01-01T00:00:00Z") + publishedDay * DAY_MS);
      links.push(`${rng.pick(LINK_HOSTS)}/${date.getUTCFullYear()}/${slugify(kind === "article" ? title : primary.titles[0]!)}`);
    }
    if (rng.chance(0.1)) {
      const c = rng.pick(companies);
      links.push(`https://careers.example.com/${slugify(c.name)}`);
    }
    posts.push({ id: postId(i), authorId: author.id, authorName: author.name, title, text, topics, links, publishedDay, kind });
  }
  return posts;
}

function generateCourses(rng: Random, skills: SkillRecord[], skillByName: Map<string, SkillRecord>): CourseRecord[] {
  const primaries: string[] = [];
  for (const role of ROLES) for (const s of role.skills) if (!primaries.includes(s)) primaries.push(s);
  const rest = skills.filter((s) => !primaries.includes(s.name)).sort((a, b) => b.demandIndex - a.demandIndex || a.name.localeCompare(b.name));
  primaries.push(...rest.map((s) => s.name));
  const courses: CourseRecord[] = [];
  for (let i = 1; i <= COUNTS.courses; i++) {
    const skill = skillByName.get(primaries[(i - 1) % primaries.length]!)!;
    const level = rng.weighted([["beginner", 4], ["intermediate", 4], ["advanced", 2]] as const);
    const skill2 = skill.related[0]!;
    const template = rng.pick(COURSE_TITLES[level]);
    const title = fill(template, { skill: headlineCase(skill.name), skill2: headlineCase(skill2), audience: COURSE_AUDIENCES[skill.category] ?? "Professionals" });
    const taught = [skill.name, skill2];
    if (rng.chance(0.5) && skill.related[1]) taught.push(skill.related[1]);
    const hours = level === "beginner" ? rng.int(2, 8) : level === "intermediate" ? rng.int(6, 20) : rng.int(10, 40);
    courses.push({ id: courseId(i), title, provider: rng.pick(COURSE_PROVIDERS), skills: taught, hours, level });
  }
  return courses;
}

const INDUSTRY_SOURCES: Record<string, string> = {
  Healthcare: "Health Systems Today",
  Biotechnology: "Health Systems Today",
  Energy: "Clean Energy Review",
  Logistics: "Supply Chain Weekly",
  "Artificial Intelligence": "Data & AI Brief",
};

function generateNews(rng: Random, companies: CompanyRecord[], facts: CompanyFacts[]): NewsArticle[] {
  const news: NewsArticle[] = [];
  const slugs = new Set<string>();
  const titles = new Set<string>();
  for (let i = 0; i < COUNTS.news; i++) {
    const k = i === 0 ? 0 : rng.int(0, companies.length - 1);
    const f = facts[k]!;
    let template: NewsTemplate = i === 0 ? COMPANY_NEWS[0]! : rng.pick(i % 2 === 0 ? COMPANY_NEWS : TREND_NEWS);
    const pool = f.industry.categories.slice(0, 3).flatMap((c) => SKILLS_BY_CATEGORY[c] ?? []);
    const hot = pool.filter((name) => HOT_SKILLS.has(name));
    const skill = rng.pick(hot.length > 1 && rng.chance(0.7) ? hot : pool);
    const vars = {
      company: companies[k]!.name,
      n: rng.pick([8, 12, 20, 35, 50, 75, 120, 200]),
      round: rng.pick(["A", "B", "C", "D"]),
      industry: f.industry.name.toLowerCase(),
      pitch: f.pitch,
      city: rng.pick(f.cities).name.split(",")[0]!,
      hires: rng.pick([50, 80, 120, 200, 300, 500]),
      team: rng.pick(["recruiting", "marketing", "operations", "sales", "hardware"]),
      p: rng.int(5, 40),
      customers: rng.pick(f.industry.customers),
      skill,
      skill2: rng.pick(pool.filter((s) => s !== skill)),
    };
    let title = capitalize(fill(template.title, vars));
    for (let attempt = 0; titles.has(title) && attempt < 20; attempt++) {
      template = rng.pick(i % 2 === 0 ? COMPANY_NEWS : TREND_NEWS);
      vars.p = rng.int(5, 40);
      title = capitalize(fill(template.title, vars));
    }
    titles.add(title);
    const daysAgo = i === 0 ? 3 : i < 8 ? i % 2 : Math.floor(rng.next() ** 2 * 365);
    const published = new Date(NEWS_NOW - daysAgo * DAY_MS - rng.int(0, 11) * 3_600_000 - rng.int(0, 59) * 60_000);
    const ymd = published.toISOString().slice(0, 10).replaceAll("-", "/");
    let slug = slugify(title);
    for (let n = 2; slugs.has(`${ymd}/${slug}`); n++) slug = `${slugify(title)}-${n}`;
    slugs.add(`${ymd}/${slug}`);
    const source = template.source ?? (template.title.includes("{company}") ? INDUSTRY_SOURCES[f.industry.name] : undefined) ?? rng.pick(NEWS_SOURCES);
    news.push({ title, url: `https://news.example.com/${ymd}/${slug}`, snippet: fill(template.snippet, vars), published: published.toISOString(), source });
  }
  return news;
}
