import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../functions/shared/store/client';

/**
 * Whole-table reads for the reliability suite's oracles ("nothing stored", "one stored item"). A Scan
 * is fine in a test; nothing under functions/ may scan.
 */
export type Item = Record<string, unknown>;
export type Snapshot = Map<string, Item>;

const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;

export async function snapshot(store: Store): Promise<Snapshot> {
  const items: Snapshot = new Map();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.table,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) items.set(keyOf(item), item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface Difference {
  added: Item[];
  removed: Item[];
  changed: { before: Item; after: Item }[];
}

export function difference(before: Snapshot, after: Snapshot): Difference {
  const out: Difference = { added: [], removed: [], changed: [] };
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) out.added.push(item);
    else if (JSON.stringify(sorted(old)) !== JSON.stringify(sorted(item)))
      out.changed.push({ before: old, after: item });
  }
  for (const [key, item] of before) if (!after.has(key)) out.removed.push(item);
  return out;
}

/**
 * Items that count requests, not what they stored: an Open311 key's minute counts every request made
 * with the key, copies, retries and failures too, as any rate limit counts requests (functions/open311).
 */
const REQUEST_COUNTS = new Set(['open311Rate']);

/** A difference without the request counts: what the requests stored. */
export function withoutRequestCounts(d: Difference): Difference {
  const stored = (item: Item) => !REQUEST_COUNTS.has(String(item.type));
  return {
    added: d.added.filter(stored),
    removed: d.removed.filter(stored),
    changed: d.changed.filter(({ after }) => stored(after)),
  };
}

/** Keys of the items a difference touches, for a readable failure message. */
export function describeDifference(d: Difference): string[] {
  return [
    ...d.added.map((i) => `+ ${String(i.pk)} ${String(i.sk)} (${String(i.type)})`),
    ...d.removed.map((i) => `- ${String(i.pk)} ${String(i.sk)} (${String(i.type)})`),
    ...d.changed.map(({ after: i }) => `~ ${String(i.pk)} ${String(i.sk)} (${String(i.type)})`),
  ].sort();
}

/**
 * What a request did to the table, without the values that differ between two equal requests (ids,
 * times, texts): each added or removed item by type and attribute names, each changed item by type
 * and, per attribute, its numeric delta or the kind of change. Two footprints are equal when the two
 * requests stored the same things — one report and one receipt, a counter up by one.
 */
export function footprint(d: Difference): string[] {
  const names = (item: Item) => Object.keys(item).sort().join(',');
  return [
    ...d.added.map((i) => `added ${String(i.type)} {${names(i)}}`),
    ...d.removed.map((i) => `removed ${String(i.type)} {${names(i)}}`),
    ...d.changed.map(({ before, after }) => {
      const attrs = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      const changes = attrs.flatMap((a) => {
        const [x, y] = [before[a], after[a]];
        if (JSON.stringify(sorted(x)) === JSON.stringify(sorted(y))) return [];
        if (typeof x === 'number' && typeof y === 'number') return [`${a}${y - x >= 0 ? '+' : ''}${y - x}`];
        if (x === undefined) return [`+${a}`];
        if (y === undefined) return [`-${a}`];
        return [`~${a}`];
      });
      return `changed ${String(after.type)} {${changes.join(',')}}`;
    }),
  ].sort();
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value instanceof Set) return [...value].map(sorted).sort();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Item)[k])]),
    );
  }
  return value;
}
