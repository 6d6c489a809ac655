/**
 * A value made on first use and kept for the life of the process (a Lambda container, the local
 * runtime): every folder's `deps()` is `once(() => …)`, so clients and caches are made once.
 */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
