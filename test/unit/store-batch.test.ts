import type { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchGet } from '../../functions/shared/store/batch';
import type { Store } from '../../functions/shared/store/client';

/**
 * A table of `items` whose BatchGet answers its first `throttled` calls with every other key left
 * unprocessed, or every key when `stuck`.
 */
function fakeStore(items: Record<string, unknown>[], throttled: number, stuck = false) {
  const asked: number[] = [];
  const store = {
    table: 'T',
    doc: {
      send: async (command: BatchGetCommand) => {
        const keys = (command.input.RequestItems?.T?.Keys ?? []) as { pk: string; sk: string }[];
        asked.push(keys.length);
        const done = asked.length <= throttled ? keys.filter((_, i) => !stuck && i % 2 === 0) : keys;
        const left = keys.filter((k) => !done.includes(k));
        return {
          Responses: { T: items.filter((item) => done.some((k) => k.pk === item.pk && k.sk === item.sk)) },
          ...(left.length > 0 ? { UnprocessedKeys: { T: { Keys: left } } } : {}),
        };
      },
    },
  } as unknown as Store;
  return { store, asked };
}

const item = (n: number) => ({ pk: `P#${n}`, sk: 'P', n });

describe('reading items by key in batches', () => {
  it('asks again for the keys left unprocessed and leaves out keys with no item', async () => {
    const { store, asked } = fakeStore([item(1), item(2), item(3)], 1);

    const found = await batchGet(
      store,
      [1, 2, 3, 4].map((n) => ({ pk: `P#${n}`, sk: 'P' })),
    );

    expect(found.map((i) => i.n).sort()).toEqual([1, 2, 3]);
    expect(asked).toEqual([4, 2]);
  });

  it('asks at most a hundred keys at a time', async () => {
    const items = Array.from({ length: 130 }, (_, n) => item(n));
    const { store, asked } = fakeStore(items, 0);

    const found = await batchGet(
      store,
      items.map(({ pk, sk }) => ({ pk, sk })),
    );

    expect(found).toHaveLength(130);
    expect(asked).toEqual([100, 30]);
  });

  it('gives up with an error when keys stay unprocessed, rather than answer with holes', async () => {
    const { store, asked } = fakeStore([item(1), item(2)], Number.POSITIVE_INFINITY, true);

    const read = batchGet(store, [
      { pk: 'P#1', sk: 'P' },
      { pk: 'P#2', sk: 'P' },
    ]);

    await expect(read).rejects.toThrow('items could not be read (unprocessed keys)');
    expect(asked).toHaveLength(9);
  }, 15_000);
});
