export * from "./stats.js";
export { benchSkills } from "./skills.js";
