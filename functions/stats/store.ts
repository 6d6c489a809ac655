import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import type { Tally } from './tally';

/**
 * Counters in the one table, one item per (place, month):
 *   pk STATS#<area>  sk MONTH#<YYYY-MM>   { area, month, <counter>: n, … }   (names in tally.ts)
 * Every count is one UpdateItem ADD per place from the province down: no read, no transaction, and
 * concurrent writers never lose a count. Figures for a place and a period are one Query.
 */
export const statsKeys = {
  partition: (area: string) => `STATS#${area}`,
  month: (area: string, month: string) => ({ pk: `STATS#${area}`, sk: `MONTH#${month}` }),
};

/**
 * Adds a tally to one place's counters for one month: one UpdateItem ADD, no read, so concurrent
 * writers never lose a count. The write paths reach it through the coalescing writer (counters.ts).
 */
export async function addToCounter(store: Store, area: string, month: string, tally: Tally): Promise<void> {
  const names: Record<string, string> = { '#type': 'type', '#area': 'area', '#month': 'month' };
  const values: Record<string, unknown> = { ':type': 'stats', ':area': area, ':month': month };
  const adds = Object.entries(tally).map(([name, n], j) => {
    names[`#c${j}`] = name;
    values[`:c${j}`] = n;
    return `#c${j} :c${j}`;
  });
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: statsKeys.month(area, month),
      UpdateExpression: `SET #type = :type, #area = :area, #month = :month ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** The counters of one place for every month in [from, to], by month; months without any are absent. */
export async function countersOfPlace(
  store: Store,
  area: string,
  from: string,
  to: string,
): Promise<Map<string, Tally>> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': statsKeys.partition(area),
      ':from': `MONTH#${from}`,
      ':to': `MONTH#${to}`,
    },
  });
  const months = new Map<string, Tally>();
  for (const item of items) {
    const tally: Tally = {};
    for (const [name, value] of Object.entries(item)) if (typeof value === 'number') tally[name] = value;
    months.set(item.month as string, tally);
  }
  return months;
}
