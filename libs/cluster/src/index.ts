export * from "./redis.js";
export * from "./cluster.js";
