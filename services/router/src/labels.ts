export const LABELS = ["job_fit", "company_insights", "post_takeaways", "interview_prep", "career_advice", "out_of_scope"] as const;
export type Label = (typeof LABELS)[number];

export const CONTEXT_KINDS = ["none", "job", "post", "company", "profile"] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

export const DECLINE =
  "I can help with jobs, companies, posts, interviews and your career, but not with that. Try asking how you fit a job, what a company is like, or what a post's key points are.";

/** LABEL_DESCRIPTIONS say what each label covers; the LLM fallback's prompt lists them. */
export const LABEL_DESCRIPTIONS: Record<Label, string> = {
  job_fit: "the member's fit for a specific job: qualifications, gaps, chances, whether to apply, tailoring an application, the job listing's own details",
  company_insights: "a company: what it does, culture, people, size, news, funding, benefits, what working there is like",
  post_takeaways: "a feed post or article: its summary, key points, what the author means, how it applies to the member",
  interview_prep: "preparing for interviews: likely questions, how to answer, the interview process, follow-ups",
  career_advice: "careers in general: switching fields, skills and courses, promotions, salary negotiation, job search, resumes, networking",
  out_of_scope: "anything else, even if it mentions a job or company: creative writing, stock or investment tips, hacking or private data, medical, legal or tax advice, homework, coding tasks, trivia",
};

export function isLabel(s: string): s is Label {
  return (LABELS as readonly string[]).includes(s);
}

/** contextKind maps any spelling of a content kind to a known kind; unknown kinds are "none". */
export function contextKind(kind: unknown): ContextKind {
  if (typeof kind !== "string") return "none";
  const k = kind.trim().toLowerCase();
  return (CONTEXT_KINDS as readonly string[]).includes(k) ? (k as ContextKind) : "none";
}
