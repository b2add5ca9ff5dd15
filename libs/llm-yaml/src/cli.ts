import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { repair } from './repair.js';
import { RepairError } from './repairs.js';
import { corpusReport, formatReport } from './report.js';
import type { JSONSchema } from './schema.js';

export interface CommandIO {
  stdin: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = 'usage: springboard repair-yaml [--schema FILE] [--report] < answer.txt';

// runRepairYamlCommand is `springboard repair-yaml`: model text on stdin, the repaired value as
// JSON on stdout (exit 0), or one line "repair-yaml: <reason>" on stderr (exit 2).
export function runRepairYamlCommand(args: string[], io: CommandIO): number {
  const failWith = (reason: string): number => {
    io.stderr(`repair-yaml: ${reason.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  };
  let schemaFile: string | undefined;
  let report = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--schema') {
      schemaFile = args[++i];
      if (!schemaFile) return failWith('--schema needs a file');
    } else if (a.startsWith('--schema=')) schemaFile = a.slice('--schema='.length);
    else if (a === '--report') report = true;
    else if (a === '--help' || a === '-h') {
      io.stdout(USAGE + '\n');
      return 0;
    } else return failWith(`unknown argument ${a} (${USAGE})`);
  }
  if (report) {
    io.stdout(formatReport(corpusReport()) + '\n');
    return 0;
  }
  let schema: JSONSchema | undefined;
  if (schemaFile) {
    let raw: string;
    try {
      raw = readFileSync(schemaFile, 'utf8');
    } catch (e) {
      return failWith(`cannot read schema ${schemaFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      schema = (raw.trimStart().startsWith('{') ? JSON.parse(raw) : parseYaml(raw)) as JSONSchema;
    } catch (e) {
      return failWith(`schema ${schemaFile} is neither JSON nor YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
    if (typeof schema !== 'object' || schema === null) return failWith(`schema ${schemaFile} is not an object`);
  }
  try {
    const r = repair(io.stdin, schema ? { schema } : {});
    io.stdout(JSON.stringify(r.value, null, 2) + '\n');
    return 0;
  } catch (e) {
    if (e instanceof RepairError) return failWith(e.reason);
    return failWith(e instanceof Error ? e.message : String(e));
  }
}
