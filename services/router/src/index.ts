export { createRouterService } from "./server.js";
export { classify, DECLINE, LABELS, type Label } from "./classifier.js";
