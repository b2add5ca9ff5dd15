export { createGatewayService, type GatewayDeps } from "./server.js";
export { ConversationStore } from "./store.js";
export { cachedContentResolver, resolveContent, type ContentResolver, type MemberGraph } from "./content.js";
