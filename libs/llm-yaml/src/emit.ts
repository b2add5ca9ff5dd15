// compactYaml writes JSON-like data (what JSON.parse returns) as YAML for a prompt, spending few
// tokens: lists of scalars inline ([a, b]), lists of maps not indented under their key, strings
// plain unless YAML would read them as something else, and JSON's double quotes otherwise (a JSON
// string is a valid YAML double-quoted scalar). It reads back with any YAML 1.2 parser as the
// value it was given, and runs in time linear in the output, without building a document tree:
// skill results are rendered on every call, and again each time a result is cut to a token budget.

// NON_STRING matches what the YAML 1.2 core schema reads as null, a boolean or a number (and a
// little more, such as 1_000, which YAML 1.1 reads as a number).
const NON_STRING = /^(?:~|null|true|false|[-+]?\.(?:inf|nan)|[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?|0x[0-9a-f]+|0o[0-7]+)$/i;
// A plain scalar may not start with an indicator or a space (and "---" or "..." would end a document).
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
// Line breaks, tabs and other control characters, and the characters YAML treats as breaks.
const UNSAFE_CHAR = /[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/;
const FLOW_INDICATOR = /[,[\]{}]/;

function plainOk(s: string, flow: boolean): boolean {
  if (s === '' || NON_STRING.test(s) || INDICATOR_START.test(s) || s.endsWith(' ') || UNSAFE_CHAR.test(s)) return false;
  if (s.includes(': ') || s.includes(' #') || s.endsWith(':') || s.startsWith('...')) return false;
  return !(flow && FLOW_INDICATOR.test(s));
}

function scalar(v: unknown, flow: boolean): string {
  switch (typeof v) {
    case 'string':
      return plainOk(v, flow) ? v : JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return String(v);
    default:
      return 'null';
  }
}

const isCollection = (v: unknown): v is object => typeof v === 'object' && v !== null;
const isEmpty = (v: object) => (Array.isArray(v) ? v.length === 0 : Object.values(v).every((x) => x === undefined));

// inline is a value that fits after "key: " or "- ": a scalar, an empty collection, or a list of scalars.
function inline(v: unknown): string | undefined {
  if (!isCollection(v)) return scalar(v, false);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.some(isCollection)) return undefined;
    return `[${v.map((x) => scalar(x, true)).join(', ')}]`;
  }
  return isEmpty(v) ? '{}' : undefined;
}

function block(v: object, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      const one = inline(item);
      if (one !== undefined) out.push(`${indent}- ${one}\n`);
      else if (Array.isArray(item)) {
        out.push(`${indent}-\n`);
        block(item, `${indent}  `, out);
      } else {
        // The item's first key goes on the dash's line.
        const at = out.length;
        block(item as object, `${indent}  `, out);
        out[at] = `${indent}- ${out[at]!.slice(indent.length + 2)}`;
      }
    }
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    const key = scalar(k, false);
    const one = inline(x);
    if (one !== undefined) out.push(`${indent}${key}: ${one}\n`);
    else {
      out.push(`${indent}${key}:\n`);
      // Lists of maps are not indented under their key; maps are.
      block(x as object, Array.isArray(x) ? indent : `${indent}  `, out);
    }
  }
}

export function compactYaml(value: unknown): string {
  const one = inline(value);
  if (one !== undefined) return `${one}\n`;
  const out: string[] = [];
  block(value as object, '', out);
  return out.join('');
}
