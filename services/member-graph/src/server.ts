import { create } from "@bufbuild/protobuf";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import {
  CompanySchema,
  CompanyService,
  CourseSchema,
  CourseService,
  GetCompanyResponseSchema,
  GetCourseResponseSchema,
  GetJobResponseSchema,
  GetPostResponseSchema,
  GetProfileResponseSchema,
  GetSkillResponseSchema,
  JobSchema,
  JobService,
  ListPostsResponseSchema,
  MemberSchema,
  PeopleService,
  PostSchema,
  PostService,
  SearchCompaniesResponseSchema,
  SearchCoursesResponseSchema,
  SearchJobsResponseSchema,
  SearchPeopleResponseSchema,
  SearchSkillsResponseSchema,
  SkillSchema,
  SkillService,
} from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { bind, checkText, invalidArgument, notFound, type ServiceBinding } from "@springboard/runtime";
import type { Dataset } from "./dataset.js";
import { MemberGraph } from "./graph.js";
import { simulateLatency, type LatencyOptions } from "./latency.js";
import { paginate, readPage } from "./search.js";

export type MemberGraphOptions = LatencyOptions;

const MAX_ID = 64;
const MAX_FILTER = 200;
const MAX_KEYWORDS = 500;
const MAX_SKILLS = 20;

const id = (field: string, value: string) => checkText(field, value, { required: true, max: MAX_ID });
const filter = (field: string, value: string) => checkText(field, value, { max: MAX_FILTER });
const keywords = (value: string) => checkText("keywords", value, { max: MAX_KEYWORDS });

function range(items: { id: string }[]): string {
  return items.length === 0 ? "none exist" : `ids run from ${items[0]!.id} to ${items[items.length - 1]!.id}`;
}

/**
 * createMemberGraphServices serves the people, company, job, course, post and skill APIs over a
 * dataset, each call delayed as configured to stand in for a real internal service.
 */
export function createMemberGraphServices(data: Dataset, opts: MemberGraphOptions): ServiceBinding[] {
  const graph = new MemberGraph(data);
  const latency = (ctx: HandlerContext) => simulateLatency(opts, ctx.signal);

  const people: ServiceImpl<typeof PeopleService> = {
    async getProfile(req, ctx) {
      const memberId = id("member_id", req.memberId);
      await latency(ctx);
      const member = graph.member(memberId);
      if (!member) throw notFound(`member "${memberId}" not found; ${range(data.members)}`);
      return create(GetProfileResponseSchema, { member: create(MemberSchema, member) });
    },
    async searchPeople(req, ctx) {
      const query = { keywords: keywords(req.keywords), company: filter("company", req.company), skill: filter("skill", req.skill) };
      const page = readPage(req.pageSize, req.pageToken);
      await latency(ctx);
      const { items, nextPageToken, total } = paginate(graph.searchPeople(query), page);
      return create(SearchPeopleResponseSchema, { members: items.map((m) => create(MemberSchema, m)), nextPageToken, total });
    },
  };

  const companies: ServiceImpl<typeof CompanyService> = {
    async getCompany(req, ctx) {
      const key = checkText("company", req.company, { required: true, max: MAX_FILTER });
      await latency(ctx);
      const company = graph.company(key);
      if (!company) throw notFound(`company "${key}" not found by id or name; find it with SearchCompanies`);
      return create(GetCompanyResponseSchema, { company: create(CompanySchema, company) });
    },
    async searchCompanies(req, ctx) {
      const words = keywords(req.keywords);
      const industry = filter("industry", req.industry);
      const page = readPage(req.pageSize, req.pageToken);
      await latency(ctx);
      const { items, nextPageToken, total } = paginate(graph.searchCompanies(words, industry), page);
      return create(SearchCompaniesResponseSchema, { companies: items.map((c) => create(CompanySchema, c)), nextPageToken, total });
    },
  };

  const jobs: ServiceImpl<typeof JobService> = {
    async getJob(req, ctx) {
      const jobId = id("job_id", req.jobId);
      await latency(ctx);
      const job = graph.job(jobId);
      if (!job) throw notFound(`job "${jobId}" not found; ${range(data.jobs)}`);
      return create(GetJobResponseSchema, { job: create(JobSchema, job) });
    },
    async searchJobs(req, ctx) {
      const query = {
        keywords: keywords(req.keywords),
        company: filter("company", req.company),
        skill: filter("skill", req.skill),
        location: filter("location", req.location),
      };
      const page = readPage(req.pageSize, req.pageToken);
      await latency(ctx);
      const { items, nextPageToken, total } = paginate(graph.searchJobs(query), page);
      return create(SearchJobsResponseSchema, { jobs: items.map((j) => create(JobSchema, j)), nextPageToken, total });
    },
  };

  const courses: ServiceImpl<typeof CourseService> = {
    async getCourse(req, ctx) {
      const courseId = id("course_id", req.courseId);
      await latency(ctx);
      const course = graph.course(courseId);
      if (!course) throw notFound(`course "${courseId}" not found; ${range(data.courses)}`);
      return create(GetCourseResponseSchema, { course: create(CourseSchema, course) });
    },
    async searchCourses(req, ctx) {
      if (req.skills.length > MAX_SKILLS) throw invalidArgument(`skills has ${req.skills.length} entries; send at most ${MAX_SKILLS}`);
      const skills = req.skills.map((s, i) => filter(`skills[${i}]`, s)).filter(Boolean);
      const words = keywords(req.keywords);
      const page = readPage(req.pageSize, req.pageToken);
      await latency(ctx);
      const { items, nextPageToken, total } = paginate(graph.searchCourses(skills, words), page);
      return create(SearchCoursesResponseSchema, { courses: items.map((c) => create(CourseSchema, c)), nextPageToken, total });
    },
  };

  const posts: ServiceImpl<typeof PostService> = {
    async getPost(req, ctx) {
      const postId = id("post_id", req.postId);
      await latency(ctx);
      const post = graph.post(postId);
      if (!post) throw notFound(`post "${postId}" not found; ${range(data.posts)}`);
      return create(GetPostResponseSchema, { post: create(PostSchema, post) });
    },
    async listPosts(req, ctx) {
      const authorId = checkText("author_id", req.authorId, { max: MAX_ID });
      const topic = filter("topic", req.topic);
      const page = readPage(req.pageSize, req.pageToken);
      await latency(ctx);
      const author = authorId ? graph.member(authorId) : undefined;
      if (authorId && !author) throw notFound(`member "${authorId}" not found; ${range(data.members)}`);
      const { items, nextPageToken, total } = paginate(graph.listPosts(author?.id ?? "", topic), page);
      return create(ListPostsResponseSchema, { posts: items.map((p) => create(PostSchema, p)), nextPageToken, total });
    },
  };

  const skills: ServiceImpl<typeof SkillService> = {
    async getSkill(req, ctx) {
      const name = checkText("name", req.name, { required: true, max: MAX_FILTER });
      await latency(ctx);
      const skill = graph.skill(name);
      if (!skill) throw notFound(`skill "${name}" not found; find skill names with SearchSkills`);
      return create(GetSkillResponseSchema, { skill: create(SkillSchema, skill) });
    },
    async searchSkills(req, ctx) {
      const query = checkText("query", req.query, { max: MAX_FILTER });
      const page = readPage(req.pageSize, req.pageToken);
      await latency(ctx);
      const { items, nextPageToken, total } = paginate(graph.searchSkills(query), page);
      return create(SearchSkillsResponseSchema, { skills: items.map((s) => create(SkillSchema, s)), nextPageToken, total });
    },
  };

  return [
    bind(PeopleService, people),
    bind(CompanyService, companies),
    bind(JobService, jobs),
    bind(CourseService, courses),
    bind(PostService, posts),
    bind(SkillService, skills),
  ];
}
