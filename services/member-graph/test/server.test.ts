import assert from "node:assert/strict";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  CompanyService,
  CourseService,
  JobService,
  PeopleService,
  PostService,
  SkillService,
} from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { createLogger, serviceClient, startService, type RunningService } from "@springboard/runtime";
import { createMemberGraphServices, generateDataset, sleep } from "../src/index.js";

async function expectCode(call: Promise<unknown>, code: Code, message?: RegExp): Promise<void> {
  await assert.rejects(call, (e: unknown) => {
    assert.ok(e instanceof ConnectError, String(e));
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.rawMessage, message);
    return true;
  });
}

const data = generateDataset();
const logger = createLogger("member-graph-test", "silent");

describe("member-graph server", () => {
  let running: RunningService;
  before(async () => {
    running = await startService({ name: "member-graph", port: 0, logger, services: createMemberGraphServices(data, { latencyMs: 0, jitterMs: 0 }) });
  });
  after(async () => {
    await running.close(1000);
  });

  describe("JobService", () => {
    it("gets a job by id, padded or not", async () => {
      const jobs = serviceClient(JobService, running.address);
      const { job } = await jobs.getJob({ jobId: "job-00001" });
      assert.equal(job?.id, "job-00001");
      assert.equal(job?.companyId, "company-0001");
      assert.ok(job!.skills.length > 0 && job!.salary!.max > job!.salary!.min);
      const again = await jobs.getJob({ jobId: "JOB-1" });
      assert.equal(again.job?.title, job?.title);
    });

    it("says which job is not found", async () => {
      await expectCode(serviceClient(JobService, running.address).getJob({ jobId: "job-09999" }), Code.NotFound, /job-09999/);
    });

    it("refuses an empty id or broken UTF-8", async () => {
      const jobs = serviceClient(JobService, running.address);
      await expectCode(jobs.getJob({ jobId: "" }), Code.InvalidArgument, /job_id/);
      await expectCode(jobs.getJob({ jobId: "   " }), Code.InvalidArgument, /job_id/);
      await expectCode(jobs.searchJobs({ keywords: "engineer \uD800" }), Code.InvalidArgument, /UTF-8/);
    });

    it("searches by keywords, best match first", async () => {
      const res = await serviceClient(JobService, running.address).searchJobs({ keywords: "frontend engineer" });
      assert.ok(res.total > 0 && res.jobs.length === 10);
      assert.match(res.jobs[0]!.title, /Frontend Engineer/);
    });

    it("filters by company name, skill and location", async () => {
      const jobs = serviceClient(JobService, running.address);
      const acme = await jobs.searchJobs({ company: "acme robotics", pageSize: 50 });
      assert.equal(acme.total, data.companies[0]!.openJobIds.length);
      assert.ok(acme.jobs.every((j) => j.companyId === "company-0001"));
      const ts = await jobs.searchJobs({ skill: "typescript", location: "remote", pageSize: 50 });
      assert.ok(ts.total > 0);
      assert.ok(ts.jobs.every((j) => j.remote && j.skills.includes("TypeScript")));
    });

    it("pages through every match exactly once", async () => {
      const jobs = serviceClient(JobService, running.address);
      const seen: string[] = [];
      let pageToken = "";
      let total = 0;
      for (let pages = 0; pages < 100; pages++) {
        const res = await jobs.searchJobs({ keywords: "data", pageSize: 7, pageToken });
        total = res.total;
        seen.push(...res.jobs.map((j) => j.id));
        pageToken = res.nextPageToken;
        if (!pageToken) break;
      }
      assert.ok(total > 7);
      assert.equal(seen.length, total);
      assert.equal(new Set(seen).size, total);
    });

    it("refuses a page size over 50 and a garbled page token", async () => {
      const jobs = serviceClient(JobService, running.address);
      await expectCode(jobs.searchJobs({ pageSize: 51 }), Code.InvalidArgument, /page_size/);
      await expectCode(jobs.searchJobs({ pageToken: "not a token" }), Code.InvalidArgument, /page_token/);
      await expectCode(jobs.searchJobs({ pageToken: "bWcxOng" }), Code.InvalidArgument, /page_token/);
      const first = await jobs.searchJobs({ pageSize: 50 });
      assert.equal(first.jobs.length, 50);
      await expectCode(jobs.searchJobs({ pageToken: first.nextPageToken.slice(0, -2) + "!!" }), Code.InvalidArgument, /page_token/);
    });
  });

  describe("PeopleService", () => {
    it("gets a profile and finds people at a company with a skill", async () => {
      const people = serviceClient(PeopleService, running.address);
      const { member } = await people.getProfile({ memberId: "member-00001" });
      assert.equal(member?.experience[0]?.companyName, "Acme Robotics");
      const res = await people.searchPeople({ company: "company-0001", skill: "TypeScript", pageSize: 50 });
      assert.ok(res.members.some((m) => m.id === "member-00001"));
      assert.ok(res.members.every((m) => m.experience[0]!.companyId === "company-0001" && m.experience[0]!.endYear === 0));
      const byWords = await people.searchPeople({ keywords: "accessibility engineer", pageSize: 5 });
      assert.ok(byWords.total > 0 && byWords.members.length <= 5);
      await expectCode(people.getProfile({ memberId: "member-99999" }), Code.NotFound, /member-99999/);
    });
  });

  describe("CompanyService", () => {
    it("gets a company by id or by name in any case", async () => {
      const companies = serviceClient(CompanyService, running.address);
      const byId = await companies.getCompany({ company: "company-0001" });
      const byName = await companies.getCompany({ company: "ACME robotics" });
      assert.equal(byId.company?.name, "Acme Robotics");
      assert.equal(byName.company?.id, "company-0001");
      assert.deepEqual(byName.company?.openJobIds, data.companies[0]!.openJobIds);
      await expectCode(companies.getCompany({ company: "No Such Company Inc" }), Code.NotFound, /No Such Company Inc/);
      const found = await companies.searchCompanies({ industry: "robotics", pageSize: 50 });
      assert.ok(found.total > 0 && found.companies.every((c) => c.industry === "Robotics"));
    });
  });

  describe("CourseService", () => {
    it("ranks courses by how many of the skills they teach", async () => {
      const courses = serviceClient(CourseService, running.address);
      const res = await courses.searchCourses({ skills: ["typescript", "Accessibility"], pageSize: 50 });
      assert.ok(res.total > 1);
      const overlap = (skills: string[]) => skills.filter((s) => s === "TypeScript" || s === "Accessibility").length;
      const overlaps = res.courses.map((c) => overlap(c.skills));
      assert.ok(overlaps.every((o) => o >= 1));
      assert.deepEqual(overlaps, [...overlaps].sort((a, b) => b - a));
      const { course } = await courses.getCourse({ courseId: res.courses[0]!.id });
      assert.equal(course?.title, res.courses[0]!.title);
      await expectCode(courses.getCourse({ courseId: "course-0999" }), Code.NotFound, /course-0999/);
    });
  });

  describe("PostService", () => {
    it("gets a post and lists posts newest first", async () => {
      const posts = serviceClient(PostService, running.address);
      const { post } = await posts.getPost({ postId: "post-00001" });
      assert.equal(post?.authorId, "member-00001");
      const byTopic = await posts.listPosts({ topic: "Accessibility", pageSize: 50 });
      assert.ok(byTopic.total > 0 && byTopic.posts.every((p) => p.topics.includes("accessibility")));
      const days = byTopic.posts.map((p) => p.publishedDay);
      assert.deepEqual(days, [...days].sort((a, b) => b - a));
      const mine = await posts.listPosts({ authorId: "member-00001" });
      assert.ok(mine.posts.some((p) => p.id === "post-00001"));
      await expectCode(posts.listPosts({ authorId: "member-77777" }), Code.NotFound, /member-77777/);
    });
  });

  describe("SkillService", () => {
    it("gets a skill in any case and searches names", async () => {
      const skills = serviceClient(SkillService, running.address);
      const { skill } = await skills.getSkill({ name: "kubernetes" });
      assert.equal(skill?.name, "Kubernetes");
      assert.ok(skill!.related.length > 0 && skill!.demandIndex > 0);
      const res = await skills.searchSkills({ query: "type" });
      assert.equal(res.skills[0]?.name, "TypeScript");
      await expectCode(skills.getSkill({ name: "underwater basket weaving" }), Code.NotFound, /underwater basket weaving/);
    });
  });
});

describe("member-graph latency", () => {
  let running: RunningService;
  before(async () => {
    running = await startService({ name: "member-graph", port: 0, logger, services: createMemberGraphServices(data, { latencyMs: 10_000, jitterMs: 0 }) });
  });
  after(async () => {
    await running.close(1000);
  });

  const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

  it("sleep clears its timer when cancelled", async () => {
    const before = timeouts();
    const abort = new AbortController();
    const waiting = sleep(60_000, abort.signal);
    assert.equal(timeouts(), before + 1);
    abort.abort();
    assert.equal(timeouts(), before);
    await assert.rejects(waiting, (e: unknown) => e instanceof ConnectError && e.code === Code.Canceled);
  });

  it("stops waiting when the caller cancels or its deadline passes", async () => {
    const jobs = serviceClient(JobService, running.address);
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(), 50);
    await expectCode(jobs.getJob({ jobId: "job-00001" }, { signal: abort.signal }), Code.Canceled);
    await expectCode(jobs.getJob({ jobId: "job-00001" }, { timeoutMs: 50 }), Code.DeadlineExceeded);
    for (let i = 0; i < 100 && running.inflight() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(running.inflight(), 0);
    assert.ok(performance.now() - started < 3000);
  });
});
