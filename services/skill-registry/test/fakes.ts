import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import { JobService, PeopleService, SkillService } from "@springboard/proto/springboard/membergraph/v1/membergraph_pb.js";
import { RetrievalService, type Document } from "@springboard/proto/springboard/retrieval/v1/retrieval_pb.js";
import { bind, createLogger, startService, type RunningService } from "@springboard/runtime";

export const quiet = () => createLogger("test", "silent");

const JOBS = {
  "job-00042": {
    id: "job-00042",
    title: "Senior Accessibility Engineer",
    companyId: "company-0007",
    companyName: "Acme Robotics",
    location: "Lisbon",
    seniority: "senior",
    skills: ["TypeScript", "WCAG", "React"],
    requirements: ["5 years building accessible web apps"],
    description: "Make our robot fleet dashboard usable by everyone.",
    salary: { currency: "EUR", min: 70000, max: 90000 },
    remote: true,
  },
};

const MEMBERS = [
  { id: "member-00017", name: "Ana Costa", headline: "Accessibility engineer at Acme Robotics", location: "Lisbon", skills: ["WCAG", "React"], experience: [{ title: "Accessibility Engineer", companyId: "company-0007", companyName: "Acme Robotics", startYear: 2021 }] },
  { id: "member-00018", name: "Bruno Lima", headline: "Frontend engineer", location: "Porto", skills: ["React"], experience: [{ title: "Frontend Engineer", companyId: "company-0007", companyName: "Acme Robotics", startYear: 2019 }] },
  { id: "member-00019", name: "Carla Sousa", headline: "Data engineer at Globex", location: "Madrid", skills: ["SQL"], experience: [{ title: "Data Engineer", companyId: "company-0009", companyName: "Globex", startYear: 2020 }] },
  { id: "member-00020", name: "Diego Ruiz", headline: "Staff engineer, accessibility and design systems", location: "Madrid", skills: ["WCAG"], experience: [] },
];

const SKILLS = {
  rust: { name: "Rust", category: "programming", related: ["C++", "WebAssembly"], demandIndex: 140, demandTrend: 23.5 },
};

/** FakeMemberGraph is a small member-graph with fixed records: a real gRPC server and an HTTP web search. */
export async function startFakeMemberGraph(): Promise<RunningService & { calls: string[] }> {
  const calls: string[] = [];
  const service = await startService({
    name: "fake-member-graph",
    port: 0,
    logger: quiet(),
    services: [
      bind(JobService, {
        async getJob(req, ctx: HandlerContext) {
          calls.push(`GetJob ${req.jobId}`);
          if (req.jobId === "job-slow") {
            await sleep(5_000, undefined, { signal: ctx.signal }).catch(() => undefined);
            return {};
          }
          const job = JOBS[req.jobId as keyof typeof JOBS];
          if (!job) throw new ConnectError(`no job with id ${req.jobId}`, Code.NotFound);
          return { job };
        },
      }),
      bind(PeopleService, {
        async getProfile(req) {
          const member = MEMBERS.find((m) => m.id === req.memberId);
          if (!member) throw new ConnectError(`no member with id ${req.memberId}`, Code.NotFound);
          return { member };
        },
        async searchPeople(req) {
          calls.push(`SearchPeople ${req.keywords}|${req.company}|${req.pageSize}`);
          const words = req.keywords.toLowerCase().split(/\s+/).filter(Boolean);
          const matches = MEMBERS.filter(
            (m) =>
              words.some((w) => `${m.name} ${m.headline} ${m.skills.join(" ")}`.toLowerCase().includes(w)) &&
              (req.company === "" || m.experience[0]?.companyName.toLowerCase() === req.company.toLowerCase()),
          );
          return { members: matches.slice(0, req.pageSize || 10), total: matches.length };
        },
      }),
      bind(SkillService, {
        async getSkill(req) {
          const skill = SKILLS[req.name.toLowerCase() as keyof typeof SKILLS];
          if (!skill) throw new ConnectError(`no skill named ${req.name}`, Code.NotFound);
          return { skill };
        },
      }),
    ],
    http: [
      (req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        if (url.pathname !== "/v1/websearch") return false;
        calls.push(`websearch ${url.searchParams.get("q")}|${url.searchParams.get("freshness")}`);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            results: [
              { title: `${url.searchParams.get("q")} raises Series B`, url: "https://news.example/acme-series-b", snippet: "Acme Robotics raised 40M.", published: "2025-05-02", source: "Example News" },
              { title: "Acme opens Lisbon office", url: "https://news.example/acme-lisbon", snippet: "A new office.", published: "2025-04-11", source: "Tech Daily" },
            ],
          }),
        );
        return true;
      },
    ],
  });
  return Object.assign(service, { calls });
}

/** startFakeRetrieval is a retrieval service ranking documents by word overlap with the query. */
export async function startFakeRetrieval(): Promise<RunningService & { docs: Map<string, Map<string, Document>> }> {
  const docs = new Map<string, Map<string, Document>>();
  const words = (s: string) => new Set(s.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  const service = await startService({
    name: "fake-retrieval",
    port: 0,
    logger: quiet(),
    services: [
      bind(RetrievalService, {
        async upsert(reqs) {
          let upserted = 0;
          for await (const r of reqs) {
            const index = docs.get(r.index) ?? new Map<string, Document>();
            docs.set(r.index, index);
            for (const d of r.documents) index.set(d.id, d);
            upserted += r.documents.length;
          }
          return { upserted };
        },
        async search(req) {
          const q = words(req.query);
          const hits = [...(docs.get(req.index)?.values() ?? [])]
            .map((d) => {
              const w = words(d.text);
              const overlap = [...q].filter((x) => w.has(x)).length;
              return { id: d.id, text: d.text, tags: d.tags, payloadJson: d.payloadJson, score: overlap / Math.sqrt(q.size * w.size || 1) };
            })
            .filter((h) => h.score > 0)
            .sort((a, b) => b.score - a.score)
            .slice(0, req.k || 10);
          return { hits };
        },
        async delete(req) {
          let deleted = 0;
          for (const id of req.ids) if (docs.get(req.index)?.delete(id)) deleted++;
          return { deleted };
        },
      }),
    ],
  });
  return Object.assign(service, { docs });
}
