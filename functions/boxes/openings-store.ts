import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { putNew } from '../shared/store/conditions';
import type { Opening, OpeningStore } from './opening';
import { boxKeys } from './store';

/**
 * Openings of a paper box: pk BOX#<box>  sk OPENING#<openedAt, UTC ISO>. "This box was opened at this
 * time" is one fact, so the time is the key and a second recording of it is a conditional put that fails.
 */
export const openingKeys = {
  opening: (box: string, openedAt: string) => ({ pk: boxKeys.partition(box), sk: `OPENING#${openedAt}` }),
};

function toOpening(item: Record<string, unknown>): Opening {
  return {
    id: item.id as string,
    box: item.box as string,
    openedAt: item.openedAt as string,
    openedBy: item.openedBy as string,
    witnesses: item.witnesses as string[],
    entries: item.entries as string[],
    fingerprint: item.fingerprint as string,
    recordedAt: item.recordedAt as string,
    recordedBy: item.recordedBy as string,
  };
}

export async function getOpening(store: Store, box: string, openedAt: string): Promise<Opening | undefined> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: openingKeys.opening(box, openedAt), ConsistentRead: true }),
  );
  return out.Item ? toOpening(out.Item) : undefined;
}

export function putNewOpening(store: Store, opening: Opening): Promise<'created' | 'exists'> {
  return putNew(store, {
    ...openingKeys.opening(opening.box, opening.openedAt),
    type: 'boxOpening',
    ...opening,
  });
}

/** A box's latest openings, newest first. */
export async function latestOpenings(store: Store, box: string, limit: number): Promise<Opening[]> {
  const out = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :opening)',
      ExpressionAttributeValues: { ':pk': boxKeys.partition(box), ':opening': 'OPENING#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(toOpening);
}

export function dynamoOpeningStore(store: Store): OpeningStore {
  return {
    get: (box, openedAt) => getOpening(store, box, openedAt),
    put: (opening) => putNewOpening(store, opening),
    latest: (box, limit) => latestOpenings(store, box, limit),
  };
}
