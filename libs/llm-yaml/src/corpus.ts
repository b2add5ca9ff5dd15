import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// CorpusCase is one realistic model answer with what a careful reader says it meant.
export interface CorpusCase {
  id: string;
  category: string;
  input: string;
  expected?: unknown;
  error?: boolean;
}

export const CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

export function loadCorpus(dir: string = CORPUS_DIR): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      const c = JSON.parse(l) as CorpusCase;
      out.push({ ...c, id: c.id ?? `${f}:${i + 1}` });
    });
  }
  return out;
}
