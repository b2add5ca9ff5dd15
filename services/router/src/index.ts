export { createRouterService, type RouterDeps } from "./server.js";
export { CONTEXT_KINDS, contextKind, DECLINE, LABEL_DESCRIPTIONS, LABELS, type ContextKind, type Label } from "./labels.js";
export { DEFAULT_MODEL_PATH, RouterModel, type Decision, type ModelFile } from "./model.js";
export { train, TRAIN_DEFAULTS, type TrainOptions, type TrainResult } from "./train.js";
export { parseLabel, routerPrompt } from "./prompt.js";
export { cleanQuestion, route, type RouteInput, type RouteOutcome } from "./route.js";
export { evaluate, type EvalReport } from "./metrics.js";
export { runRouteCommand, runRouterEvalCommand, runRouterTrainCommand, type CommandIO } from "./commands.js";
