export const BLOCK_CATEGORIES = ["prompt_injection", "jailbreak", "prompt_extraction", "private_data", "discrimination", "fraud"] as const;
export type BlockCategory = (typeof BLOCK_CATEGORIES)[number];
export type Category = BlockCategory | "none";
/** CATEGORIES are the model's classes: "none" first, then the block categories. */
export const CATEGORIES: Category[] = ["none", ...BLOCK_CATEGORIES];

/** MESSAGES are shown to the member when a question is blocked. */
export const MESSAGES: Record<BlockCategory, string> = {
  prompt_injection:
    "I can't change how I work from inside a question. Ask me about jobs, companies, posts, interviews or your career and I'll gladly help.",
  jailbreak: "I can't take on a role that sets my guidelines aside. I'm happy to help with jobs, companies, interviews or your career.",
  prompt_extraction: "I can't share my internal instructions. Is there something about a job, a company or your career I can help with?",
  private_data:
    "I can't share other members' private information, such as contact details, pay, or who viewed a profile. I can help with public profiles, companies and jobs.",
  discrimination:
    "I can't help screen people by age, gender, race, religion, disability, family status or other protected traits. I can help you define job-related criteria instead.",
  fraud: "I can't help with fake job postings, impersonation or collecting people's personal or financial data. If you suspect a scam, I can help you report it.",
};
