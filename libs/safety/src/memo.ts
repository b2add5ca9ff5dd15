/**
 * memoised wraps a pure function of a string with a cache of its answers. When the cache reaches
 * limit entries it is emptied rather than evicted one by one: the texts checked here repeat in
 * bursts, and a cleared cache refills within a few requests.
 */
export function memoised<V>(limit: number, fn: (key: string) => V): (key: string) => V {
  const cache = new Map<string, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, v);
    }
    return v;
  };
}
