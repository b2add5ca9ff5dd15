/**
 * A keyword-weighted scorer over the question's words and the content's kind: the router's first
 * in-house model. Scores are turned into probabilities with a softmax.
 */

export const LABELS = ["job_fit", "company_insights", "post_takeaways", "interview_prep", "career_advice", "out_of_scope"] as const;
export type Label = (typeof LABELS)[number];

export const DECLINE =
  "I can help with jobs, companies, posts, interviews and your career, but not with that. Try asking how you fit a job, what a company is like, or what a post's key points are.";

const CUES: Record<Label, [RegExp, number][]> = {
  job_fit: [
    [/\b(fit|match|qualif\w*|suited|suitable|good candidate|chance|chances|eligible|requirements?|strong candidate)\b/, 2.5],
    [/\b(am i|do i|should i apply|apply)\b/, 1.0],
    [/\b(gaps?|missing|lack)\b/, 1.2],
  ],
  company_insights: [
    [/\b(company|culture|work(ing)? (at|for)|employees?|headcount|industry|founded|office|offices|competitors?|benefits|who works|people at)\b/, 2.0],
    [/\b(what does .* do|about (this|the) company|size)\b/, 1.5],
  ],
  post_takeaways: [
    [/\b(takeaways?|summar\w*|tl;?dr|key points?|main points?|post|article|author|this says|argu\w*)\b/, 2.3],
  ],
  interview_prep: [
    [/\b(interview\w*|prepare|prep|questions? (they|will|might)|ask me|recruiter screen|onsite|behavio(u)?ral|technical round)\b/, 2.8],
  ],
  career_advice: [
    [/\b(career|switch|transition|grow|growth|promotion|promoted|learn|upskill|courses?|skills? (should|to)|next step|path|mentor|salary|negotiat\w*|in.demand|trend\w*)\b/, 2.0],
  ],
  out_of_scope: [
    [/\b(poem|joke|song|recipe|weather|stock tips?|invest\w*|crypto|bitcoin|hack\w*|password|exploit|diagnos\w*|medical|symptoms?|lawsuit|sue|legal advice|lottery|homework|essay for me)\b/, 5.5],
  ],
};

const CONTEXT_PRIOR: Record<string, Partial<Record<Label, number>>> = {
  job: { job_fit: 1.2, interview_prep: 0.6, company_insights: 0.3 },
  company: { company_insights: 1.4 },
  post: { post_takeaways: 1.4 },
  profile: { career_advice: 0.8 },
  none: { career_advice: 0.6 },
};

export interface Decision {
  label: Label;
  confidence: number;
  scores: Record<Label, number>;
}

export function classify(question: string, contextKind: string): Decision {
  const q = question.toLowerCase();
  const raw = {} as Record<Label, number>;
  for (const label of LABELS) {
    let s = label === "out_of_scope" ? 0.3 : 0;
    for (const [re, w] of CUES[label]) if (re.test(q)) s += w;
    s += CONTEXT_PRIOR[contextKind]?.[label] ?? 0;
    raw[label] = s;
  }
  const max = Math.max(...Object.values(raw));
  let sum = 0;
  const scores = {} as Record<Label, number>;
  for (const label of LABELS) {
    scores[label] = Math.exp((raw[label] - max) * 1.6);
    sum += scores[label];
  }
  let best: Label = "out_of_scope";
  for (const label of LABELS) {
    scores[label] /= sum;
    if (scores[label] > scores[best]) best = label;
  }
  return { label: best, confidence: scores[best], scores };
}
