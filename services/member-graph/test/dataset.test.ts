import assert from "node:assert/strict";
import { COUNTS, TODAY_DAY, generateDataset, type Dataset } from "../src/index.js";

describe("member-graph dataset", () => {
  let data: Dataset;
  before(() => {
    data = generateDataset(42);
  });

  it("is identical for the same seed and different for another", () => {
    const again = generateDataset(42);
    assert.equal(JSON.stringify(again), JSON.stringify(data));
    assert.notEqual(JSON.stringify(generateDataset(7).members), JSON.stringify(data.members));
  });

  it("has the expected sizes and zero-padded ids", () => {
    assert.equal(data.companies.length, COUNTS.companies);
    assert.equal(data.jobs.length, COUNTS.jobs);
    assert.equal(data.members.length, COUNTS.members);
    assert.equal(data.posts.length, COUNTS.posts);
    assert.equal(data.courses.length, COUNTS.courses);
    assert.equal(data.news.length, COUNTS.news);
    assert.ok(data.skills.length >= 450 && data.skills.length <= 600, `${data.skills.length} skills`);
    assert.equal(data.members[0]!.id, "member-00001");
    assert.equal(data.companies[0]!.id, "company-0001");
    assert.equal(data.companies[0]!.name, "Acme Robotics");
    assert.deepEqual(data.jobs.slice(0, 10).map((j) => j.id), Array.from({ length: 10 }, (_, i) => `job-${String(i + 1).padStart(5, "0")}`));
    assert.equal(data.posts[0]!.id, "post-00001");
    assert.equal(data.courses[299]!.id, "course-0300");
  });

  it("keeps every reference pointing at something that exists", () => {
    const companies = new Map(data.companies.map((c) => [c.id, c]));
    const members = new Set(data.members.map((m) => m.id));
    const skills = new Set(data.skills.map((s) => s.name));
    assert.equal(companies.size, data.companies.length);
    assert.equal(new Set(data.companies.map((c) => c.name.toLowerCase())).size, data.companies.length);
    for (const s of data.skills) for (const r of s.related) assert.ok(skills.has(r), `${s.name} → ${r}`);
    for (const j of data.jobs) {
      const c = companies.get(j.companyId);
      assert.ok(c, j.id);
      assert.equal(c.name, j.companyName);
      assert.ok(c.openJobIds.includes(j.id));
      assert.ok(c.locations.includes(j.location));
      for (const s of j.skills) assert.ok(skills.has(s), `${j.id}: ${s}`);
      assert.ok(j.salary.min > 0 && j.salary.min < j.salary.max, j.id);
      assert.ok(j.requirements.length >= 4 && j.description.length > 200, j.id);
    }
    for (const m of data.members) {
      assert.ok(m.experience.length >= 1 && m.experience[0]!.endYear === 0, m.id);
      for (const p of m.experience) assert.equal(companies.get(p.companyId)?.name, p.companyName);
      for (const s of m.skills) assert.ok(skills.has(s), `${m.id}: ${s}`);
    }
    for (const p of data.posts) {
      assert.ok(members.has(p.authorId), p.id);
      assert.ok(p.publishedDay <= TODAY_DAY && p.topics.length > 0 && p.text.length > 100, p.id);
    }
    for (const c of data.courses) for (const s of c.skills) assert.ok(skills.has(s), `${c.id}: ${s}`);
  });

  it("dates news before the fixed today, with some from the last day", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    const ages = data.news.map((n) => now - Date.parse(n.published));
    assert.ok(ages.every((a) => a >= 0));
    assert.ok(ages.filter((a) => a <= 86_400_000).length >= 3);
    assert.equal(new Set(data.news.map((n) => n.url)).size, data.news.length);
    assert.ok(data.news.every((n) => n.url.startsWith("https://news.example.com/")));
  });
});
