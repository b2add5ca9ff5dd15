import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';

// SNode is a parsed YAML value that keeps the source text of every scalar, so the schema, not
// YAML's guesses, decides what a scalar means.
export type SNode = SMap | SSeq | SScalar;

export interface SEntry {
  key: string;
  value: SNode;
  line?: number;
}

export interface SMap {
  k: 'map';
  entries: SEntry[];
  line?: number;
  incomplete?: boolean;
}

export interface SSeq {
  k: 'seq';
  items: SNode[];
  line?: number;
  incomplete?: boolean;
  // open: the document ended while this list was still being written.
  open?: boolean;
}

export type ScalarStyle = 'plain' | 'quoted' | 'block';

export interface SScalar {
  k: 'scalar';
  text: string;
  style: ScalarStyle;
  line?: number;
  incomplete?: boolean;
}

export const scalar = (text: string, style: ScalarStyle = 'plain', line?: number): SScalar => ({
  k: 'scalar',
  text,
  style,
  ...(line !== undefined ? { line } : {}),
});

export const emptyScalar = (line?: number): SScalar => scalar('', 'plain', line);

export function isEmptyScalar(n: SNode): boolean {
  return n.k === 'scalar' && n.style === 'plain' && n.text === '';
}

const NULLS = /^(?:~|null|Null|NULL)?$/;
const BOOL_TRUE = /^(?:true|True|TRUE)$/;
const BOOL_FALSE = /^(?:false|False|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

// resolvePlain types a plain scalar the way the YAML 1.2 core schema does.
export function resolvePlain(text: string): unknown {
  if (NULLS.test(text)) return null;
  if (BOOL_TRUE.test(text)) return true;
  if (BOOL_FALSE.test(text)) return false;
  if (INT.test(text)) return Number(text);
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT.test(text)) return Number(text);
  if (INF.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (NAN.test(text)) return NaN;
  return text;
}

export function naturalValue(s: SScalar): unknown {
  return s.style === 'plain' ? resolvePlain(s.text) : s.text;
}

// fromYamlDocument turns a cleanly parsed yaml Document into an SNode tree.
export function fromYamlDocument(doc: Document): SNode {
  return fromYamlNode(doc.contents as Node | null, doc);
}

function fromYamlNode(node: Node | null | undefined, doc: Document): SNode {
  if (node == null) return emptyScalar();
  if (isAlias(node)) return fromYamlNode(node.resolve(doc) as Node | undefined, doc);
  if (isScalar(node)) {
    const s = node as Scalar;
    const text = s.source ?? (s.value == null ? '' : String(s.value));
    const style: ScalarStyle =
      s.type === Scalar.QUOTE_DOUBLE || s.type === Scalar.QUOTE_SINGLE
        ? 'quoted'
        : s.type === Scalar.BLOCK_FOLDED || s.type === Scalar.BLOCK_LITERAL
          ? 'block'
          : s.tag === 'tag:yaml.org,2002:str'
            ? 'quoted'
            : 'plain';
    return scalar(text, style);
  }
  if (isSeq(node)) return { k: 'seq', items: node.items.map((i) => fromYamlNode(i as Node, doc)) };
  if (isMap(node)) {
    const entries: SEntry[] = [];
    for (const p of node.items) {
      if (!isPair(p)) continue;
      const key = p.key as Node | null;
      const keyText = key == null ? '' : isScalar(key) ? String(key.source ?? key.value ?? '') : JSON.stringify(key.toJSON());
      entries.push({ key: keyText, value: fromYamlNode(p.value as Node | null, doc) });
    }
    return { k: 'map', entries };
  }
  return emptyScalar();
}
