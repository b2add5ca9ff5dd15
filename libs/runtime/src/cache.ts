/**
 * ExpiringCache keeps answers for ttlMs (Infinity: until evicted), up to capacity entries, dropping
 * the least recently used first: for what a service looks up on every request (titles of content,
 * response examples, skill results, query embeddings) that may be a little stale but must not cost
 * an RPC or a computation each time.
 */
export class ExpiringCache<K, V> {
  private readonly map = new Map<K, { value: V; expires: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ttlMs >= 0)) throw new RangeError(`cache ttlMs must be 0 or more, got ${ttlMs}`);
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`cache capacity must be a non-negative integer, got ${capacity}`);
  }

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    this.map.delete(key);
    if (hit.expires <= this.now()) return undefined;
    this.map.set(key, hit);
    return hit.value;
  }

  /** set keeps value for ttlMs, the cache's own unless given. */
  set(key: K, value: V, ttlMs = this.ttlMs): void {
    if (ttlMs <= 0 || this.capacity === 0) return;
    this.map.delete(key);
    this.map.set(key, { value, expires: this.now() + ttlMs });
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  /** remember answers the cached value, or computes, caches and answers it; a failure is not cached. */
  async remember(key: K, compute: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    this.set(key, value);
    return value;
  }

  get size(): number {
    return this.map.size;
  }
}
