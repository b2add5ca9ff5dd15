import { planSchema, SAMPLE_SKILLS } from '../src/index.js';

export const PLAN = planSchema(SAMPLE_SKILLS);

// seeded is a small deterministic random generator for chunkings.
export function seeded(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function chunk(text: string, rnd: () => number, max = 12): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = 1 + Math.floor(rnd() * max);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}
