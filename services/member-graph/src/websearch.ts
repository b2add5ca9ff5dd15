import type { HttpRequest, HttpResponse, HttpRoute } from "@springboard/runtime";
import { NEWS_NOW, type NewsArticle } from "./dataset.js";
import { TextIndex } from "./search.js";

export const WEB_SEARCH_PATH = "/v1/websearch";
export const FRESHNESS = ["day", "week", "month", "any"] as const;
export type Freshness = (typeof FRESHNESS)[number];

const FRESHNESS_MS: Record<Freshness, number> = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000, any: Infinity };
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 50;
const MAX_QUERY = 500;

export interface WebSearchResult {
  query: string;
  freshness: Freshness;
  total: number;
  results: NewsArticle[];
}

/** WebSearchError is a request the web search API refuses, with the HTTP status to send. */
export class WebSearchError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "WebSearchError";
  }
}

/**
 * createWebSearch searches news articles by term overlap, title terms counting double, newest first
 * among equals. now is the moment freshness is measured from.
 */
export function createWebSearch(news: readonly NewsArticle[], now: number = NEWS_NOW) {
  const index = new TextIndex(news.length, (i) => [[news[i]!.title, 2], [news[i]!.snippet, 1], [news[i]!.source, 1]]);
  const published = news.map((n) => Date.parse(n.published));
  return (params: URLSearchParams): WebSearchResult => {
    const query = (params.get("q") ?? "").trim();
    if (!query) throw new WebSearchError(400, "q is missing; send the search terms, for example ?q=kubernetes+hiring");
    if (query.length > MAX_QUERY) throw new WebSearchError(400, `q is ${query.length} characters long; the limit is ${MAX_QUERY}`);
    if (query.includes("\uFFFD")) throw new WebSearchError(400, "q is not valid UTF-8");
    const rawFreshness = (params.get("freshness") ?? "any").trim().toLowerCase() || "any";
    if (!(FRESHNESS as readonly string[]).includes(rawFreshness)) {
      throw new WebSearchError(400, `freshness "${rawFreshness}" is not one of ${FRESHNESS.join(", ")}`);
    }
    const freshness = rawFreshness as Freshness;
    const rawLimit = params.get("limit");
    let limit = DEFAULT_LIMIT;
    if (rawLimit !== null && rawLimit.trim() !== "") {
      limit = /^\d+$/.test(rawLimit.trim()) ? Number(rawLimit) : NaN;
      if (!(limit >= 1 && limit <= MAX_LIMIT)) throw new WebSearchError(400, `limit "${rawLimit}" is not a whole number from 1 to ${MAX_LIMIT}`);
    }
    const oldest = now - FRESHNESS_MS[freshness];
    const scores = index.search(query, 0) ?? new Map<number, number>();
    const hits = [...scores]
      .filter(([i]) => published[i]! >= oldest)
      .sort((a, b) => b[1] - a[1] || published[b[0]]! - published[a[0]]! || a[0] - b[0]);
    return { query, freshness, total: hits.length, results: hits.slice(0, limit).map(([i]) => news[i]!) };
  };
}

/** createWebSearchRoute serves GET /v1/websearch?q=...&freshness=day|week|month|any&limit=N as JSON. */
export function createWebSearchRoute(news: readonly NewsArticle[], now: number = NEWS_NOW): HttpRoute {
  const search = createWebSearch(news, now);
  return (req: HttpRequest, res: HttpResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== WEB_SEARCH_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, { error: `${req.method} is not allowed; use GET` }, { allow: "GET, HEAD" });
      return true;
    }
    try {
      send(res, 200, search(url.searchParams));
    } catch (e) {
      if (!(e instanceof WebSearchError)) throw e;
      send(res, e.status, { error: e.message });
    }
    return true;
  };
}

function send(res: HttpResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json), ...headers });
  res.end(json);
}
