import assert from "node:assert/strict";
import { createLogger, startService, type RunningService } from "@springboard/runtime";
import { NEWS_NOW, createMemberGraphServices, createWebSearchRoute, generateDataset, type NewsArticle } from "../src/index.js";

interface SearchBody {
  query: string;
  freshness: string;
  total: number;
  results: NewsArticle[];
}

describe("member-graph web search", () => {
  let running: RunningService;
  let base: string;
  before(async () => {
    const data = generateDataset();
    running = await startService({
      name: "member-graph",
      port: 0,
      logger: createLogger("member-graph-test", "silent"),
      services: createMemberGraphServices(data, { latencyMs: 0, jitterMs: 0 }),
      http: [createWebSearchRoute(data.news)],
    });
    base = `http://127.0.0.1:${running.port}/v1/websearch`;
  });
  after(async () => {
    await running.close(1000);
  });

  it("ranks articles by overlap with the query", async () => {
    const res = await fetch(`${base}?q=${encodeURIComponent("accessibility lawsuits WCAG")}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    const body = (await res.json()) as SearchBody;
    assert.equal(body.freshness, "any");
    assert.ok(body.total > 0 && body.results.length > 0);
    const top = body.results[0]!;
    assert.match(top.title, /Accessibility/i);
    assert.ok(top.url.startsWith("https://news.example.com/") && top.snippet && top.source && !Number.isNaN(Date.parse(top.published)));
  });

  it("finds recent news about a company", async () => {
    const body = (await (await fetch(`${base}?q=Acme+Robotics+funding&freshness=month`)).json()) as SearchBody;
    assert.match(body.results[0]!.title, /^Acme Robotics raises/);
  });

  it("keeps only fresh articles and honours the limit", async () => {
    const day = (await (await fetch(`${base}?q=hire+raises+demand+layoffs+launches&freshness=day`)).json()) as SearchBody;
    assert.ok(day.results.every((r) => NEWS_NOW - Date.parse(r.published) <= 86_400_000));
    const any = (await (await fetch(`${base}?q=hire+raises+demand+layoffs+launches&freshness=any&limit=2`)).json()) as SearchBody;
    assert.equal(any.results.length, 2);
    assert.ok(any.total >= day.total);
  });

  it("answers 400 with a JSON error for a missing q, a bad freshness or a bad limit", async () => {
    for (const query of ["", "?q=", "?q=robots&freshness=yesterday", "?q=robots&limit=0", "?q=robots&limit=abc"]) {
      const res = await fetch(`${base}${query}`);
      assert.equal(res.status, 400, query);
      const body = (await res.json()) as { error: string };
      assert.ok(body.error.length > 0, query);
    }
  });
});
