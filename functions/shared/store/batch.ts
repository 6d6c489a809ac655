import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';

/** Keys a BatchGetItem takes at most. */
const BATCH_GET_MAX = 100;

/**
 * Items by key, in one BatchGet per 100; the keys DynamoDB leaves unprocessed (throttled) are asked
 * again with backoff, and a read that still cannot finish throws rather than answer with holes.
 * Keys with no item are left out, a key given twice is asked once (DynamoDB refuses a batch that
 * repeats one); the items come back in no particular order. `consistent` reads what was just written.
 */
export async function batchGet(
  store: Store,
  keys: readonly { pk: string; sk: string }[],
  options: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\n${k.sk}`, { pk: k.pk, sk: k.sk }])).values()];
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
    let batch: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_GET_MAX);
    for (let attempt = 0; batch && batch.length > 0; attempt++) {
      if (attempt > 8) throw new Error('items could not be read (unprocessed keys)');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out: BatchGetCommandOutput = await store.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [store.table]: { Keys: batch, ...(options.consistent ? { ConsistentRead: true } : {}) },
          },
        }),
      );
      found.push(...(out.Responses?.[store.table] ?? []));
      batch = out.UnprocessedKeys?.[store.table]?.Keys;
    }
  }
  return found;
}
