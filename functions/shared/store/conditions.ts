import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';

/** A conditional write refused because its condition did not hold: an answer, not a fault. */
function isConditionFailure(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
}

/**
 * Runs a conditional write: true when it was applied, false when its condition did not hold; any
 * other failure goes up. The one shape of "try the write, a refusal is an answer". A write already
 * sent may be given as its promise, so that the caller's frame is the one that sends it.
 */
export async function conditionHolds(write: Promise<unknown> | (() => Promise<unknown>)): Promise<boolean> {
  try {
    await (typeof write === 'function' ? write() : write);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Stores a new item unless one holds its key: 'exists' when one does (a replay of the same write, or
 * another writer first). One item per fact, written once.
 */
export async function putNew(store: Store, item: Record<string, unknown>): Promise<'created' | 'exists'> {
  const created = await conditionHolds(() =>
    store.doc.send(
      new PutCommand({ TableName: store.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    ),
  );
  return created ? 'created' : 'exists';
}
