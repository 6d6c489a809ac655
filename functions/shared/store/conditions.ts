import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';

/** A conditional write refused because its condition did not hold: an answer, not a fault. */
export function isConditionFailure(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/**
 * Stores a new item unless one holds its key: 'exists' when one does (a replay of the same write, or
 * another writer first). One item per fact, written once.
 */
export async function putNew(store: Store, item: Record<string, unknown>): Promise<'created' | 'exists'> {
  try {
    await store.doc.send(
      new PutCommand({ TableName: store.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return 'created';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}
