import { emptyScalar, scalar, type SEntry, type SNode } from './nodes.js';
import type { Repair } from './repairs.js';
import { OPEN_QUOTES, scanQuoted } from './strings.js';

export interface FlowResult {
  node: SNode;
  end: number;
  incomplete: boolean;
  lenient: boolean;
}

// parseFlow reads a JSON or YAML flow collection leniently: trailing and missing commas,
// single and smart quotes, unquoted keys (also `key:value`), `//` and `#` comments, Python
// literals, and auto-closes what the end of the text left open (marking it incomplete).
export function parseFlow(text: string, start: number, repairs: Repair[], line?: number): FlowResult {
  const p = new FlowParser(text, repairs, line);
  p.i = start;
  const node = p.value(0);
  return { node, end: p.i, incomplete: p.hitEnd, lenient: p.lenient };
}

class FlowParser {
  i = 0;
  hitEnd = false;
  lenient = false;
  constructor(
    readonly s: string,
    readonly repairs: Repair[],
    readonly line?: number,
  ) {}

  ws(): void {
    const s = this.s;
    for (;;) {
      const c = s[this.i];
      if (c === ' ' || c === '\n' || c === '\t' || c === '\r') this.i++;
      else if (c === '/' && s[this.i + 1] === '/') {
        this.lenient = true;
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        this.lenient = true;
        const e = s.indexOf('*/', this.i + 2);
        this.i = e < 0 ? s.length : e + 2;
      } else if (c === '#' && (this.i === 0 || /\s/.test(s[this.i - 1]!))) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else return;
    }
  }

  value(depth: number): SNode {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) {
      this.hitEnd = true;
      const n = emptyScalar(this.line);
      n.incomplete = true;
      return n;
    }
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (OPEN_QUOTES.includes(c)) {
      const q = scanQuoted(this.s, this.i, this.repairs, this.line);
      this.i = q.end;
      const n = scalar(q.value, 'quoted', this.line);
      if (!q.closed) {
        this.hitEnd = true;
        n.incomplete = true;
      }
      return n;
    }
    return this.bare(false);
  }

  bare(isKey: boolean): SNode {
    const s = this.s;
    const from = this.i;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === ',' || c === '}' || c === ']' || c === '\n') break;
      if (isKey && (c === ':' || c === '=')) break;
      if (c === '#' && /\s/.test(s[this.i - 1] ?? '')) break;
      if (c === '/' && s[this.i + 1] === '/' && /\s/.test(s[this.i - 1] ?? '')) break;
      if (!isKey && c === ':' && /\s/.test(s[this.i + 1] ?? '') && /^\s*[{[]/.test(s.slice(from, this.i))) break;
      this.i++;
    }
    let text = s.slice(from, this.i).trim();
    if (text === 'None') {
      this.lenient = true;
      text = 'null';
    }
    const n = scalar(text, 'plain', this.line);
    if (this.i >= s.length) {
      this.hitEnd = true;
      n.incomplete = true;
    }
    return n;
  }

  object(depth: number): SNode {
    this.i++;
    const entries: SEntry[] = [];
    const node: SNode = { k: 'map', entries, ...(this.line !== undefined ? { line: this.line } : {}) };
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined) {
        this.hitEnd = true;
        node.incomplete = true;
        return node;
      }
      if (c === '}') {
        this.i++;
        return node;
      }
      if (c === ']') {
        this.lenient = true;
        this.i++;
        return node;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      let keyNode: SNode;
      if (OPEN_QUOTES.includes(c)) keyNode = this.value(depth + 1);
      else {
        keyNode = this.bare(true);
        if (this.s[this.i] === ':' && !/[\s]/.test(this.s[this.i + 1] ?? ' ')) this.lenient = true;
      }
      const key = keyNode.k === 'scalar' ? keyNode.text : '';
      if (keyNode.incomplete) {
        node.incomplete = true;
        return node;
      }
      this.ws();
      const sep = this.s[this.i];
      if (sep === ':' || sep === '=') {
        if (sep === '=') this.lenient = true;
        this.i++;
        this.ws();
        if (this.s[this.i] === undefined) {
          this.hitEnd = true;
          node.incomplete = true;
          return node;
        }
        const v = this.s[this.i] === ',' || this.s[this.i] === '}' ? emptyScalar(this.line) : this.value(depth + 1);
        entries.push({ key, value: v });
        if (v.incomplete) {
          node.incomplete = true;
          return node;
        }
      } else {
        if (sep === undefined) {
          this.hitEnd = true;
          node.incomplete = true;
          return node;
        }
        entries.push({ key, value: emptyScalar(this.line) });
      }
      this.ws();
      const after = this.s[this.i];
      if (after === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === '}') this.lenient = true;
      } else if (after !== '}' && after !== undefined) {
        this.lenient = true;
      }
    }
  }

  array(depth: number): SNode {
    this.i++;
    const items: SNode[] = [];
    const node: SNode = { k: 'seq', items, ...(this.line !== undefined ? { line: this.line } : {}) };
    for (;;) {
      this.ws();
      const c = this.s[this.i];
      if (c === undefined) {
        this.hitEnd = true;
        node.incomplete = true;
        return node;
      }
      if (c === ']') {
        this.i++;
        return node;
      }
      if (c === '}') {
        this.lenient = true;
        this.i++;
        return node;
      }
      if (c === ',') {
        this.i++;
        continue;
      }
      const v = this.value(depth + 1);
      items.push(v);
      if (v.incomplete) {
        node.incomplete = true;
        return node;
      }
      this.ws();
      const after = this.s[this.i];
      if (after === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === ']') this.lenient = true;
      } else if (after !== ']' && after !== undefined) {
        this.lenient = true;
      }
    }
  }
}

// flowDepth counts the brackets `text` leaves open (0 when balanced), ignoring quoted parts.
export function flowDepth(text: string): number {
  let depth = 0;
  let q: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q || (q === '“' && c === '”')) q = null;
      continue;
    }
    if (c === '"' || c === '“') q = c;
    else if (c === "'" && !/\w/.test(text[i - 1] ?? '')) q = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth;
}
