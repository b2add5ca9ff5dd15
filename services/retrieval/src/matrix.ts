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

/**
 * Scans of at least this many rows read an 8-bit copy of the rows first (a quarter of the memory
 * traffic, which is what bounds a scan) and score exactly only the rows that can still be in the
 * top k; smaller scans score every row exactly at once.
 */
const QUANTISED_FROM = 2_048;
/**
 * A listed scan of more than this share of the rows reads every row instead: reading rows
 * sparsely costs per row several times what reading them in order does.
 */
const DENSE_SHARE = 1 / 6;
/** A restored matrix makes its 8-bit copy this many rows at a time, between events (about 2 ms). */
const QUANTISE_ROWS = 1_024;

const EMPTY_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const EMPTY_NUMBERS: Readonly<Record<string, number>> = Object.freeze({});
const PAGE = 65_536;

/** MatrixSnapshot is a matrix's content, rows in place, as saved to disk and restored. */
export interface MatrixSnapshot {
  dimension: number;
  /** ids holds each row's document id, null for a free row. */
  ids: (string | null)[];
  tags: Readonly<Record<string, string>>[];
  numbers: Readonly<Record<string, number>>[];
  /**
   * vectors reads rows [from, to) as `dimension` normalised components each, back to back, into
   * `into` when given and large enough. Read from a live matrix, a row changed since the snapshot
   * was taken reads its new value.
   */
  vectors(from: number, to: number, into?: Float32Array): Float32Array;
}

/**
 * VectorMatrix holds L2-normalised vectors in one block of WebAssembly memory, one zero-padded row
 * per document, with an id ↔ row map, a free list and an inverted index of tag values, and answers
 * exact cosine top-k queries over every row, a filtered subset, or a given list of rows. A row keeps
 * its number while its document lives, so the in-process HNSW index uses rows as labels.
 *
 * Each row also has an 8-bit copy, scaled to its largest component, with which large scans rank
 * rows first. The error of a quantised score is bounded (see quantisedScan), so a row is dropped
 * only when even its best possible score is below the k-th best worst possible score: answers are
 * the same as scoring every row exactly.
 */
export class VectorMatrix {
  readonly dimension: number;
  private readonly strideFloats: number;
  private readonly strideBytes: number;
  /** stride8 is the distance between two 8-bit rows, in bytes. */
  private readonly stride8: number;
  private readonly kernel: DotKernel;
  private capacity = 0;
  private high = 0;
  private f32 = new Float32Array(0);
  private i32 = new Int32Array(0);
  private i8 = new Int8Array(0);
  /** rows8Offset is where the 8-bit rows start; query8Offset holds the 8-bit query. */
  private rows8Offset = 0;
  private query8Offset = 0;
  /** unscale8[row] turns the row's 8-bit components back into its normalised ones (0 for a zero row). */
  private unscale8 = new Float64Array(0);
  /** l1Of8[row] is the sum of the absolute values of the row's 8-bit components. */
  private l1Of8 = new Float64Array(0);
  private queryUnscale8 = 0;
  private queryL1Of8 = 0;
  /**
   * unquantisedFrom is, after a restore, the first row whose 8-bit copy is not made yet (they are
   * made in the background, so that a restart serves sooner); undefined once every row has one.
   * Until then scans score every row in float32.
   */
  private unquantisedFrom: number | undefined;
  private quantising: Promise<void> | undefined;
  /** epoch changes with every clear and restore: background work of an earlier one stops. */
  private epoch = 0;
  private live = new Uint8Array(0);
  private zero = new Uint8Array(0);
  /**
   * versions[row] changes with every change of the row's document, to a number no row has had
   * before: what was read about a document at one version is still true while it keeps it.
   */
  private versions = new Float64Array(0);
  private lastVersion = 0;
  /** seen[row] === stamp marks a row already listed by the current searchRows call. */
  private seen = new Uint32Array(0);
  private stamp = 0;
  private queryOffset = 0;
  private outOffset = 0;
  private listOffset = 0;
  private readonly ids: (string | undefined)[] = [];
  private readonly tags: Readonly<Record<string, string>>[] = [];
  private readonly numbers: Readonly<Record<string, number>>[] = [];
  private readonly rows = new Map<string, number>();
  private readonly free: number[] = [];
  /** tagIndex maps a tag name, then a value, to the rows carrying it. */
  private readonly tagIndex = new Map<string, Map<string, Set<number>>>();

  constructor(dimension: number) {
    if (!Number.isInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
    this.dimension = dimension;
    this.strideFloats = Math.ceil(dimension / STRIDE_FLOATS) * STRIDE_FLOATS;
    this.strideBytes = this.strideFloats * 4;
    this.stride8 = Math.ceil(dimension / 64) * 64;
    this.kernel = createDotKernel();
    this.grow(1024);
  }

  get size(): number {
    return this.rows.size;
  }

  /** rowCount bounds the row numbers in use: every live row is below it. */
  get rowCount(): number {
    return this.high;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  rowOf(id: string): number | undefined {
    return this.rows.get(id);
  }

  idAt(row: number): string | undefined {
    return this.ids[row];
  }

  isLive(row: number): boolean {
    return this.live[row] === 1;
  }

  /** hasDirection is false for a row whose vector is all zeros: it has no nearest neighbours. */
  hasDirection(row: number): boolean {
    return this.live[row] === 1 && this.zero[row] === 0;
  }

  /** versionOf answers the version of a document's row (see versions), undefined when absent. */
  versionOf(id: string): number | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.versions[row];
  }

  tagsOf(id: string): Readonly<Record<string, string>> | undefined {
    const row = this.rows.get(id);
    return row === undefined ? undefined : this.tags[row];
  }

  /** set stores or replaces a document's vector (normalised here) and its filter fields, and returns its row. */
  set(id: string, vector: ArrayLike<number>, tags: Record<string, string> = {}, numbers: Record<string, number> = {}): number {
    if (vector.length !== this.dimension) {
      throw new RangeError(`vector of "${id}" has ${vector.length} dimensions; the index has ${this.dimension}`);
    }
    let row = this.rows.get(id);
    if (row === undefined) {
      row = this.free.pop();
      if (row === undefined) {
        if (this.high === this.capacity) this.grow(this.capacity * 2);
        row = this.high++;
      }
      this.rows.set(id, row);
    } else {
      this.unindexTags(row);
    }
    this.zero[row] = this.writeNormalised(row * this.strideFloats, vector) ? 0 : 1;
    this.quantiseRow(row);
    this.versions[row] = ++this.lastVersion;
    this.ids[row] = id;
    this.tags[row] = Object.keys(tags).length === 0 ? EMPTY_TAGS : tags;
    this.numbers[row] = Object.keys(numbers).length === 0 ? EMPTY_NUMBERS : numbers;
    this.live[row] = 1;
    this.indexTags(row);
    return row;
  }

  delete(id: string): boolean {
    const row = this.rows.get(id);
    if (row === undefined) return false;
    this.unindexTags(row);
    this.rows.delete(id);
    this.live[row] = 0;
    this.zero[row] = 0;
    this.ids[row] = undefined;
    this.tags[row] = EMPTY_TAGS;
    this.numbers[row] = EMPTY_NUMBERS;
    this.f32.fill(0, row * this.strideFloats, (row + 1) * this.strideFloats);
    this.quantiseRow(row);
    this.versions[row] = ++this.lastVersion;
    this.free.push(row);
    return true;
  }

  clear(): void {
    this.epoch++;
    this.unquantisedFrom = undefined;
    this.quantising = undefined;
    this.f32.fill(0, 0, this.high * this.strideFloats);
    this.i8.fill(0, this.rows8Offset, this.rows8Offset + this.high * this.stride8);
    this.unscale8.fill(0);
    this.l1Of8.fill(0);
    this.live.fill(0);
    this.zero.fill(0);
    this.rows.clear();
    this.free.length = 0;
    this.ids.length = 0;
    this.tags.length = 0;
    this.numbers.length = 0;
    this.tagIndex.clear();
    this.high = 0;
  }

  /**
   * search returns up to k ids by descending cosine similarity to the query, at least minScore,
   * among the rows that pass the filter. A zero query vector has no direction and finds nothing.
   */
  search(query: ArrayLike<number>, k: number, minScore = -1, filter?: RowFilter): ScoredId[] {
    if (!this.prepareQuery(query, k)) return [];
    const heap = new TopK(k);
    if (!isFiltering(filter)) {
      if (this.rows.size >= QUANTISED_FROM && this.unquantisedFrom === undefined) {
        this.quantisedScan(undefined, heap, minScore);
        return this.ranked(heap);
      }
      const rows = this.high;
      this.kernel.scanAll(this.queryOffset, 0, rows, this.strideBytes, this.outOffset);
      const out = this.f32;
      const outBase = this.outOffset >> 2;
      const live = this.live;
      for (let r = 0; r < rows; r++) {
        if (live[r] === 0) continue;
        const s = out[outBase + r]!;
        if (s >= minScore) heap.offer(s, r);
      }
    } else {
      this.scanListed(this.candidates(filter), heap, minScore);
    }
    return this.ranked(heap);
  }

  /**
   * quantisedScan fills heap with the exact top rows among every live row (listed undefined) or
   * the first `listed` rows of the list area, ranking them by their 8-bit scores first.
   *
   * With x and q normalised, x8 = round(x · s) and q8 = round(q · t), each component is off by at
   * most 1/2s (or 1/2t), and expanding x · q gives
   *   |x · q − (x8 · q8) / st| ≤ (|q8|₁ / 2 + |x8|₁ / 2 + dimension / 4) / st,
   * so a row can be in the top k only if its 8-bit score plus that bound reaches the k-th highest
   * 8-bit score minus its bound. Those rows are scored exactly.
   */
  private quantisedScan(listed: number | undefined, heap: TopK, minScore: number): void {
    const rows8 = this.rows8Offset;
    const out = this.i32;
    const outBase = this.outOffset >> 2;
    const list = this.i32;
    const listBase = this.listOffset >> 2;
    const live = this.live;
    // A dense list is marked instead, and every row read in order.
    let marks: Uint32Array | undefined;
    let stamp = 0;
    let count: number;
    if (listed === undefined) {
      count = this.high;
      this.kernel.scanAllI8(this.query8Offset, rows8, count, this.stride8, this.outOffset);
    } else if (listed > this.rows.size * DENSE_SHARE) {
      marks = this.seen;
      stamp = this.nextStamp();
      for (let i = 0; i < listed; i++) marks[list[listBase + i]!] = stamp;
      count = this.high;
      this.kernel.scanAllI8(this.query8Offset, rows8, count, this.stride8, this.outOffset);
    } else {
      count = listed;
      this.kernel.scanListI8(this.query8Offset, rows8, this.listOffset, count, this.stride8, this.outOffset);
    }
    const byList = listed !== undefined && marks === undefined;
    const unscale = this.unscale8;
    const l1 = this.l1Of8;
    const qUnscale = this.queryUnscale8;
    const qSlack = this.queryL1Of8 / 2 + this.dimension / 4;
    // One pass keeps the k highest lower bounds and lists (in place: never ahead of the reading)
    // every row whose upper bound reaches the k-th of them so far; the k-th only rises, so the
    // list holds every row that can make it, and a few that the final bound rules out.
    // The f32 scores themselves are rounded: the bounds leave them a little room (1e-5).
    const floor = new TopK(heap.capacity);
    const least = minScore - 1e-5;
    let threshold = least;
    let listedRows = 0;
    for (let i = 0; i < count; i++) {
      const r = byList ? list[listBase + i]! : i;
      if (live[r] !== 1 || (marks !== undefined && marks[r] !== stamp)) continue;
      const u = unscale[r]! * qUnscale;
      const dot = out[outBase + i]!;
      const slack = qSlack + l1[r]! / 2;
      if ((dot + slack) * u < threshold) continue;
      out[outBase + listedRows] = dot;
      list[listBase + listedRows++] = r;
      if (floor.offer((dot - slack) * u, r) && floor.full) threshold = Math.max(least, floor.lowest - 1e-5);
    }
    let n = 0;
    for (let j = 0; j < listedRows; j++) {
      const r = list[listBase + j]!;
      if ((out[outBase + j]! + qSlack + l1[r]! / 2) * unscale[r]! * qUnscale >= threshold) list[listBase + n++] = r;
    }
    this.scoreListed(n, heap, minScore);
  }

  /**
   * searchRows is search over the listed rows only (free rows and rows failing the filter are
   * skipped, each row counted once).
   */
  searchRows(query: ArrayLike<number>, rows: Iterable<number>, k: number, minScore = -1, filter?: RowFilter): ScoredId[] {
    if (!this.prepareQuery(query, k)) return [];
    const list = this.i32;
    const base = this.listOffset >> 2;
    const filtering = isFiltering(filter);
    const seen = this.seen;
    const stamp = this.nextStamp();
    let n = 0;
    for (const r of rows) {
      if (this.live[r] !== 1 || seen[r] === stamp || (filtering && !this.matches(r, filter!))) continue;
      seen[r] = stamp;
      list[base + n++] = r;
    }
    const heap = new TopK(k);
    this.scanListed(n, heap, minScore);
    return this.ranked(heap);
  }

  /** matches tells whether a live row passes every tag filter and every range of the filter. */
  matches(row: number, filter: RowFilter): boolean {
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

  /**
   * estimate guesses how many rows pass the filter: the tag index bounds it, and an evenly spaced
   * sample of rows measures the share of those that pass the whole filter.
   */
  estimate(filter: RowFilter, sample = 256): number {
    if (!isFiltering(filter) || this.rows.size === 0) return this.rows.size;
    const bound = Math.min(this.rows.size, this.tagBound(filter));
    if (bound === 0) return 0;
    const step = Math.max(1, Math.floor(this.high / sample));
    let seen = 0;
    let passed = 0;
    for (let r = 0; r < this.high; r += step) {
      if (this.live[r] !== 1) continue;
      seen++;
      if (this.matches(r, filter)) passed++;
    }
    const share = seen === 0 ? 1 : passed / seen;
    // A sample that finds nothing still leaves room for a few matches.
    return Math.min(bound, Math.max(passed === 0 ? bound * 0.01 : 0, share * this.rows.size));
  }

  /** candidates counts the live rows passing the filter into the list area, reading the tag index when it narrows the search. */
  private candidates(filter: RowFilter): number {
    const list = this.i32;
    const base = this.listOffset >> 2;
    let n = 0;
    const narrow = this.narrowestTag(filter);
    if (narrow) {
      // A row has one value per tag, so the sets of the values are disjoint; a lone tag filter needs no other check.
      const alone = filter.tags.length === 1 && filter.ranges.length === 0;
      for (const value of narrow) {
        for (const r of value) if (this.live[r] === 1 && (alone || this.matches(r, filter))) list[base + n++] = r;
      }
      return n;
    }
    for (let r = 0; r < this.high; r++) if (this.live[r] === 1 && this.matches(r, filter)) list[base + n++] = r;
    return n;
  }

  /** narrowestTag is the row sets of the tag filter that keeps the fewest rows, or undefined without tag filters. */
  private narrowestTag(filter: RowFilter): Set<number>[] | undefined {
    let best: Set<number>[] | undefined;
    let bestSize = Infinity;
    for (const t of filter.tags) {
      const values = this.tagIndex.get(t.field);
      const sets: Set<number>[] = [];
      let size = 0;
      for (const v of t.anyOf) {
        const set = values?.get(v);
        if (set) {
          sets.push(set);
          size += set.size;
        }
      }
      if (size < bestSize) {
        best = sets;
        bestSize = size;
      }
    }
    return best;
  }

  private tagBound(filter: RowFilter): number {
    const narrow = this.narrowestTag(filter);
    return narrow ? narrow.reduce((a, s) => a + s.size, 0) : this.rows.size;
  }

  private nextStamp(): number {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private scanListed(n: number, heap: TopK, minScore: number): void {
    if (n === 0) return;
    if (n >= QUANTISED_FROM && this.unquantisedFrom === undefined) this.quantisedScan(n, heap, minScore);
    else this.scoreListed(n, heap, minScore);
  }

  /** scoreListed scores the first n rows of the list area exactly. */
  private scoreListed(n: number, heap: TopK, minScore: number): void {
    if (n === 0) return;
    this.kernel.scanList(this.queryOffset, 0, this.listOffset, n, this.strideBytes, this.outOffset);
    const out = this.f32;
    const outBase = this.outOffset >> 2;
    const list = this.i32;
    const listBase = this.listOffset >> 2;
    for (let i = 0; i < n; i++) {
      const s = out[outBase + i]!;
      if (s >= minScore) heap.offer(s, list[listBase + i]!);
    }
  }

  private prepareQuery(query: ArrayLike<number>, k: number): boolean {
    if (query.length !== this.dimension) {
      throw new RangeError(`query vector has ${query.length} dimensions; the index has ${this.dimension}`);
    }
    if (k < 1 || this.rows.size === 0) return false;
    if (!this.writeNormalised(this.queryOffset >> 2, query)) return false;
    const [unscale, l1] = this.quantise(this.queryOffset >> 2, this.query8Offset);
    this.queryUnscale8 = unscale;
    this.queryL1Of8 = l1;
    return true;
  }

  /** quantiseRow writes the 8-bit copy of a row from its normalised vector. */
  private quantiseRow(row: number): void {
    const [unscale, l1] = this.quantise(row * this.strideFloats, this.rows8Offset + row * this.stride8);
    this.unscale8[row] = unscale;
    this.l1Of8[row] = l1;
  }

  /**
   * quantise writes round(v · 127 / max|v|) of the normalised vector at f32[from] to i8[to], and
   * answers the factor back (max|v| / 127, 0 for a zero vector) and the 8-bit vector's L1 norm.
   */
  private quantise(from: number, to: number): [number, number] {
    const d = this.dimension;
    const f32 = this.f32;
    const i8 = this.i8;
    let max = 0;
    for (let i = from; i < from + d; i++) {
      const x = f32[i]!;
      if (x > max) max = x;
      else if (-x > max) max = -x;
    }
    if (max === 0) {
      i8.fill(0, to, to + this.stride8);
      return [0, 0];
    }
    const scale = 127 / max;
    let l1 = 0;
    for (let i = 0; i < d; i++) {
      // Rounds half away from zero: off by at most half a step either way, as the bound assumes.
      const x = f32[from + i]! * scale;
      const q = x >= 0 ? (x + 0.5) | 0 : -((0.5 - x) | 0);
      i8[to + i] = q;
      l1 += q >= 0 ? q : -q;
    }
    i8.fill(0, to + d, to + this.stride8);
    return [max / 127, l1];
  }

  private ranked(heap: TopK): ScoredId[] {
    return heap.sorted().map(([score, row]) => ({ id: this.ids[row]!, score: Math.max(-1, Math.min(1, score)) }));
  }

  private indexTags(row: number): void {
    for (const [field, value] of Object.entries(this.tags[row]!)) {
      let values = this.tagIndex.get(field);
      if (!values) this.tagIndex.set(field, (values = new Map()));
      let set = values.get(value);
      if (!set) values.set(value, (set = new Set()));
      set.add(row);
    }
  }

  private unindexTags(row: number): void {
    for (const [field, value] of Object.entries(this.tags[row] ?? EMPTY_TAGS)) {
      const values = this.tagIndex.get(field);
      const set = values?.get(value);
      if (!set) continue;
      set.delete(row);
      if (set.size === 0) values!.delete(value);
    }
  }

  /** copyVectors writes the normalised vectors of the rows, back to back, into a new array. */
  copyVectors(rows: ArrayLike<number>): Float32Array {
    const d = this.dimension;
    const out = new Float32Array(rows.length * d);
    for (let i = 0; i < rows.length; i++) {
      const at = rows[i]! * this.strideFloats;
      out.set(this.f32.subarray(at, at + d), i * d);
    }
    return out;
  }

  /**
   * snapshot takes the rows' ids, tags and numbers as they are now, and reads their vectors when
   * asked: copying every vector at once would stall the event loop for tens of milliseconds.
   */
  snapshot(): MatrixSnapshot {
    const n = this.high;
    const ids: (string | null)[] = new Array(n);
    for (let r = 0; r < n; r++) ids[r] = this.live[r] === 1 ? this.ids[r]! : null;
    return {
      dimension: this.dimension,
      ids,
      tags: this.tags.slice(0, n),
      numbers: this.numbers.slice(0, n),
      vectors: (from, to, into) => this.readRows(from, Math.min(to, n), into),
    };
  }

  /** readRows copies rows [from, to) without their padding, into `into` when it is large enough. */
  private readRows(from: number, to: number, into?: Float32Array): Float32Array {
    const d = this.dimension;
    const count = Math.max(0, to - from);
    const out = into && into.length >= count * d ? into.subarray(0, count * d) : new Float32Array(count * d);
    if (this.strideFloats === d) {
      out.set(this.f32.subarray(from * d, to * d));
      return out;
    }
    for (let r = from; r < to; r++) out.set(this.f32.subarray(r * this.strideFloats, r * this.strideFloats + d), (r - from) * d);
    return out;
  }

  /** restore replaces the matrix's content with a snapshot, each document in the row it had. */
  restore(snap: MatrixSnapshot): void {
    if (snap.dimension !== this.dimension) throw new RangeError(`snapshot has dimension ${snap.dimension}; the index has ${this.dimension}`);
    const n = snap.ids.length;
    const vectors = snap.vectors(0, n);
    if (vectors.length !== n * this.dimension) throw new RangeError(`snapshot holds ${vectors.length} floats for ${n} rows of ${this.dimension}`);
    this.clear();
    let capacity = this.capacity;
    while (capacity < n) capacity *= 2;
    if (capacity > this.capacity) this.grow(capacity);
    const d = this.dimension;
    for (let r = 0; r < n; r++) {
      const id = snap.ids[r];
      if (id === null || id === undefined || this.rows.has(id)) {
        this.free.push(r);
        this.tags[r] = EMPTY_TAGS;
        this.numbers[r] = EMPTY_NUMBERS;
        continue;
      }
      const src = vectors.subarray(r * d, (r + 1) * d);
      this.f32.set(src, r * this.strideFloats);
      let norm = 0;
      for (let i = 0; i < d; i++) norm += src[i]! * src[i]!;
      this.zero[r] = norm === 0 ? 1 : 0;
      this.versions[r] = ++this.lastVersion;
      this.rows.set(id, r);
      this.ids[r] = id;
      this.tags[r] = snap.tags[r] ?? EMPTY_TAGS;
      this.numbers[r] = snap.numbers[r] ?? EMPTY_NUMBERS;
      this.live[r] = 1;
      this.indexTags(r);
    }
    this.free.reverse();
    this.high = n;
    this.quantiseInBackground();
  }

  /** whenQuantised resolves once every row has its 8-bit copy (at once, but after a restore). */
  whenQuantised(): Promise<void> {
    return this.quantising ?? Promise.resolve();
  }

  /**
   * quantiseInBackground makes the 8-bit copy of every live row, QUANTISE_ROWS at a time between
   * events. Rows set or deleted meanwhile have theirs made at once; making it again is harmless.
   */
  private quantiseInBackground(): void {
    const epoch = ++this.epoch;
    this.unquantisedFrom = 0;
    this.quantising = new Promise((resolve) => {
      const step = () => {
        if (epoch !== this.epoch || this.unquantisedFrom === undefined) return resolve();
        const from = this.unquantisedFrom;
        const to = Math.min(this.high, from + QUANTISE_ROWS);
        for (let r = from; r < to; r++) if (this.live[r] === 1) this.quantiseRow(r);
        if (to < this.high) {
          this.unquantisedFrom = to;
          setImmediate(step);
          return;
        }
        this.unquantisedFrom = undefined;
        this.quantising = undefined;
        resolve();
      };
      setImmediate(step);
    });
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

  /**
   * grow makes room for `capacity` rows. The memory holds, in order: the f32 rows, the 8-bit rows,
   * the f32 query, the 8-bit query, one score per row and one row number per row (the list area).
   */
  private grow(capacity: number): void {
    const matrixBytes = capacity * this.strideBytes;
    const rows8Offset = matrixBytes;
    const queryOffset = rows8Offset + capacity * this.stride8;
    const query8Offset = queryOffset + this.strideBytes;
    const outOffset = query8Offset + this.stride8;
    const listOffset = outOffset + capacity * 4;
    const needed = listOffset + capacity * 4;
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
    this.i8 = new Int8Array(memory.buffer);
    // The 8-bit rows move up past the new f32 rows (copyWithin copies overlapping ranges safely);
    // the new rows of both kinds overlap what was there before: clear them, up to where the memory
    // was just grown (it comes zeroed; writing it would only fault its pages in early).
    const old8 = this.capacity * this.stride8;
    this.i8.copyWithin(rows8Offset, this.rows8Offset, this.rows8Offset + old8);
    const clear = (from: number, to: number) => {
      if (from < Math.min(to, have)) this.i8.fill(0, from, Math.min(to, have));
    };
    clear(this.capacity * this.strideBytes, matrixBytes);
    clear(rows8Offset + old8, queryOffset);
    const grown = <T extends Uint8Array | Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.live = grown(this.live, (n) => new Uint8Array(n));
    this.zero = grown(this.zero, (n) => new Uint8Array(n));
    this.seen = grown(this.seen, (n) => new Uint32Array(n));
    this.unscale8 = grown(this.unscale8, (n) => new Float64Array(n));
    this.l1Of8 = grown(this.l1Of8, (n) => new Float64Array(n));
    this.versions = grown(this.versions, (n) => new Float64Array(n));
    this.capacity = capacity;
    this.rows8Offset = rows8Offset;
    this.queryOffset = queryOffset;
    this.query8Offset = query8Offset;
    this.outOffset = outOffset;
    this.listOffset = listOffset;
  }
}

function isFiltering(filter: RowFilter | undefined): filter is RowFilter {
  return filter !== undefined && (filter.tags.length > 0 || filter.ranges.length > 0);
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

  get capacity(): number {
    return this.k;
  }

  /** full is true once k scores are kept; lowest is then the lowest of them. */
  get full(): boolean {
    return this.n === this.k;
  }

  get lowest(): number {
    return this.scores[0]!;
  }

  /** offer keeps the score if it is among the k highest so far, and says whether it did. */
  offer(score: number, row: number): boolean {
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
      return true;
    }
    if (score <= scores[0]!) return false;
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
    return true;
  }

  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.n; i++) out.push([this.scores[i]!, this.rows[i]!]);
    return out.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  }
}
