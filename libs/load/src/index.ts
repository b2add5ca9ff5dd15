export { runLoad, DEFAULT_MEMBER_IDS, type ContentKindName, type ErrorSample, type LoadOptions, type LoadProgress, type LoadQuestion, type LoadReport, type TimelinePoint } from "./run.js";
export { formatLoadReport, htmlLoadReport } from "./report.js";
export { runLoadCommand, parseLoadArgs, parseDuration, parseQuestions, DEFAULT_QUESTIONS_FILE, LOAD_USAGE, type CommandIo } from "./command.js";
export { exactPercentiles, LatencyHistogram, rank, type Bin, type Percentiles } from "./stats.js";
