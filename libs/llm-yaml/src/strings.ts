import type { Repair } from './repairs.js';

export const OPEN_QUOTES = '"\'“‘„«';

const CLOSERS: Record<string, string> = {
  '"': '"',
  "'": "'",
  '“': '”"',
  '‘': '’\'',
  '„': '“”"',
  '«': '»',
};

export function isSmartQuote(c: string): boolean {
  return c === '“' || c === '‘' || c === '„' || c === '«' || c === '”' || c === '’' || c === '»';
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

export interface Quoted {
  value: string;
  end: number;
  closed: boolean;
}

// Escapes a model almost never means: when one shows up (or an invalid one), the backslashes in
// that string are literal text (a Windows path, a regex, LaTeX).
const UNLIKELY = new Set(['a', 'b', 'e', 'v', 'f', '0', 'N', '_', 'L', 'P', ' ', '\t']);

// scanQuoted reads a quoted string starting at text[start] (an opening quote, ASCII or smart).
// `stopAtNewline` ends an unclosed string at the end of its line.
export function scanQuoted(
  text: string,
  start: number,
  repairs: Repair[],
  line?: number,
  stopAtNewline = false,
): Quoted {
  const open = text[start]!;
  const closers = CLOSERS[open] ?? open;
  const double = open !== "'" && open !== '‘';
  let i = start + 1;
  let closed = false;
  let closer = '';
  while (i < text.length) {
    const c = text[i]!;
    if (stopAtNewline && c === '\n') break;
    if (c === '\\' && i + 1 < text.length && (double || text[i + 1] === "'")) {
      i += 2;
      continue;
    }
    if (closers.includes(c)) {
      if (!double && c === "'" && text[i + 1] === "'") {
        i += 2;
        continue;
      }
      if (!double && /[A-Za-z]/.test(text[i + 1] ?? '') && /[A-Za-z]/.test(text[i - 1] ?? '')) {
        i++;
        continue;
      }
      closed = true;
      closer = c;
      break;
    }
    i++;
  }
  const raw = text.slice(start + 1, i);
  if (isSmartQuote(open) || isSmartQuote(closer)) repairs.push(rep('smart_quote', line, `read ${open}…${closer || closers[0]} as quotes`));
  const value = double ? decodeDouble(raw, repairs, line) : decodeSingle(raw, repairs, line);
  return { value, end: closed ? i + 1 : i, closed };
}

function fold(raw: string): string {
  if (!raw.includes('\n')) return raw;
  const lines = raw.split('\n');
  let out = lines[0]!.replace(/[ \t]+$/, '');
  let blank = 0;
  for (let k = 1; k < lines.length; k++) {
    const l = lines[k]!.trim();
    if (l === '' && k < lines.length - 1) {
      blank++;
      continue;
    }
    out += blank ? '\n'.repeat(blank) + l : ' ' + l;
    blank = 0;
  }
  return out;
}

function decodeSingle(raw: string, repairs: Repair[], line?: number): string {
  if (raw.includes("\\'")) repairs.push(rep('invalid_escape', line, "\\' in single quotes"));
  return fold(raw.replace(/''/g, "'").replace(/\\'/g, "'"));
}

function decodeDouble(raw: string, repairs: Repair[], line?: number): string {
  let literal = false;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '\\') continue;
    const n = raw[i + 1] ?? '';
    i++;
    if (n === "'" || n === '\n') continue;
    if (UNLIKELY.has(n)) literal = true;
    else if (SIMPLE_ESCAPES[n] !== undefined) continue;
    else {
      const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (!hexLen || !/^[0-9a-fA-F]+$/.test(raw.slice(i + 1, i + 1 + hexLen)) || raw.slice(i + 1, i + 1 + hexLen).length !== hexLen) literal = true;
    }
  }
  if (literal) repairs.push(rep('invalid_escape', line, 'backslashes kept as text'));
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[i + 1];
    if (n === undefined) {
      out += '\\';
      continue;
    }
    if (n === '"' || n === "'" || (n === '\\' && literal)) {
      if (n === "'") literal || repairs.push(rep('invalid_escape', line, "\\' in double quotes"));
      out += n;
      i++;
      continue;
    }
    if (n === '\n') {
      i++;
      while (raw[i + 1] === ' ' || raw[i + 1] === '\t') i++;
      out += '\u0000JOIN';
      continue;
    }
    if (literal) {
      out += c;
      continue;
    }
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += n === 'n' ? '\u0000NL' : n === 't' ? '\u0000TAB' : simple;
      i++;
      continue;
    }
    const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : 8;
    out += String.fromCodePoint(parseInt(raw.slice(i + 2, i + 2 + hexLen), 16));
    i += 1 + hexLen;
  }
  return fold(out).replace(/\u0000JOIN\s*/g, '').replace(/\u0000NL/g, '\n').replace(/\u0000TAB/g, '\t');
}

function rep(kind: string, line?: number, detail?: string): Repair {
  return { kind, ...(line !== undefined ? { line } : {}), ...(detail ? { detail } : {}) };
}
