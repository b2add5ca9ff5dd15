import type { CompanyRecord, CourseRecord, Dataset, JobRecord, MemberRecord, PostRecord, SkillRecord } from "./dataset.js";
import { TextIndex } from "./search.js";

const ID_PATTERN = /^(member|company|job|post|course)-0*(\d{1,6})$/;
const ID_WIDTH: Record<string, number> = { member: 5, company: 4, job: 5, post: 5, course: 4 };

/** canonicalId accepts "Job-42" or "job-00042" alike and returns the padded form, or the input trimmed. */
export function canonicalId(raw: string): string {
  const id = raw.trim().toLowerCase();
  const m = ID_PATTERN.exec(id);
  if (!m) return id;
  return `${m[1]}-${m[2]!.padStart(ID_WIDTH[m[1]!]!, "0")}`;
}

export interface PeopleQuery {
  keywords: string;
  company: string;
  skill: string;
}

export interface JobQuery {
  keywords: string;
  company: string;
  skill: string;
  location: string;
}

/**
 * MemberGraph answers lookups and searches over a dataset. Everything a query needs is indexed once,
 * here, so that a query costs map lookups and a sort of its matches.
 */
export class MemberGraph {
  private readonly membersById: Map<string, MemberRecord>;
  private readonly companiesById: Map<string, CompanyRecord>;
  private readonly companiesByName: Map<string, CompanyRecord>;
  private readonly jobsById: Map<string, JobRecord>;
  private readonly postsById: Map<string, PostRecord>;
  private readonly coursesById: Map<string, CourseRecord>;
  private readonly skillsByName: Map<string, SkillRecord>;

  private readonly memberSkills: Set<string>[];
  private readonly jobSkills: Set<string>[];
  private readonly courseSkills: string[][];
  private readonly postsNewestFirst: PostRecord[];
  private readonly skillsByDemand: SkillRecord[];

  private readonly peopleIndex: TextIndex;
  private readonly companyIndex: TextIndex;
  private readonly jobIndex: TextIndex;
  private readonly courseIndex: TextIndex;
  private readonly skillIndex: TextIndex;

  constructor(readonly data: Dataset) {
    const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((x) => [x.id, x]));
    this.membersById = byId(data.members);
    this.companiesById = byId(data.companies);
    this.companiesByName = new Map(data.companies.map((c) => [c.name.toLowerCase(), c]));
    this.jobsById = byId(data.jobs);
    this.postsById = byId(data.posts);
    this.coursesById = byId(data.courses);
    this.skillsByName = new Map(data.skills.map((s) => [s.name.toLowerCase(), s]));

    const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));
    this.memberSkills = data.members.map((m) => lower(m.skills));
    this.jobSkills = data.jobs.map((j) => lower(j.skills));
    this.courseSkills = data.courses.map((c) => c.skills.map((s) => s.toLowerCase()));
    this.postsNewestFirst = [...data.posts].sort((a, b) => b.publishedDay - a.publishedDay || a.id.localeCompare(b.id));
    this.skillsByDemand = [...data.skills].sort((a, b) => b.demandIndex - a.demandIndex || a.name.localeCompare(b.name));

    this.peopleIndex = new TextIndex(data.members.length, (i) => {
      const m = data.members[i]!;
      return [
        [m.name, 4],
        [m.headline, 3],
        [m.skills.join(" "), 2],
        [m.experience.map((p) => `${p.title} ${p.companyName}`).join(" "), 2],
        [m.location, 1],
        [m.summary, 1],
      ];
    });
    this.companyIndex = new TextIndex(data.companies.length, (i) => {
      const c = data.companies[i]!;
      return [[c.name, 4], [c.industry, 3], [c.description, 1], [c.locations.join(" "), 1]];
    });
    this.jobIndex = new TextIndex(data.jobs.length, (i) => {
      const j = data.jobs[i]!;
      return [[j.title, 4], [j.skills.join(" "), 3], [j.companyName, 2], [j.seniority, 2], [j.location, 1], [j.description, 1], [j.requirements.join(" "), 1]];
    });
    this.courseIndex = new TextIndex(data.courses.length, (i) => {
      const c = data.courses[i]!;
      return [[c.title, 3], [c.skills.join(" "), 2], [c.provider, 1], [c.level, 1]];
    });
    this.skillIndex = new TextIndex(data.skills.length, (i) => [[data.skills[i]!.name, 2], [data.skills[i]!.category, 1]]);
  }

  member(id: string): MemberRecord | undefined {
    return this.membersById.get(canonicalId(id));
  }

  job(id: string): JobRecord | undefined {
    return this.jobsById.get(canonicalId(id));
  }

  post(id: string): PostRecord | undefined {
    return this.postsById.get(canonicalId(id));
  }

  course(id: string): CourseRecord | undefined {
    return this.coursesById.get(canonicalId(id));
  }

  skill(name: string): SkillRecord | undefined {
    return this.skillsByName.get(name.trim().toLowerCase());
  }

  /** company finds a company by id or exact name (any case); failing that, by the one name that contains the text. */
  company(idOrName: string): CompanyRecord | undefined {
    const key = idOrName.trim().toLowerCase();
    const exact = this.companiesById.get(canonicalId(key)) ?? this.companiesByName.get(key);
    if (exact || key.length < 3) return exact;
    const partial = this.data.companies.filter((c) => c.name.toLowerCase().includes(key));
    return partial.length === 1 ? partial[0] : undefined;
  }

  /** companyIds are the ids a company filter stands for: an id, an exact name, or every name containing it. */
  private companyIds(filter: string): Set<string> {
    const key = filter.trim().toLowerCase();
    const exact = this.companiesById.get(canonicalId(key)) ?? this.companiesByName.get(key);
    if (exact) return new Set([exact.id]);
    return new Set(this.data.companies.filter((c) => c.name.toLowerCase().includes(key)).map((c) => c.id));
  }

  searchPeople(q: PeopleQuery): MemberRecord[] {
    const companies = q.company ? this.companyIds(q.company) : undefined;
    const skill = q.skill.toLowerCase();
    return rank(this.data.members.length, this.peopleIndex.search(q.keywords), (i) => {
      const m = this.data.members[i]!;
      const current = m.experience[0];
      if (companies && !(current && current.endYear === 0 && companies.has(current.companyId))) return false;
      return !skill || this.memberSkills[i]!.has(skill);
    }).map((i) => this.data.members[i]!);
  }

  searchCompanies(keywords: string, industry: string): CompanyRecord[] {
    const wanted = industry.toLowerCase();
    return rank(this.data.companies.length, this.companyIndex.search(keywords), (i) => {
      return !wanted || this.data.companies[i]!.industry.toLowerCase().includes(wanted);
    }).map((i) => this.data.companies[i]!);
  }

  searchJobs(q: JobQuery): JobRecord[] {
    const companies = q.company ? this.companyIds(q.company) : undefined;
    const skill = q.skill.toLowerCase();
    const location = q.location.toLowerCase();
    const remoteOnly = location === "remote";
    return rank(this.data.jobs.length, this.jobIndex.search(q.keywords), (i) => {
      const j = this.data.jobs[i]!;
      if (companies && !companies.has(j.companyId)) return false;
      if (skill && !this.jobSkills[i]!.has(skill)) return false;
      if (remoteOnly) return j.remote;
      return !location || j.location.toLowerCase().includes(location);
    }).map((i) => this.data.jobs[i]!);
  }

  /** searchCourses keeps courses teaching any of the skills, ranked by how many of them they teach. */
  searchCourses(skills: string[], keywords: string): CourseRecord[] {
    const wanted = new Set(skills.map((s) => s.toLowerCase()));
    const scores = this.courseIndex.search(keywords);
    const matches: [number, number][] = [];
    for (let i = 0; i < this.data.courses.length; i++) {
      const overlap = this.courseSkills[i]!.filter((s) => wanted.has(s)).length;
      if (wanted.size > 0 && overlap === 0) continue;
      const score = scores === undefined ? 0 : scores.get(i);
      if (score === undefined) continue;
      matches.push([i, overlap * 1_000_000 + score]);
    }
    return matches.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i]) => this.data.courses[i]!);
  }

  /** listPosts is newest first; author is a canonical member id. */
  listPosts(authorId: string, topic: string): PostRecord[] {
    const t = topic.toLowerCase();
    return this.postsNewestFirst.filter((p) => (!authorId || p.authorId === authorId) && (!t || p.topics.includes(t)));
  }

  /** searchSkills ranks exact names, then names starting with the query, then other matches, by demand. */
  searchSkills(query: string): SkillRecord[] {
    const q = query.trim().toLowerCase();
    if (!q) return this.skillsByDemand;
    const scores = this.skillIndex.search(q);
    const ranked: [SkillRecord, number][] = [];
    this.data.skills.forEach((s, i) => {
      const name = s.name.toLowerCase();
      const score = name === q ? 4e6 : name.startsWith(q) ? 3e6 : name.includes(q) ? 2e6 : (scores?.get(i) ?? 0);
      if (score > 0) ranked.push([s, score]);
    });
    return ranked.sort((a, b) => b[1] - a[1] || b[0].demandIndex - a[0].demandIndex || a[0].name.localeCompare(b[0].name)).map(([s]) => s);
  }
}

/** rank orders the documents that pass keep: by keyword score when there are keywords, else in id order. */
function rank(count: number, scores: Map<number, number> | undefined, keep: (i: number) => boolean): number[] {
  if (scores === undefined) {
    const out: number[] = [];
    for (let i = 0; i < count; i++) if (keep(i)) out.push(i);
    return out;
  }
  return [...scores]
    .filter(([i]) => keep(i))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([i]) => i);
}
