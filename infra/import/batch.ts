import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { Store } from '../../functions/shared/store/client';

export type Item = Record<string, unknown>;
export interface Key {
  pk: string;
  sk: string;
}

export const keyOf = (item: { pk: unknown; sk: unknown }): string =>
  `${item.pk as string}\u0000${item.sk as string}`;

const GET_CHUNK = 100;
const WRITE_CHUNK = 25;
const MAX_ATTEMPTS = 12;

async function backoff(attempt: number): Promise<void> {
  // Full jitter: parallel batches that were throttled together do not retry together.
  await new Promise((r) => setTimeout(r, Math.random() * Math.min(2000, 50 * 2 ** attempt)));
}

/** Runs `work` over the items with at most `parallel` at a time. */
export async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const workers = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/** Reads items by key: BatchGet in chunks of 100, a few at once, unprocessed keys retried. */
export async function batchGet(
  store: Store,
  keys: readonly Key[],
  options: { parallel?: number; onChunk?: (done: number) => void } = {},
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const chunks: Key[][] = [];
  for (let i = 0; i < keys.length; i += GET_CHUNK) chunks.push(keys.slice(i, i + GET_CHUNK));
  await inParallel(chunks, options.parallel ?? 4, async (chunk) => {
    let pending: Record<string, unknown>[] | undefined = chunk.map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchGet: ${pending.length} keys still unprocessed`);
      if (attempt > 0) await backoff(attempt);
      const out: BatchGetCommandOutput = await store.doc.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending } } }),
      );
      for (const item of out.Responses?.[store.table] ?? []) found.set(keyOf(item as Key), item);
      pending = out.UnprocessedKeys?.[store.table]?.Keys;
    }
    options.onChunk?.(chunk.length);
  });
  return found;
}

export type WriteRequest = { put: Item } | { delete: Key };

/** Writes in BatchWrite chunks of 25, a few at once, retrying unprocessed items with backoff. */
export async function batchWrite(
  store: Store,
  requests: readonly WriteRequest[],
  options: { parallel?: number; onChunk?: (done: number) => void } = {},
): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += WRITE_CHUNK) chunks.push(requests.slice(i, i + WRITE_CHUNK));
  await inParallel(chunks, options.parallel ?? 4, async (chunk) => {
    let pending:
      | NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string]
      | undefined = chunk.map((r) =>
      'put' in r
        ? { PutRequest: { Item: r.put } }
        : { DeleteRequest: { Key: { pk: r.delete.pk, sk: r.delete.sk } } },
    );
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWrite: ${pending.length} items still unprocessed`);
      if (attempt > 0) await backoff(attempt);
      const out: BatchWriteCommandOutput = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.table]: pending } }),
      );
      pending = out.UnprocessedItems?.[store.table];
    }
    options.onChunk?.(chunk.length);
  });
}
