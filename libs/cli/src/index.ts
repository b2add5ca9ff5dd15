export { ask, attachmentLabel, parseContext } from "./ask.js";
