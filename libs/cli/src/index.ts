export { ask, parseContext } from "./ask.js";
