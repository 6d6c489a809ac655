import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { parseProvince, type RetentionPolicy } from '../../functions/shared/province';
import { createDocumentClient, type Store } from '../../functions/shared/store/client';

/** A store client on the current test file's table (see table.ts). */
export function testStore(): Store {
  const table = process.env.TUQUAN_TABLE;
  const endpoint = process.env.TUQUAN_DYNAMODB_ENDPOINT;
  if (!table || !endpoint) throw new Error('integration tests need test/support/table.ts as a setup file');
  return { doc: createDocumentClient({ region: 'ap-southeast-1', endpoint }), table };
}

/** Writes items directly, for arranging a test. */
export async function putItems(store: Store, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await store.doc.send(
      new BatchWriteCommand({
        RequestItems: { [store.table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

/** The retention rules of the province the integration tests run (table.ts sets TUQUAN_PROVINCE). */
export function testRetention(): RetentionPolicy {
  return parseProvince(JSON.parse(process.env.TUQUAN_PROVINCE ?? '{}'), 'TUQUAN_PROVINCE').retention;
}
