export { repair, restructure, type RepairOptions, type RepairResult } from './repair.js';
export { RepairError, type Repair } from './repairs.js';
export {
  planSchema,
  SAMPLE_SKILLS,
  validate,
  normalizeKey,
  type JSONSchema,
  type JSONType,
  type SkillSpec,
} from './schema.js';
export { IncrementalPlanParser, type IncrementalOptions, type PlanItem, type PlanResult } from './incremental.js';
export { loadCorpus, CORPUS_DIR, type CorpusCase } from './corpus.js';
export { corpusReport, formatReport, benchmark, type CorpusReport, type CategoryCounts } from './report.js';
export { runRepairYamlCommand, type CommandIO } from './cli.js';
export type { SNode, SMap, SSeq, SScalar, SEntry } from './nodes.js';
export { compactYaml } from './emit.js';
