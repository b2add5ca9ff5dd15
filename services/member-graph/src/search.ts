import { invalidArgument } from "@springboard/runtime";

const STOPWORDS = new Set(
  "a an and are as at be by for from has have in is it its of on or that the this to was were will with who what which i me my we our you your".split(" "),
);

/** normalize folds a token so that "Engineers" finds "engineer" and "Node.js." finds "node.js". */
function normalize(token: string): string {
  let t = token.replace(/\.+$/, "");
  if (t.length > 4 && t.endsWith("s") && !t.endsWith("ss") && !t.endsWith("us") && !t.endsWith("is")) t = t.slice(0, -1);
  return t;
}

/** tokens splits text into lowercased, folded search terms, stopwords left out. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}+#.]*/gu) ?? []) {
    const t = normalize(raw);
    if (t && !STOPWORDS.has(t)) out.push(t);
  }
  return out;
}

/** Field is some text of a document and how much a match in it counts. */
export type Field = readonly [text: string, weight: number];

/**
 * TextIndex maps terms to the documents that contain them, built once, so a keyword search costs a
 * few map lookups rather than a scan.
 */
export class TextIndex {
  private readonly postings = new Map<string, Map<number, number>>();

  constructor(count: number, fields: (doc: number) => Field[]) {
    for (let doc = 0; doc < count; doc++) {
      for (const [text, weight] of fields(doc)) {
        for (const term of new Set(tokens(text))) {
          let docs = this.postings.get(term);
          if (!docs) this.postings.set(term, (docs = new Map()));
          docs.set(doc, Math.max(docs.get(doc) ?? 0, weight));
        }
      }
    }
  }

  /**
   * search scores documents by how many of the query's terms they contain, then by the weight of
   * the fields those terms are in. A document must contain at least minShare of the terms (half by
   * default; 0 keeps any overlap). Returns undefined when the query has no searchable terms, which
   * means "no keyword filter".
   */
  search(query: string, minShare = 0.5): Map<number, number> | undefined {
    const terms = [...new Set(tokens(query))];
    if (terms.length === 0) return undefined;
    const matched = new Map<number, number>();
    const weights = new Map<number, number>();
    for (const term of terms) {
      for (const [doc, weight] of this.postings.get(term) ?? []) {
        matched.set(doc, (matched.get(doc) ?? 0) + 1);
        weights.set(doc, (weights.get(doc) ?? 0) + weight);
      }
    }
    const needed = Math.max(1, Math.ceil(terms.length * minShare));
    const scores = new Map<number, number>();
    for (const [doc, n] of matched) if (n >= needed) scores.set(doc, n * 1000 + weights.get(doc)!);
    return scores;
  }
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

export interface Page {
  offset: number;
  size: number;
}

/** readPage checks page_size and decodes page_token, an opaque cursor over a result list. */
export function readPage(pageSize: number, pageToken: string): Page {
  if (pageSize > MAX_PAGE_SIZE) throw invalidArgument(`page_size is ${pageSize}; send 1 to ${MAX_PAGE_SIZE}, or 0 for ${DEFAULT_PAGE_SIZE}`);
  return { offset: decodeToken(pageToken), size: pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize };
}

const TOKEN_PREFIX = "mg1:";

export function encodeToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString("base64url");
}

function decodeToken(token: string): number {
  if (token === "") return 0;
  const garbled = () => invalidArgument("page_token is not one this service issued; send the next_page_token of the previous page, or nothing to start over");
  if (token.length > 64 || !/^[A-Za-z0-9_-]+$/.test(token)) throw garbled();
  const text = Buffer.from(token, "base64url").toString("utf8");
  const m = /^mg1:(\d{1,9})$/.exec(text);
  if (!m || encodeToken(Number(m[1])) !== token) throw garbled();
  return Number(m[1]);
}

/** paginate cuts one page out of the full, ordered result list. */
export function paginate<T>(all: readonly T[], page: Page): { items: T[]; nextPageToken: string; total: number } {
  const items = all.slice(page.offset, page.offset + page.size);
  const next = page.offset + page.size;
  return { items, nextPageToken: next < all.length ? encodeToken(next) : "", total: all.length };
}
