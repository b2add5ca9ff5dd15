import type { SkillInfo } from "@springboard/prompts";

/** SKILLS is the sample skill catalogue of DESIGN.md, as the planner prompt lists it. */
export const SKILLS: SkillInfo[] = [
  { name: "member_profile", description: "A member's profile.", args: ["member_id: string (required)"] },
  { name: "job_details", description: "A job listing.", args: ["job_id: string (required)"] },
  { name: "company_profile", description: "A company page.", args: ["company: string (required)"] },
  { name: "people_search", description: "Find members.", args: ["keywords: string (required)", "company: string", "limit: integer 1..20"] },
  { name: "course_search", description: "Find courses.", args: ["skills: string[] (required)", "limit: integer"] },
  { name: "post_details", description: "A post.", args: ["post_id: string (required)"] },
  { name: "web_search", description: "Search the web.", args: ["query: string (required)", "freshness: day|week|month|any"] },
  { name: "skill_insights", description: "Demand for a skill.", args: ["skill: string (required)", "include_trends: boolean"] },
];
