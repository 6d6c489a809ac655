/** What one caller gets back from a merged write: its own answer, or the error that sank it. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Batch<In, Out> {
  inputs: In[];
  waiters: { resolve: (value: Out) => void; reject: (error: unknown) => void }[];
}

interface Chain<In, Out> {
  startedAt: number;
  next?: Batch<In, Out>;
}

/** How long a write in flight gathers the next calls for its key, unless told otherwise. */
export const STALE_AFTER_MS = 50;

export interface CoalesceOptions {
  /**
   * A write in flight longer than this gathers no more callers: the next ones start a write of their
   * own at once (a hung connection must not hold up every later call for its key, and under a heavy
   * load it bounds how long a caller waits for its turn). Writes never depend on each other for
   * correctness, only for being merged. Default STALE_AFTER_MS, well above a DynamoDB write.
   */
  staleAfterMs?: number;
  now?: () => number;
}

/**
 * Merges calls for one key that arrive while a write for that key is in flight into the next single
 * write, which starts as soon as the one in flight settles. An idle key is written at once, so a lone
 * call waits no longer than it would alone; a busy key is written once per round trip however many
 * calls arrive meanwhile. Each caller's promise settles when the write carrying its input has: with
 * its own answer from `write` (one outcome per input, in order), or with the error that failed the
 * whole write. Nothing is retried here: a write is sent once, so nothing can be applied twice.
 */
export function coalescing<In, Out>(
  write: (key: string, inputs: In[]) => Promise<Outcome<Out>[]>,
  options: CoalesceOptions = {},
): (key: string, input: In) => Promise<Out> {
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  const now = options.now ?? (() => performance.now());
  const chains = new Map<string, Chain<In, Out>>();

  const start = (key: string, batch: Batch<In, Out>) => {
    const chain: Chain<In, Out> = { startedAt: now() };
    chains.set(key, chain);
    const settle = (outcomes: Outcome<Out>[]) => {
      batch.waiters.forEach((waiter, i) => {
        const outcome = outcomes[i] ?? { ok: false, error: new Error('no outcome for a merged call') };
        if (outcome.ok) waiter.resolve(outcome.value);
        else waiter.reject(outcome.error);
      });
    };
    Promise.resolve()
      .then(() => write(key, batch.inputs))
      .then(settle, (error: unknown) => settle(batch.inputs.map(() => ({ ok: false, error }))))
      .finally(() => {
        if (chain.next) start(key, chain.next);
        else if (chains.get(key) === chain) chains.delete(key);
      });
  };

  return (key, input) =>
    new Promise<Out>((resolve, reject) => {
      const chain = chains.get(key);
      if (chain && now() - chain.startedAt < staleAfterMs) {
        chain.next ??= { inputs: [], waiters: [] };
        chain.next.inputs.push(input);
        chain.next.waiters.push({ resolve, reject });
        return;
      }
      start(key, { inputs: [input], waiters: [{ resolve, reject }] });
    });
}
