import { type CoalesceOptions, coalescing } from '../shared/coalesce';
import type { Store } from '../shared/store/client';
import { addToCounter } from './store';
import { sumTallies, type Tally } from './tally';

/** Adds a tally to one place's counters for one month; settles when the write carrying it has. */
export type CounterWriter = (area: string, month: string, tally: Tally) => Promise<void>;

/**
 * The figures' writer for a process: every report adds to the same few items (the province's month
 * above all), and a store writes one item's updates one after another, so counts sent one by one queue
 * behind each other (measured on dynalite under 20 submitters: 92 ms a count on average, 340 ms p99,
 * against 25 ms for a plain Put) and DynamoDB gives one item one partition's throughput. Here the
 * counts for an item that arrive while an update of it is in flight are summed into its next update:
 * one UpdateItem per item per round trip, whatever the rate. A count is never sent twice, so never
 * counted twice; if its update fails, the caller's promise rejects (and the recorder logs it lost).
 */
export function coalescingCounters(store: Store, options: CoalesceOptions = {}): CounterWriter {
  const add = coalescing<{ area: string; month: string; tally: Tally }, void>(async (_key, inputs) => {
    const first = inputs[0];
    const sum = sumTallies(inputs.map((i) => i.tally));
    if (first && Object.keys(sum).length > 0) await addToCounter(store, first.area, first.month, sum);
    return inputs.map(() => ({ ok: true, value: undefined }));
  }, options);
  return (area, month, tally) => add(`${area}\n${month}`, { area, month, tally });
}
