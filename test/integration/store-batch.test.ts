import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchGet } from '../../functions/shared/store/batch';
import { putItems, testStore } from '../support/store';

/** The shared batch read on the test table: what a real DynamoDB API answers and refuses. */
const store = testStore();
const item = (n: number) => ({ pk: `BATCH#${n}`, sk: 'ITEM', n });
const key = (n: number) => ({ pk: `BATCH#${n}`, sk: 'ITEM' });

beforeAll(async () => {
  await putItems(
    store,
    Array.from({ length: 120 }, (_, n) => item(n)),
  );
});

describe('reading items by key in batches', () => {
  it('asks a key given twice once, which the table would refuse in one batch', async () => {
    const keys = [key(1), key(2), key(1), key(3), key(2)];
    const raw = await store.doc
      .send(new BatchGetCommand({ RequestItems: { [store.table]: { Keys: keys } } }))
      .catch((error: Error) => error);

    const found = await batchGet(store, keys, { consistent: true });

    expect(raw).toMatchObject({ name: 'ValidationException' });
    expect(found.map((i) => i.n).sort()).toEqual([1, 2, 3]);
  });

  it('reads more keys than one batch takes, and leaves out keys with no item', async () => {
    const keys = Array.from({ length: 130 }, (_, n) => key(n));

    const found = await batchGet(store, keys);

    expect(found).toHaveLength(120);
    expect(new Set(found.map((i) => i.n)).size).toBe(120);
  });
});
