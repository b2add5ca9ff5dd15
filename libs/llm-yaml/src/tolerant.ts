import { flowDepth, parseFlow } from './flow.js';
import { emptyScalar, scalar, type SEntry, type SMap, type SNode, type SSeq } from './nodes.js';
import { repair, type Repair } from './repairs.js';
import { discriminators, normalizeKey, objectBranches, typesOf, type JSONSchema } from './schema.js';
import { OPEN_QUOTES, scanQuoted } from './strings.js';

interface Entry {
  line: number;
  indent: number;
  dash: boolean;
  keyCol: number;
  key?: string;
  value?: SNode;
  docStart?: boolean;
  trunc?: boolean;
  bad?: boolean;
}

export interface TolerantDoc {
  node: SNode;
  truncated: boolean;
}

const MARKER = /^(?:(-)|([*•+])|(\d{1,2})[.)])(?=\s|$)\s*/;
const QUOTED_KEY = /^(["'“‘])(.*?)(["'”’])\s*(?::|=)(?=\s|$)\s*/;
const KEY = /^([A-Za-z_$][\w$.\-/]*)\s*:(?=\s|$)\s*/;
const SPACED_KEY = /^([A-Za-z_$][\w$.-]*(?: [A-Za-z_$][\w$.-]*){1,2})\s*:(?=\s|$)\s*/;
const KEY_EQ = /^([A-Za-z_$][\w$.-]*)\s*=(?!=)\s*/;
const KEY_NOSPACE = /^([A-Za-z_$][\w$.-]*):(?!\/\/)(?=\S)/;
const URL_SCHEMES = /^(?:https?|ftp|mailto|file|tel|urn|data|wss?|s3|gs|git|ssh)$/i;
const BLOCK = /^([|>])([+-]?)(\d?)([+-]?)\s*(?:#.*)?$/;

// parseTolerant reads block YAML the way a careful human would, forgiving what models get wrong.
// The schema (optional) guides where mis-indented keys and list items belong.
export function parseTolerant(
  text: string,
  opts: { schema?: JSONSchema; firstLine?: number; atEof: boolean },
  repairs: Repair[],
): TolerantDoc[] {
  const tk = new Tokenizer(text, opts.firstLine ?? 1, repairs);
  const entries = tk.run();
  const b = new Builder(opts.schema, repairs);
  for (const e of entries) b.add(e);
  return b.finish(opts.atEof, entries.length ? entries[entries.length - 1]! : undefined);
}

class Tokenizer {
  readonly lines: string[];
  readonly starts: number[] = [];
  i = 0;
  constructor(
    readonly text: string,
    readonly firstLine: number,
    readonly repairs: Repair[],
  ) {
    this.lines = text.split('\n');
    let off = 0;
    for (const l of this.lines) {
      this.starts.push(off);
      off += l.length + 1;
    }
  }

  lineNo(i: number): number {
    return this.firstLine + i;
  }

  run(): Entry[] {
    const out: Entry[] = [];
    while (this.i < this.lines.length) {
      const raw = this.lines[this.i]!;
      const trimmed = raw.trim();
      if (trimmed === '' || trimmed.startsWith('#')) {
        this.i++;
        continue;
      }
      if (/^---(?:\s|$)/.test(raw) || /^\.\.\.\s*$/.test(raw)) {
        out.push({ line: this.lineNo(this.i), indent: 0, dash: false, keyCol: 0, docStart: true });
        const rest = raw.slice(3).trim();
        this.i++;
        if (rest && raw.startsWith('---')) {
          this.lines.splice(this.i, 0, rest);
          this.starts.splice(this.i, 0, this.starts[this.i - 1]! + 4);
        }
        continue;
      }
      out.push(this.entry());
    }
    return out;
  }

  entry(): Entry {
    const idx = this.i;
    const raw = this.lines[idx]!;
    const indent = /^ */.exec(raw)![0].length;
    let col = indent;
    let rest = raw.slice(indent);
    let dash = false;
    let mk = MARKER.exec(rest);
    if (!mk && /^-["']?[A-Za-z_][\w]*["']?\s*:(?:\s|$)/.test(rest)) {
      mk = /^-/.exec(rest)!;
      this.repairs.push(repair('list_marker', { line: this.lineNo(idx), detail: 'space after -' }));
    }
    if (mk) {
      dash = true;
      if (!mk[1] && mk[0] !== '-') this.repairs.push(repair('list_marker', { line: this.lineNo(idx), detail: `${mk[0].trim()} read as -` }));
      col += mk[0].length;
      rest = rest.slice(mk[0].length);
    }
    const e: Entry = { line: this.lineNo(idx), indent, dash, keyCol: col };
    if (rest === '') {
      this.i++;
      return e;
    }
    let key: string | undefined;
    let m: RegExpExecArray | null;
    if ((m = QUOTED_KEY.exec(rest))) {
      key = m[2]!;
    } else if ((m = KEY.exec(rest))) {
      key = m[1]!;
    } else if (indent > 0 && (m = SPACED_KEY.exec(rest))) {
      key = m[1]!;
    } else if ((m = KEY_NOSPACE.exec(rest)) && !URL_SCHEMES.test(m[1]!)) {
      key = m[1]!;
      this.repairs.push(repair('colon_space', { line: e.line, detail: `${key}:` }));
    } else if ((m = KEY_EQ.exec(rest))) {
      key = m[1]!;
      this.repairs.push(repair('equals_sign', { line: e.line, detail: `${key} =` }));
    } else if ((m = /^([A-Za-z_$][\w$.-]*)\s*:(\d{1,2}:\d\d)/.exec(rest)) && !URL_SCHEMES.test(m[1]!)) {
      key = m[1]!;
      m = /^([A-Za-z_$][\w$.-]*)\s*:/.exec(rest)!;
      this.repairs.push(repair('colon_space', { line: e.line, detail: `${key}:` }));
    }
    if (key !== undefined) {
      e.key = key;
      const vstart = col + m![0].length;
      const value = this.value(idx, vstart, col, e);
      if (value) e.value = value;
      return e;
    }
    const value = this.value(idx, col, dash ? indent : indent - 1, e);
    if (value) e.value = value;
    if (!dash) e.bad = true;
    return e;
  }

  // value reads the value starting at column `start` of line `idx`; continuation lines must be
  // indented more than `parent`.
  value(idx: number, start: number, parent: number, e: Entry): SNode | undefined {
    const raw = this.lines[idx]!;
    let v = raw.slice(start);
    const line = this.lineNo(idx);
    this.i = idx + 1;
    if (v.trim() === '') return undefined;
    const c = v[0]!;
    if (c === '#') {
      const next = this.nextContent(this.i);
      if ((next < this.lines.length && indentOf(this.lines[next]!) > parent) || v.startsWith('# ')) return undefined;
      this.repairs.push(repair('quoted_value', { line, detail: 'value starting with #' }));
      return scalar(v.trim(), 'plain', line);
    }
    const bm = BLOCK.exec(v);
    if (bm) return this.block(idx, bm, parent, line);
    if (OPEN_QUOTES.includes(c)) {
      const abs = this.starts[idx]! + start;
      const q = scanQuoted(this.text, abs, this.repairs, line);
      const endLine = this.lineAt(q.end - 1);
      let ok = q.closed;
      if (ok && endLine > idx) {
        for (let j = idx + 1; j <= endLine; j++) {
          const l = this.lines[j]!;
          if (l.trim() !== '' && indentOf(l) <= parent) ok = false;
        }
      }
      if (ok) {
        const after = this.text.slice(q.end, this.starts[endLine]! + this.lines[endLine]!.length).trim();
        if (after === '' || after.startsWith('#') || after === ',') {
          if (after === ',') this.repairs.push(repair('json', { line, detail: 'trailing comma' }));
          this.i = endLine + 1;
          return scalar(q.value, 'quoted', line);
        }
        if (endLine === idx && !OPEN_QUOTES.slice(0, 2).includes(c)) {
          this.i = idx + 1;
          return scalar(q.value + after, 'quoted', line);
        }
        if (endLine === idx) {
          this.repairs.push(repair('quoted_value', { line, detail: 'text after a closing quote' }));
          return scalar(v.replace(/\s+#.*$/, '').trim(), 'plain', line);
        }
      }
      const one = scanQuoted(this.text, abs, [], line, true);
      this.i = idx + 1;
      const atEnd = idx === this.lines.length - 1;
      if (one.closed) return scalar(one.value, 'quoted', line);
      this.repairs.push(repair('unclosed_quote', { line }));
      let text = one.value.replace(/\s+$/, '');
      if (/[,]$/.test(text) && /^\s*["'“‘]/.test(v)) text = text.replace(/,$/, '');
      const n = scalar(text, 'quoted', line);
      if (atEnd) {
        e.trunc = true;
        n.incomplete = true;
      }
      return n;
    }
    if (c === '[' || c === '{') {
      let buf = v;
      let j = idx + 1;
      let depth = flowDepth(buf);
      while (depth > 0 && j < this.lines.length) {
        const l = this.lines[j]!;
        if (l.trim() !== '' && indentOf(l) <= parent && !/^\s*[}\]]/.test(l)) break;
        buf += '\n' + l;
        depth = flowDepth(buf);
        j++;
      }
      const reps: Repair[] = [];
      const r = parseFlow(buf, 0, reps, line);
      const tail = buf.slice(r.end).trim();
      if (tail === '' || tail.startsWith('#') || tail === ',') {
        this.repairs.push(...reps);
        const atEnd = j >= this.lines.length || this.nextContent(j) >= this.lines.length;
        if (r.incomplete) {
          if (atEnd) e.trunc = true;
          else {
            clearIncomplete(r.node);
            this.repairs.push(repair('unclosed_bracket', { line }));
          }
        } else if (r.lenient) this.repairs.push(repair('json', { line }));
        this.i = j;
        return r.node;
      }
      this.repairs.push(repair('quoted_value', { line, detail: `value starting with ${c}` }));
    }
    if ((c === '|' || c === '>') && v.length > 1) this.repairs.push(repair('quoted_value', { line, detail: `value starting with ${c}` }));
    else if ('@`%&*!'.includes(c)) this.repairs.push(repair('quoted_value', { line, detail: `value starting with ${c}` }));
    let text = v.replace(/\s+#.*$/, '').trim();
    if (/:(\s|$)/.test(text)) this.repairs.push(repair('quoted_value', { line, detail: 'value containing ": "' }));
    if (/^!!(?:str|int|float|bool)\s/.test(text)) text = text.replace(/^!!\w+\s+/, '');
    const parts = [text];
    let blanks = 0;
    let j = this.i;
    for (; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      if (l.trim() === '') {
        blanks++;
        continue;
      }
      if (indentOf(l) <= parent || l.trim().startsWith('#')) break;
      const body = l.trim();
      if (MARKER.test(body) || KEY.test(body) || QUOTED_KEY.test(body) || KEY_EQ.test(body) || /^---/.test(body)) break;
      parts.push(blanks ? '\n'.repeat(blanks) + body : ' ' + body);
      blanks = 0;
      this.i = j + 1;
    }
    return scalar(parts.join(''), 'plain', line);
  }

  block(idx: number, bm: RegExpExecArray, parent: number, line: number): SNode {
    const folded = bm[1] === '>';
    const chomp = bm[2] || bm[4] || '';
    const explicit = bm[3] ? Number(bm[3]) : 0;
    const body: string[] = [];
    let j = idx + 1;
    for (; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      if (l.trim() !== '' && indentOf(l) <= parent) break;
      body.push(l);
    }
    let trailingBlank = 0;
    while (body.length && body[body.length - 1]!.trim() === '') {
      body.pop();
      trailingBlank++;
    }
    this.i = j;
    const first = body.find((l) => l.trim() !== '');
    const ind = explicit ? parent + explicit : first ? indentOf(first) : parent + 1;
    const lines = body.map((l) => (l.trim() === '' ? '' : l.slice(Math.min(ind, indentOf(l)))));
    let out: string;
    if (!folded) out = lines.join('\n');
    else {
      out = '';
      let prevMore = false;
      for (let k = 0; k < lines.length; k++) {
        const l = lines[k]!;
        const more = /^\s/.test(l);
        if (k === 0) out = l;
        else if (l === '') out += '\n';
        else if (lines[k - 1] === '' || more || prevMore) out += (lines[k - 1] === '' && !more && !prevMore ? '' : '\n') + l;
        else out += ' ' + l;
        if (l !== '') prevMore = more;
      }
    }
    if (lines.length === 0) out = '';
    else if (chomp === '-') out = out.replace(/\n+$/, '');
    else if (chomp === '+') out += '\n' + '\n'.repeat(trailingBlank);
    else out = out.replace(/\n+$/, '') + '\n';
    return scalar(out, 'block', line);
  }

  nextContent(from: number): number {
    let j = from;
    while (j < this.lines.length && (this.lines[j]!.trim() === '' || this.lines[j]!.trim().startsWith('#'))) j++;
    return j;
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function indentOf(l: string): number {
  return /^ */.exec(l)![0].length;
}

function clearIncomplete(n: SNode): void {
  delete n.incomplete;
  if (n.k === 'map') for (const e of n.entries) clearIncomplete(e.value);
  else if (n.k === 'seq') for (const i of n.items) clearIncomplete(i);
}

interface Frame {
  node: SMap | SSeq;
  indent: number;
  schema: JSONSchema | undefined;
  pending?: { entry: SEntry; col: number };
  pendingItem?: { col: number };
  root?: boolean;
}

const PLAN_HINT: JSONSchema = {
  type: 'object',
  properties: {
    thought: { type: 'string' },
    calls: {
      type: 'array',
      items: { type: 'object', properties: { skill: { type: 'string' }, args: { type: 'object' } } },
    },
  },
};

type Known = 0 | 1 | 2;

class Builder {
  readonly rootSchema: JSONSchema;
  stack: Frame[] = [];
  docs: TolerantDoc[] = [];
  constructor(
    schema: JSONSchema | undefined,
    readonly repairs: Repair[],
  ) {
    this.rootSchema = schema ?? PLAN_HINT;
  }

  itemsSchemaOfRoot(): JSONSchema | undefined {
    for (const b of objectBranches(this.rootSchema)) {
      for (const p of Object.values(b.properties ?? {})) if (p.items && typesOf(p)?.includes('array')) return p.items;
    }
    return undefined;
  }

  add(e: Entry): void {
    if (e.docStart) {
      this.closeDoc(false, undefined);
      return;
    }
    if (this.stack.length === 0) {
      if (e.dash) this.stack.push({ node: { k: 'seq', items: [], line: e.line }, indent: e.indent, schema: { type: 'array', items: this.itemsSchemaOfRoot() ?? {} }, root: true });
      else if (e.key !== undefined) this.stack.push({ node: { k: 'map', entries: [], line: e.line }, indent: e.indent, schema: this.rootSchema, root: true });
      else {
        if (e.value) this.docs.push({ node: e.value, truncated: false });
        return;
      }
    }
    const root = this.stack[0]!;
    if (!e.dash && e.key !== undefined && root.node.k === 'map' && e.indent <= root.indent) {
      const entries = root.node.entries;
      const distinct = new Set(entries.map((x) => normalizeKey(x.key)));
      if (entries.length && distinct.size >= 2 && normalizeKey(entries[0]!.key) === normalizeKey(e.key)) {
        this.repairs.push(repair('repeated_block', { line: e.line, detail: 'the plan starts again' }));
        this.closeDoc(false, undefined);
        this.add(e);
        return;
      }
    }
    if (e.dash) this.placeDash(e);
    else if (e.key !== undefined) this.placeKey(e);
    else this.placeScalar(e);
  }

  top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  popTo(f: Frame): void {
    while (this.top() !== f) {
      const t = this.stack.pop()!;
      if (t.pending) t.pending = undefined;
    }
  }

  placeDash(e: Entry): void {
    const top = this.top();
    if (top.node.k === 'map' && top.pending && e.indent >= top.pending.col && !this.rejectsSeq(top, top.pending.entry.key)) {
      const seq: SSeq = { k: 'seq', items: [], line: e.line };
      top.pending.entry.value = seq;
      const f: Frame = { node: seq, indent: e.indent, schema: childSchema(top, top.pending.entry.key, this.rootSchema) };
      top.pending = undefined;
      this.stack.push(f);
      this.addItem(f, e);
      return;
    }
    if (top.node.k === 'seq' && top.pendingItem && e.indent > top.pendingItem.col) {
      const seq: SSeq = { k: 'seq', items: [], line: e.line };
      top.node.items.push(seq);
      top.pendingItem = undefined;
      const f: Frame = { node: seq, indent: e.indent, schema: top.schema?.items };
      this.stack.push(f);
      this.addItem(f, e);
      return;
    }
    const seqs = this.stack.filter((f) => f.node.k === 'seq');
    if (seqs.length === 0) {
      const root = this.stack[0]!;
      if (root.node.k !== 'map') return;
      this.popTo(root);
      const seq: SSeq = { k: 'seq', items: [], line: e.line };
      root.node.entries.push({ key: '__items__', value: seq, line: e.line });
      root.pending = undefined;
      const f: Frame = { node: seq, indent: e.indent, schema: { type: 'array', items: this.itemsSchemaOfRoot() ?? {} } };
      this.stack.push(f);
      this.repairs.push(repair('bare_list', { line: e.line, detail: 'list items without a key' }));
      this.addItem(f, e);
      return;
    }
    let best = seqs[seqs.length - 1]!;
    let bestScore = -Infinity;
    for (let k = seqs.length - 1; k >= 0; k--) {
      const f = seqs[k]!;
      const items = (f.node as SSeq).items;
      const firstItem = items[0];
      let score = -Math.abs(f.indent - e.indent);
      if (f.indent === e.indent) score += 100;
      if (e.key !== undefined && firstItem && firstItem.k === 'map' && firstItem.entries[0] && normalizeKey(firstItem.entries[0].key) === normalizeKey(e.key)) score += 1000;
      if (e.key === undefined && firstItem && firstItem.k === 'scalar') score += 50;
      if (score > bestScore) {
        bestScore = score;
        best = f;
      }
    }
    if (best.indent !== e.indent) this.repairs.push(repair('indentation', { line: e.line, detail: 'list item at the wrong level' }));
    this.popTo(best);
    this.addItem(best, e);
  }

  rejectsScalar(top: Frame, key: string): boolean {
    const cs = childSchema(top, key, this.rootSchema);
    const t = cs && typesOf(cs);
    return !!t && !t.some((x) => x !== 'object' && x !== 'array');
  }

  rejectsSeq(top: Frame, key: string): boolean {
    const cs = childSchema(top, key, this.rootSchema);
    const t = cs && typesOf(cs);
    return !!t && !t.includes('array');
  }

  addItem(f: Frame, e: Entry): void {
    const seq = f.node as SSeq;
    f.pendingItem = undefined;
    if (e.key !== undefined) {
      const m: SMap = { k: 'map', entries: [], line: e.line };
      seq.items.push(m);
      const mf: Frame = { node: m, indent: e.keyCol, schema: f.schema?.items };
      this.stack.push(mf);
      this.addEntry(mf, e);
    } else if (e.value) {
      seq.items.push(e.value);
    } else {
      f.pendingItem = { col: e.indent };
    }
  }

  placeKey(e: Entry): void {
    const top = this.top();
    if (top.node.k === 'seq' && top.pendingItem && e.indent > top.pendingItem.col) {
      const m: SMap = { k: 'map', entries: [], line: e.line };
      top.node.items.push(m);
      top.pendingItem = undefined;
      const f: Frame = { node: m, indent: e.indent, schema: top.schema?.items };
      this.stack.push(f);
      this.addEntry(f, e);
      return;
    }
    if (top.node.k === 'map' && top.pending) {
      const P = top.pending;
      if (e.indent > P.col || (e.indent === P.col && this.nestsSameIndent(top, P.entry.key, e.key!))) {
        if (e.indent === P.col) this.repairs.push(repair('indentation', { line: e.line, detail: `${e.key} belongs under ${P.entry.key}` }));
        const m: SMap = { k: 'map', entries: [], line: e.line };
        P.entry.value = m;
        const f: Frame = { node: m, indent: e.indent, schema: childSchema(top, P.entry.key, this.rootSchema) };
        top.pending = undefined;
        this.stack.push(f);
        this.addEntry(f, e);
        return;
      }
    }
    const maps = this.stack.filter((f) => f.node.k === 'map');
    let chosen: Frame | undefined;
    let bestK = -1;
    for (let k = maps.length - 1; k >= 0; k--) {
      const f = maps[k]!;
      if (f.indent !== e.indent) continue;
      const kn = known(f, e.key!);
      if (kn > bestK) {
        bestK = kn;
        chosen = f;
      }
    }
    const anyYes = maps.some((f) => known(f, e.key!) === 2);
    if (!chosen || (bestK === 0 && anyYes)) {
      let best = -Infinity;
      for (let k = maps.length - 1; k >= 0; k--) {
        const f = maps[k]!;
        const score = known(f, e.key!) * 1000 - Math.abs(f.indent - e.indent) - (f.indent > e.indent + 1 ? 0.5 : 0);
        if (score > best) {
          best = score;
          chosen = f;
        }
      }
    }
    if (!chosen) return;
    if (chosen.indent !== e.indent) this.repairs.push(repair('indentation', { line: e.line, detail: `${e.key} re-aligned` }));
    this.popTo(chosen);
    this.addEntry(chosen, e);
  }

  nestsSameIndent(top: Frame, parentKey: string, key: string): boolean {
    const cs = childSchema(top, parentKey, this.rootSchema);
    if (!cs) return false;
    const t = typesOf(cs);
    if (!(t?.includes('object') || cs.properties || cs.oneOf || cs.anyOf)) return false;
    const child: Frame = { node: { k: 'map', entries: [] }, indent: 0, schema: cs };
    const inParent = known(top, key);
    const inChild = known(child, key);
    if (inParent === 2) {
      const dup = (top.node as SMap).entries.some((x) => normalizeKey(x.key) === normalizeKey(key));
      return dup && inChild === 2;
    }
    return inChild >= 1 || inParent === 0;
  }

  placeScalar(e: Entry): void {
    const top = this.top();
    if (top.node.k === 'map' && top.pending && e.indent > top.pending.col && e.value && !this.rejectsScalar(top, top.pending.entry.key)) {
      top.pending.entry.value = e.value;
      top.pending = undefined;
      return;
    }
    if (top.node.k === 'seq' && top.pendingItem && e.value) {
      top.node.items.push(e.value);
      top.pendingItem = undefined;
      return;
    }
    e.trunc = true;
    this.repairs.push(repair('dropped_line', { line: e.line }));
  }

  addEntry(f: Frame, e: Entry): void {
    const m = f.node as SMap;
    f.pending = undefined;
    if (m.entries.some((x) => x.key === e.key)) this.repairs.push(repair('duplicate_key', { line: e.line, detail: `${e.key} (last wins)` }));
    const entry: SEntry = { key: e.key!, value: e.value ?? emptyScalar(e.line), line: e.line };
    m.entries.push(entry);
    if (!e.value) f.pending = { entry, col: e.keyCol };
  }

  closeDoc(atEof: boolean, last: Entry | undefined): void {
    if (this.stack.length === 0) return;
    let truncated = false;
    if (atEof) {
      const top = this.top();
      truncated = !!last?.trunc || !!top.pending || !!top.pendingItem;
      for (const f of this.stack) {
        if (truncated) f.node.incomplete = true;
        if (f.node.k === 'seq') f.node.open = true;
      }
    }
    this.docs.push({ node: this.stack[0]!.node, truncated });
    this.stack = [];
  }

  finish(atEof: boolean, last: Entry | undefined): TolerantDoc[] {
    this.closeDoc(atEof, last);
    return this.docs;
  }
}

function childSchema(f: Frame, key: string, rootSchema: JSONSchema): JSONSchema | undefined {
  const props = propsOf(f);
  if (props) {
    const nk = normalizeKey(key);
    for (const [k, s] of Object.entries(props.props)) if (normalizeKey(k) === nk) return s;
    if (f.root && props.closed) return rootSchema;
    if (!props.closed && props.additional) return props.additional;
  }
  return undefined;
}

function propsOf(f: Frame): { props: Record<string, JSONSchema>; closed: boolean; additional?: JSONSchema } | undefined {
  if (f.node.k !== 'map') return undefined;
  let branches = objectBranches(f.schema);
  if (branches.length === 0) return undefined;
  const entries = f.node.entries;
  if (branches.length > 1) {
    const matching = branches.filter((b) =>
      discriminators(b).every(([k, v]) => {
        const ent = entries.find((x) => normalizeKey(x.key) === normalizeKey(k));
        return !ent || ent.value.k !== 'scalar' || normalizeKey(ent.value.text) === normalizeKey(String(v));
      }),
    );
    if (matching.length) branches = matching;
  }
  const props: Record<string, JSONSchema> = {};
  let closed = true;
  let additional: JSONSchema | undefined;
  for (const b of branches) {
    for (const [k, s] of Object.entries(b.properties ?? {})) if (!(k in props)) props[k] = s;
    if (b.additionalProperties !== false) closed = false;
    if (typeof b.additionalProperties === 'object') additional = b.additionalProperties;
  }
  return { props, closed, ...(additional ? { additional } : {}) };
}

function known(f: Frame, key: string): Known {
  const p = propsOf(f);
  if (!p) return 1;
  const nk = normalizeKey(key);
  if (Object.keys(p.props).some((k) => normalizeKey(k) === nk)) return 2;
  if (f.root && key === '__items__') return 2;
  return p.closed ? 0 : 1;
}

