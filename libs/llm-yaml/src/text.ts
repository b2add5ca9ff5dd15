import { repair, RepairError, type Repair } from './repairs.js';

const NBSP = /[\u00a0\u2007\u202f\u2000-\u200a\u3000]/g;
const ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g;

// normalizeText fixes invisible characters, line endings and tab indentation.
export function normalizeText(text: string, repairs: Repair[]): string {
  let t = text;
  if (/\r/.test(t)) {
    t = t.replace(/\r\n?/g, '\n');
    repairs.push(repair('crlf'));
  }
  if (ZERO_WIDTH.test(t)) {
    t = t.replace(ZERO_WIDTH, '');
    repairs.push(repair('zero_width'));
  }
  if (NBSP.test(t)) {
    t = t.replace(NBSP, ' ');
    repairs.push(repair('nbsp'));
  }
  if (t.includes('\t')) {
    const lines = t.split('\n');
    const unit = indentUnit(lines);
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!l.includes('\t')) continue;
      const m = /^[ \t]*/.exec(l)![0];
      let col = 0;
      for (const c of m) col = c === '\t' ? (Math.floor(col / unit) + 1) * unit : col + 1;
      const rest = l.slice(m.length).replace(/([:\-,])\t+/g, '$1 ').replace(/\t+(?=[#])/g, ' ');
      const fixed = ' '.repeat(col) + rest;
      if (fixed !== l) {
        lines[i] = fixed;
        changed = true;
        repairs.push(repair('tab', { line: i + 1 }));
      }
    }
    if (changed) t = lines.join('\n');
  }
  return t;
}

function indentUnit(lines: string[]): number {
  let unit = 0;
  for (const l of lines) {
    const m = /^( +)\S/.exec(l);
    if (!m) continue;
    const n = m[1]!.length;
    if (n >= 2 && (unit === 0 || n < unit)) unit = n;
  }
  return unit === 0 || unit > 4 ? 2 : unit;
}

const REFUSAL =
  /\b(?:I['’]m sorry|I am sorry|I apologi[sz]e|I can(?:['’]|no)t|I can not|I['’]m (?:not able|unable)|I am (?:not able|unable)|I won['’]t|I will not|As an AI|I must decline)\b/i;
const PLAN_LINE = /^\s*(?:[-*•]\s+)?["']?(?:calls|skill|thought)["']?\s*[:=]/im;

export function isRefusal(text: string): boolean {
  return REFUSAL.test(text) && !PLAN_LINE.test(text);
}

export interface Candidate {
  text: string;
  firstLine: number;
  atEof: boolean;
}

const FENCE = /^\s*(`{3,}|~{3,})\s*([\w.+-]*)\s*$/;
const YAML_START =
  /^\s*(?:(?:[-*•+]|\d{1,2}[.)])(?:\s+|$)|["'“]?[A-Za-z_$][\w$.-]*["'”]?\s*(?::|=)|\*\*[A-Za-z_]\w*:?\*\*|---\s*$|[{[])/;
const WRAPPER_LINE = /^\s*(?:plan|yaml|yml|output|response|answer|result|json)\s*:\s*$/i;

// candidates finds the parts of a model answer that may hold the plan: fenced blocks first,
// else the text between leading and trailing chatter.
export function candidates(text: string, repairs: Repair[]): Candidate[] {
  const lines = text.split('\n');
  const out: Candidate[] = [];
  let open: { line: number; fence: string; lang: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const m = FENCE.exec(l);
    if (!m) {
      if (open && /^[^`]*\S\s*```\s*$/.test(l)) {
        out.push({ text: lines.slice(open.line + 1, i).concat(l.replace(/\s*```\s*$/, '')).join('\n'), firstLine: open.line + 2, atEof: false });
        open = null;
      }
      continue;
    }
    if (open) {
      if (m[1]![0] === open.fence[0] && !m[2]) {
        out.push({ text: lines.slice(open.line + 1, i).join('\n'), firstLine: open.line + 2, atEof: false });
        open = null;
      }
    } else open = { line: i, fence: m[1]!, lang: m[2]!.toLowerCase() };
  }
  if (open) out.push({ text: lines.slice(open.line + 1).join('\n'), firstLine: open.line + 2, atEof: true });
  if (out.length) {
    repairs.push(repair('fence', { detail: out.length > 1 ? `${out.length} fenced blocks` : undefined }));
    const useful: Candidate[] = [];
    let firstError: unknown;
    for (const c of out.filter((x) => x.text.trim() !== '')) {
      try {
        useful.push(stripChatter(c, repairs));
      } catch (e) {
        firstError ??= e;
      }
    }
    if (useful.length === 0 && firstError) throw firstError;
    if (useful.length === 0) throw new RepairError('no YAML plan found in the answer');
    return useful;
  }
  return [stripChatter({ text, firstLine: 1, atEof: true }, repairs)];
}

function stripChatter(c: Candidate, repairs: Repair[]): Candidate {
  const lines = c.text.split('\n');
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || !YAML_START.test(lines[start]!))) start++;
  if (start >= lines.length) {
    if (isRefusal(c.text)) throw new RepairError(`the model refused: ${firstSentence(c.text)}`);
    throw new RepairError('no YAML plan found in the answer');
  }
  if (lines.slice(0, start).some((l) => l.trim() !== '')) repairs.push(repair('chatter', { line: c.firstLine, detail: 'text before the plan' }));
  const nextContent = (from: number): number => {
    let j = from;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    return j;
  };
  if (WRAPPER_LINE.test(lines[start]!)) {
    const j = nextContent(start + 1);
    if (j < lines.length && indentOf(lines[j]!) <= indentOf(lines[start]!)) {
      repairs.push(repair('chatter', { line: c.firstLine + start, detail: lines[start]!.trim() }));
      start = j;
    }
  }
  const first = lines[start]!;
  if (/^\s*[{[]/.test(first)) return { ...c, text: lines.slice(start).join('\n'), firstLine: c.firstLine + start };
  const baseIndent = indentOf(first);
  let end = lines.length;
  let inBlock = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '') continue;
    const ind = indentOf(l);
    if (inBlock >= 0 && ind > inBlock) continue;
    inBlock = -1;
    if (/:\s*[|>][+-]?\d?\s*(?:#.*)?$/.test(l)) inBlock = ind;
    if (ind > baseIndent) continue;
    if (YAML_START.test(l) || /^\s*(?:#|\.\.\.\s*$|[}\]])/.test(l)) continue;
    end = i;
    break;
  }
  if (end < lines.length) repairs.push(repair('chatter', { line: c.firstLine + end, detail: 'text after the plan' }));
  const body = lines.slice(start, end).map((l, i) => {
    const fixed = l.replace(/^(\s*(?:[-*]\s+)?)\*\*([A-Za-z_]\w*)(?:\*\*\s*:|:\*\*)/, '$1$2:');
    if (fixed !== l) repairs.push(repair('markdown', { line: c.firstLine + start + i, detail: 'bold key' }));
    return fixed;
  });
  return {
    text: body.join('\n'),
    firstLine: c.firstLine + start,
    atEof: c.atEof && end === lines.length,
  };
}

export function indentOf(l: string): number {
  return /^ */.exec(l)![0].length;
}

function firstSentence(t: string): string {
  const s = t.replace(/```\w*/g, '').trim().split('\n')[0]!.trim();
  const m = /^.*?[.!?](?=\s|$)/.exec(s);
  return (m ? m[0] : s).slice(0, 160);
}
