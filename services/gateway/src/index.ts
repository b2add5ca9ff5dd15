export { createGatewayService, type GatewayDeps } from "./server.js";
export { ConversationStore } from "./store.js";
export { resolveContent, type MemberGraph } from "./content.js";
