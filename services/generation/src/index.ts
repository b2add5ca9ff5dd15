export { createGenerationService, type GenerationConfig } from "./server.js";
export { ReasoningFilter } from "./reasoning.js";
