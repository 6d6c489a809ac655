import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { reportKeys } from '../reports/store';
import type { Store } from '../shared/store/client';
import { isConditionFailure } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { levelsOf, type Tally } from './tally';

/**
 * Counters in the one table, one item per (place, month):
 *   pk STATS#<area>  sk MONTH#<YYYY-MM>   { area, month, <counter>: n, … }   (names in tally.ts)
 * Every write is one UpdateItem ADD per place from the province down: no read, no transaction, and
 * concurrent writers never lose a count. Figures for a place and a period are one Query.
 */
export const statsKeys = {
  partition: (area: string) => `STATS#${area}`,
  month: (area: string, month: string) => ({ pk: `STATS#${area}`, sk: `MONTH#${month}` }),
};

/**
 * Adds a tally to the month's counters of every place the report counts in. With `child`, each
 * ancestor also counts one more incident for the place one level down on the report's way.
 */
export async function addToCounters(
  store: Store,
  report: { area: string; ancestors: readonly string[] },
  month: string,
  tally: Tally,
  options: { child?: boolean } = {},
): Promise<void> {
  const levels = levelsOf(report);
  await Promise.all(
    levels.map((level, i) => {
      const next = levels[i + 1];
      const counts: Tally = { ...tally, ...(options.child && next ? { [`ch#${next}`]: 1 } : {}) };
      const names: Record<string, string> = { '#type': 'type', '#area': 'area', '#month': 'month' };
      const values: Record<string, unknown> = { ':type': 'stats', ':area': level, ':month': month };
      const adds = Object.entries(counts).map(([name, n], j) => {
        names[`#c${j}`] = name;
        values[`:c${j}`] = n;
        return `#c${j} :c${j}`;
      });
      return store.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key: statsKeys.month(level, month),
          UpdateExpression: `SET #type = :type, #area = :area, #month = :month ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    }),
  );
}

/**
 * Marks a fact as counted on the report item itself; true the first time only. For counts whose own
 * write does not tell "first" (two escalation sweeps may overlap on one report).
 */
export async function markCountedOnce(store: Store, reportId: string, fact: string): Promise<boolean> {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: reportKeys.report(reportId),
        UpdateExpression: 'ADD #counted :fact',
        ConditionExpression: 'attribute_exists(pk) AND NOT contains(#counted, :name)',
        ExpressionAttributeNames: { '#counted': 'counted' },
        ExpressionAttributeValues: { ':fact': new Set([fact]), ':name': fact },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
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
