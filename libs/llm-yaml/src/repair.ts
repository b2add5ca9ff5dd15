import { parseDocument } from 'yaml';
import { coerce } from './coerce.js';
import { parseFlow } from './flow.js';
import { fromYamlDocument, isEmptyScalar, type SNode } from './nodes.js';
import { repair as rep, RepairError, type Repair } from './repairs.js';
import { isPlainObject, normalizeKey, objectBranches, typesOf, validate, type JSONSchema } from './schema.js';
import { candidates, isRefusal, normalizeText, type Candidate } from './text.js';
import { parseTolerant, type TolerantDoc } from './tolerant.js';

export interface RepairOptions {
  schema?: JSONSchema;
}

export interface RepairResult {
  value: unknown;
  repairs: Repair[];
}

const SUSPICIOUS = /[\u00a0\u2007\u202f\u2000-\u200a\u3000\u200b\u200c\u200d\u2060\u00ad]|.\ufeff|(?:^|[:\-[{,]\s*)[“‘„«]/m;

// TYPING_ONLY repairs change how a scalar is typed, never what the document says.
const TYPING_ONLY = new Set([
  'schema_type',
  'coerce_number',
  'coerce_boolean',
  'enum_case',
  'key_alias',
  'comma_list',
  'wrap_array',
  'null_dropped',
  'null_to_empty',
  'unknown_key',
  'out_of_range',
  'invalid_dropped',
  'unknown_skill',
  'wrapper',
  'bare_list',
  'default',
  'key_inferred',
]);

// repair turns a model's YAML answer into the value it meant, coerced to the schema when one is
// given. A document that already parses and validates is returned as is, with no repairs.
export function repair(text: string, opts: RepairOptions = {}): RepairResult {
  return repairInternal(text, opts.schema, false);
}

export function repairInternal(text: string, schema: JSONSchema | undefined, assumeComplete: boolean): RepairResult {
  const suspicious = SUSPICIOUS.test(text);
  let doc: ReturnType<typeof parseDocument> | undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
  } catch {
    doc = undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (doc && doc.errors.length === 0 && doc.warnings.length === 0 && !suspicious) {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch {
      value = undefined;
    }
    if (value !== undefined && (schema ? validate(value, schema) : looksLikePlan(value))) {
      return { value, repairs: [] };
    }
    if (value !== undefined) {
      const reps: Repair[] = [];
      const node = restructure(fromYamlDocument(doc), schema, reps);
      const r = coerce(node, schema ?? {}, '', reps);
      if (r.ok && isPlanShaped(r.value, schema) && reps.every((x) => TYPING_ONLY.has(x.kind))) return { value: r.value, repairs: reps };
    }
  }

  const reps: Repair[] = [];
  const t = normalizeText(text, reps);
  if (isRefusal(t)) throw new RepairError(`the model refused: ${firstSentence(t)}`);
  const cands = candidates(t, reps);
  let firstError: string | undefined;
  let fallback: RepairResult | undefined;
  for (const c of cands) {
    const docReps: Repair[] = [];
    const docs = readCandidate(c, schema, docReps, assumeComplete).filter((d) => !isEmptyScalar(d.node));
    if (docs.length > 1 && !docReps.some((r) => r.kind === 'repeated_block')) docReps.push(rep('multiple_documents', { detail: `${docs.length} documents; took the first complete one` }));
    for (const d of docs) {
      const sub: Repair[] = [];
      const node = restructure(d.node, schema, sub);
      const r = coerce(node, schema ?? {}, '', sub);
      if (!r.ok) {
        firstError ??= r.error;
        continue;
      }
      if (!isPlanShaped(r.value, schema)) {
        firstError ??= 'no YAML plan found in the answer';
        continue;
      }
      const result = { value: r.value, repairs: [...reps, ...docReps, ...sub] };
      if (!d.truncated) return result;
      fallback ??= result;
    }
  }
  if (fallback) return fallback;
  for (const c of cands) {
    const d = parseDocument(c.text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
    if (d.errors.length) continue;
    const sub: Repair[] = [];
    const node = restructure(fromYamlDocument(d), schema, sub);
    const r = coerce(node, schema ?? {}, '', sub);
    if (r.ok && isPlanShaped(r.value, schema)) return { value: r.value, repairs: [...reps, ...sub] };
  }
  throw new RepairError(firstError ?? 'no YAML plan found in the answer', reps);
}

function readCandidate(c: Candidate, schema: JSONSchema | undefined, reps: Repair[], assumeComplete: boolean): TolerantDoc[] {
  const atEof = c.atEof && !assumeComplete;
  const trimmed = c.text.trimStart();
  if (trimmed.startsWith('{') || (trimmed.startsWith('[') && !/^\[[^\]\n]*\]\s*:/.test(trimmed))) {
    const start = c.text.length - trimmed.length;
    const r = parseFlow(c.text, start, reps, c.firstLine);
    const tail = c.text.slice(r.end).trim();
    if (tail.replace(/^[,;]/, '').trim() !== '') reps.push(rep('chatter', { detail: 'text after the JSON' }));
    if (r.lenient) reps.push(rep('json', { detail: 'lenient JSON/flow' }));
    if (r.incomplete && !atEof) return [{ node: r.node, truncated: false }];
    return [{ node: r.node, truncated: r.incomplete }];
  }
  return parseTolerant(c.text, { ...(schema ? { schema } : {}), firstLine: c.firstLine, atEof }, reps);
}

// restructure fixes the plan's shape: a wrapper key around it, a bare list of calls, list
// items written without their key.
export function restructure(node: SNode, schema: JSONSchema | undefined, reps: Repair[]): SNode {
  const rootProps = rootProperties(schema);
  const listKey = Object.entries(rootProps).find(([, s]) => typesOf(s)?.includes('array'))?.[0] ?? 'calls';
  let n = node;
  for (let depth = 0; depth < 3; depth++) {
    if (n.k === 'seq') {
      reps.push(rep('bare_list', { detail: `wrapped the list as ${listKey}` }));
      return { k: 'map', entries: [{ key: listKey, value: n }] };
    }
    if (n.k !== 'map') return n;
    const items = n.entries.findIndex((e) => e.key === '__items__');
    if (items >= 0) {
      const seq = n.entries[items]!;
      const existing = n.entries.find((e) => normalizeKey(e.key) === normalizeKey(listKey));
      const entries = n.entries.filter((e) => e !== seq && !(e === existing && (isEmptyScalar(e.value) || e.value.k === 'seq')));
      const merged =
        existing && existing.value.k === 'seq' && seq.value.k === 'seq'
          ? { ...seq.value, items: [...existing.value.items, ...seq.value.items] }
          : seq.value;
      entries.push({ key: listKey, value: merged });
      n = { ...n, entries };
    }
    const meaningful = n.entries.filter((e) => !isEmptyScalar(e.value));
    const known = (k: string): boolean => Object.keys(rootProps).some((p) => normalizeKey(p) === normalizeKey(k));
    if (meaningful.length === 1 && !known(meaningful[0]!.key)) {
      const inner = meaningful[0]!.value;
      if (inner.k === 'map' && inner.entries.some((e) => known(e.key))) {
        reps.push(rep('wrapper', { detail: `unwrapped ${meaningful[0]!.key}` }));
        n = inner;
        continue;
      }
      if (inner.k === 'seq' && inner.items.some((i) => i.k === 'map')) {
        reps.push(rep('wrapper', { detail: `${meaningful[0]!.key} read as ${listKey}` }));
        return { k: 'map', entries: [{ key: listKey, value: inner }] };
      }
    }
    return n;
  }
  return n;
}

function rootProperties(schema: JSONSchema | undefined): Record<string, JSONSchema> {
  if (!schema) return { thought: { type: 'string' }, calls: { type: 'array' } };
  const out: Record<string, JSONSchema> = {};
  for (const b of objectBranches(schema)) Object.assign(out, b.properties ?? {});
  return out;
}

function looksLikePlan(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 1 && !['calls', 'thought'].includes(keys[0]!)) {
    const inner = v[keys[0]!];
    if (Array.isArray(inner) || (isPlainObject(inner) && ('calls' in inner || 'thought' in inner))) return false;
  }
  return true;
}

function isPlanShaped(v: unknown, schema: JSONSchema | undefined): boolean {
  if (schema) return true;
  return isPlainObject(v) || Array.isArray(v);
}

function firstSentence(t: string): string {
  const s = t.replace(/```\w*/g, '').trim().split('\n')[0]!.trim();
  const m = /^.*?[.!?](?=\s|$)/.exec(s);
  return (m ? m[0] : s).slice(0, 160);
}


