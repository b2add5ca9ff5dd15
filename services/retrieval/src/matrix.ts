import { createDotKernel, STRIDE_FLOATS, type DotKernel } from "./kernel.js";

/** RowFilter keeps rows whose tags match every tag filter and whose numbers lie in every range. */
export interface RowFilter {
  tags: { field: string; anyOf: ReadonlySet<string> }[];
  ranges: { field: string; min: number; max: number }[];
}

export interface ScoredId {
  id: string;
  score: number;
}

const EMPTY_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const EMPTY_NUMBERS: Readonly<Record<string, number>> = Object.freeze({});
const PAGE = 65_536;

/**
 * VectorMatrix holds L2-normalised vectors in one block of WebAssembly memory, one zero-padded row
 * per document, with an id ↔ row map and a free list, and answers exact cosine top-k queries.
 */
export class VectorMatrix {
  readonly dimension: number;
  private readonly strideFloats: number;
  private readonly strideBytes: number;
  private readonly kernel: DotKernel;
  private capacity = 0;
  private high = 0;
  private f32 = new Float32Array(0);
  private i32 = new Int32Array(0);
  private live = new Uint8Array(0);
  private queryOffset = 0;
  private outOffset = 0;
  private listOffset = 0;
  private readonly ids: (string | undefined)[] = [];
  private readonly tags: Readonly<Record<string, string>>[] = [];
  private readonly numbers: Readonly<Record<string, number>>[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];

  constructor(dimension: number) {
    if (!Number.isInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
    this.dimension = dimension;
    this.strideFloats = Math.ceil(dimension / STRIDE_FLOATS) * STRIDE_FLOATS;
    this.strideBytes = this.strideFloats * 4;
    this.kernel = createDotKernel();
    this.grow(1024);
  }

  get size(): number {
    return this.rowOf.size;
  }

  has(id: string): boolean {
    return this.rowOf.has(id);
  }

  tagsOf(id: string): Readonly<Record<string, string>> | undefined {
    const row = this.rowOf.get(id);
    return row === undefined ? undefined : this.tags[row];
  }

  /** set stores or replaces a document's vector (normalised here) and its filter fields. */
  set(id: string, vector: ArrayLike<number>, tags: Record<string, string> = {}, numbers: Record<string, number> = {}): void {
    if (vector.length !== this.dimension) {
      throw new RangeError(`vector of "${id}" has ${vector.length} dimensions; the index has ${this.dimension}`);
    }
    let row = this.rowOf.get(id);
    if (row === undefined) {
      row = this.free.pop();
      if (row === undefined) {
        if (this.high === this.capacity) this.grow(this.capacity * 2);
        row = this.high++;
      }
      this.rowOf.set(id, row);
    }
    this.writeNormalised(row * this.strideFloats, vector);
    this.ids[row] = id;
    this.tags[row] = Object.keys(tags).length === 0 ? EMPTY_TAGS : tags;
    this.numbers[row] = Object.keys(numbers).length === 0 ? EMPTY_NUMBERS : numbers;
    this.live[row] = 1;
  }

  delete(id: string): boolean {
    const row = this.rowOf.get(id);
    if (row === undefined) return false;
    this.rowOf.delete(id);
    this.live[row] = 0;
    this.ids[row] = undefined;
    this.tags[row] = EMPTY_TAGS;
    this.numbers[row] = EMPTY_NUMBERS;
    this.f32.fill(0, row * this.strideFloats, (row + 1) * this.strideFloats);
    this.free.push(row);
    return true;
  }

  clear(): void {
    this.f32.fill(0, 0, this.high * this.strideFloats);
    this.live.fill(0);
    this.rowOf.clear();
    this.free.length = 0;
    this.ids.length = 0;
    this.tags.length = 0;
    this.numbers.length = 0;
    this.high = 0;
  }

  /**
   * search returns up to k ids by descending cosine similarity to the query, at least minScore,
   * among the rows that pass the filter. A zero query vector has no direction and finds nothing.
   */
  search(query: ArrayLike<number>, k: number, minScore = -1, filter?: RowFilter): ScoredId[] {
    if (query.length !== this.dimension) {
      throw new RangeError(`query vector has ${query.length} dimensions; the index has ${this.dimension}`);
    }
    if (k < 1 || this.rowOf.size === 0) return [];
    if (!this.writeNormalised(this.queryOffset >> 2, query)) return [];
    const out = this.f32;
    const outBase = this.outOffset >> 2;
    const heap = new TopK(k);
    const filtered = filter !== undefined && (filter.tags.length > 0 || filter.ranges.length > 0);
    if (!filtered) {
      const rows = this.high;
      this.kernel.scanAll(this.queryOffset, 0, rows, this.strideBytes, this.outOffset);
      const live = this.live;
      for (let r = 0; r < rows; r++) {
        if (live[r] === 0) continue;
        const s = out[outBase + r]!;
        if (s >= minScore) heap.offer(s, r);
      }
    } else {
      const list = this.i32;
      const listBase = this.listOffset >> 2;
      let n = 0;
      for (let r = 0; r < this.high; r++) if (this.live[r] === 1 && this.passes(r, filter)) list[listBase + n++] = r;
      if (n === 0) return [];
      this.kernel.scanList(this.queryOffset, 0, this.listOffset, n, this.strideBytes, this.outOffset);
      for (let i = 0; i < n; i++) {
        const s = out[outBase + i]!;
        if (s >= minScore) heap.offer(s, list[listBase + i]!);
      }
    }
    return heap.sorted().map(([score, row]) => ({ id: this.ids[row]!, score: Math.max(-1, Math.min(1, score)) }));
  }

  private passes(row: number, filter: RowFilter): boolean {
    const tags = this.tags[row]!;
    for (const t of filter.tags) {
      const v = tags[t.field];
      if (v === undefined || !t.anyOf.has(v)) return false;
    }
    const numbers = this.numbers[row]!;
    for (const r of filter.ranges) {
      const x = numbers[r.field];
      if (x === undefined || x < r.min || x > r.max) return false;
    }
    return true;
  }

  /** writeNormalised copies v / |v| to f32[at..], zero-padded; false when v is all zeros. */
  private writeNormalised(at: number, v: ArrayLike<number>): boolean {
    const d = this.dimension;
    let norm = 0;
    for (let i = 0; i < d; i++) norm += v[i]! * v[i]!;
    const f32 = this.f32;
    if (norm === 0) {
      f32.fill(0, at, at + this.strideFloats);
      return false;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < d; i++) f32[at + i] = v[i]! * inv;
    f32.fill(0, at + d, at + this.strideFloats);
    return true;
  }

  private grow(capacity: number): void {
    const matrixBytes = capacity * this.strideBytes;
    const needed = matrixBytes + this.strideBytes + capacity * 8;
    const memory = this.kernel.memory;
    const have = memory.buffer.byteLength;
    if (needed > have) {
      try {
        memory.grow(Math.ceil((needed - have) / PAGE));
      } catch {
        throw new RangeError(
          `cannot hold ${capacity} vectors of dimension ${this.dimension} in process memory (${Math.round(needed / 2 ** 20)} MiB); use a smaller index or the query engine`,
        );
      }
    }
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    // The new rows overlap the old query, score and list areas: clear them.
    this.f32.fill(0, (this.capacity * this.strideBytes) >> 2, matrixBytes >> 2);
    const live = new Uint8Array(capacity);
    live.set(this.live);
    this.live = live;
    this.capacity = capacity;
    this.queryOffset = matrixBytes;
    this.outOffset = matrixBytes + this.strideBytes;
    this.listOffset = this.outOffset + capacity * 4;
  }
}

/** TopK keeps the k highest scores seen, in a binary min-heap over two typed arrays. */
class TopK {
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  offer(score: number, row: number): void {
    const { scores, rows } = this;
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (scores[parent]! <= score) break;
        scores[i] = scores[parent]!;
        rows[i] = rows[parent]!;
        i = parent;
      }
      scores[i] = score;
      rows[i] = row;
      return;
    }
    if (score <= scores[0]!) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.n) break;
      const r = l + 1;
      const c = r < this.n && scores[r]! < scores[l]! ? r : l;
      if (scores[c]! >= score) break;
      scores[i] = scores[c]!;
      rows[i] = rows[c]!;
      i = c;
    }
    scores[i] = score;
    rows[i] = row;
  }

  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.n; i++) out.push([this.scores[i]!, this.rows[i]!]);
    return out.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  }
}
