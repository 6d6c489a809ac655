import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { patrolStore } from '../../functions/patrols/store';
import type { Store } from '../../functions/shared/store/client';

/**
 * Lists every patrol under the places above its own again (functions/patrols/store.ts `listUnder`):
 * for patrols recorded before the lists of the places above held them, and for a record that died
 * before its listings and was never retried with its key. An admin's one-off, run by the CLI: it scans
 * the table once (nothing on a request path does); the listings are whole Puts, so running it again
 * changes nothing. Answers how many patrols it listed, nothing of them.
 */
export async function relistPatrols(store: Store): Promise<number> {
  const patrols = patrolStore(store);
  let listed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.table,
        FilterExpression: '#type = :patrol',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':patrol': 'patrol' },
        ProjectionExpression: 'id, startedAt, ancestors',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      await patrols.listUnder({
        id: String(item.id),
        startedAt: String(item.startedAt),
        ancestors: (item.ancestors as string[] | undefined) ?? [],
      });
      listed++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return listed;
}
