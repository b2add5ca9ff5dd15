export {
  COUNTS,
  DEFAULT_SEED,
  NEWS_NOW,
  TODAY,
  TODAY_DAY,
  generateDataset,
  type CompanyRecord,
  type CourseRecord,
  type Dataset,
  type EducationRecord,
  type JobRecord,
  type MemberRecord,
  type NewsArticle,
  type PositionRecord,
  type PostRecord,
  type SkillRecord,
} from "./dataset.js";
export { MemberGraph, canonicalId } from "./graph.js";
export { simulateLatency, sleep, type LatencyOptions } from "./latency.js";
export { Random } from "./random.js";
export { createMemberGraphServices, type MemberGraphOptions } from "./server.js";
export { FRESHNESS, WEB_SEARCH_PATH, createWebSearch, createWebSearchRoute, type Freshness, type WebSearchResult } from "./websearch.js";
export { plantInjections, PLANTED_JOB_ID, PLANTED_MARKERS, PLANTED_POST_ID } from "./planted.js";
