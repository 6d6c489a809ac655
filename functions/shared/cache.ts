/**
 * Remembers what a look-up found for a while. Places and categories change only when a province
 * imports new data, yet every report and suggestion reads them: caching a found value for a minute
 * per process (per Lambda container) halves the reads of an intake. A miss is never cached, so a place imported
 * a moment ago is found at once.
 */
export function cacheFound<T>(
  lookup: (key: string) => Promise<T | undefined>,
  options: { ttlMs: number; now?: () => number; maxEntries?: number },
): (key: string) => Promise<T | undefined> {
  const now = options.now ?? (() => performance.now());
  const maxEntries = options.maxEntries ?? 10_000;
  const found = new Map<string, { value: T; until: number }>();
  return async (key) => {
    const hit = found.get(key);
    if (hit && hit.until > now()) return hit.value;
    const value = await lookup(key);
    if (value === undefined) {
      found.delete(key);
      return undefined;
    }
    // A crude bound: a province has thousands of places, not millions.
    if (found.size >= maxEntries) found.clear();
    found.set(key, { value, until: now() + options.ttlMs });
    return value;
  };
}
