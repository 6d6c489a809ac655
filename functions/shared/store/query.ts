import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';

/** Runs a Query to the end (or to `max` items), following LastEvaluatedKey. */
export async function queryAll<T = Record<string, unknown>>(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({ ...input, TableName: store.table, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    for (const item of page.Items ?? []) {
      items.push(item as T);
      if (items.length >= max) return items;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
