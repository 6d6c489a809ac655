import type { Store } from '../../functions/shared/store/client';
import { batchGet, batchWrite, type Item, type Key, keyOf, type WriteRequest } from './batch';

/**
 * One imported record (a row, or a record derived from rows) and every item that stores it; the
 * first item is the record's own, whose absence makes the record "created".
 */
export interface Unit {
  /** The summary line it counts in, e.g. 'contacts.csv'. */
  group: string;
  items: Item[];
  /**
   * Items the record no longer needs (a renamed area's old name entries, a moved contact's old
   * copy), given the stored version of each of its items, in order.
   */
  stale?: (stored: (Item | undefined)[]) => Key[];
  /**
   * The items to write instead, given the stored version of each (the same keys, in order), when the
   * record keeps something the files do not say (an officer's bound Cognito user); undefined keeps `items`.
   */
  withStored?: (stored: (Item | undefined)[]) => Item[] | undefined;
}

interface GroupCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface ApplyResult {
  groups: Map<string, GroupCounts>;
  itemsWritten: number;
  itemsDeleted: number;
}

/** Items compare equal whatever the order of their attributes. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Progress lines at every ~5% of a long phase. */
function progress(onLine: ((line: string) => void) | undefined, phase: string, total: number) {
  let done = 0;
  let lastStep = 0;
  return (n: number) => {
    done += n;
    if (!onLine || total < 5000) return;
    const step = Math.floor((done / total) * 20);
    if (step > lastStep) {
      lastStep = step;
      onLine(
        `${phase}: ${Math.round((done / total) * 100)}% (${done.toLocaleString('en')} of ${total.toLocaleString('en')} items)`,
      );
    }
  };
}

/**
 * Upserts the units idempotently: reads the stored version of every item (BatchGet, never Scan),
 * writes only the items that differ, deletes what is stale, and counts per group.
 */
export async function applyUnits(
  store: Store,
  units: readonly Unit[],
  sweeps: readonly { group: string; keys: Key[] }[],
  options: { onProgress?: (line: string) => void; parallel?: number } = {},
): Promise<ApplyResult> {
  const parallel = options.parallel ?? 4;
  const desired = new Map<string, Item>();
  for (const unit of units) for (const item of unit.items) desired.set(keyOf(item as unknown as Key), item);
  const keys = [...desired.values()].map((item) => ({ pk: item.pk as string, sk: item.sk as string }));

  const existing = await batchGet(store, keys, {
    parallel,
    onChunk: progress(options.onProgress, 'checking the table', keys.length),
  });

  const groups = new Map<string, GroupCounts>();
  const countsOf = (group: string) => {
    let counts = groups.get(group);
    if (!counts) {
      counts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
      groups.set(group, counts);
    }
    return counts;
  };
  const puts = new Map<string, Item>();
  const deletes = new Map<string, { key: Key; group: string }>();

  for (const unit of units) {
    const counts = countsOf(unit.group);
    const [primary] = unit.items;
    const stored = primary ? existing.get(keyOf(primary as unknown as Key)) : undefined;
    const items =
      unit.withStored?.(unit.items.map((item) => existing.get(keyOf(item as unknown as Key)))) ?? unit.items;
    let differs = false;
    for (const item of items) {
      const key = keyOf(item as unknown as Key);
      const before = existing.get(key);
      if (!before || canonical(before) !== canonical(item)) {
        differs = true;
        puts.set(key, item);
      }
    }
    if (!stored) counts.created++;
    else if (differs) counts.updated++;
    else counts.unchanged++;
    if (unit.stale) {
      const before = unit.items.map((item) => existing.get(keyOf(item as unknown as Key)));
      for (const key of unit.stale(before)) {
        const id = keyOf(key);
        if (!desired.has(id)) deletes.set(id, { key, group: unit.group });
      }
    }
  }
  for (const sweep of sweeps)
    for (const key of sweep.keys) {
      const id = keyOf(key);
      if (!desired.has(id)) deletes.set(id, { key, group: sweep.group });
    }
  for (const { group } of deletes.values()) countsOf(group).deleted++;

  const requests: WriteRequest[] = [
    ...[...puts.values()].map((put) => ({ put })),
    ...[...deletes.values()].map(({ key }) => ({ delete: key })),
  ];
  await batchWrite(store, requests, {
    parallel,
    onChunk: progress(options.onProgress, 'writing', requests.length),
  });
  return { groups, itemsWritten: puts.size, itemsDeleted: deletes.size };
}
