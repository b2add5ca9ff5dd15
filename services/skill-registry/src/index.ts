export { createSkillRegistry, type SkillRegistry, type SkillRegistryDeps, type RegisteredSkill } from "./server.js";
export { registerSkillFile } from "./client.js";
export {
  checkDefinition,
  definitionFromObject,
  DefinitionError,
  parseSkillYaml,
  validateDefinition,
  type ValidationContext,
} from "./definitions.js";
export { prepareArgs, type PreparedArgs } from "./args.js";
export { SkillInvoker, DEFAULT_MAX_RESULT_TOKENS, type InvokerOptions } from "./invoke.js";
export { SkillStore, type SkillChange } from "./store.js";
export { SkillIndex, SKILLS_INDEX, skillDocumentText, type RetrievalClient } from "./search.js";
