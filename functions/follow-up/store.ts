import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Report } from '../reports/model';
import { reportKeys } from '../reports/store';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import type { ContactRemoval } from './erase-contact';

/**
 * Removes the contact details of a report, if it holds any, in one conditional update: the `contact`
 * attribute goes and `contactRemoved` says when and by whom. A refused update is followed by a key-only
 * read to tell a report without contact details (never given, or already removed) from no report at
 * all, so that an unknown id costs the same two calls as a known one without details.
 */
export async function removeReportContact(
  store: Store,
  id: string,
  removed: NonNullable<Report['contactRemoved']>,
): Promise<ContactRemoval> {
  const key = reportKeys.report(id);
  const applied = await conditionHolds(
    store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: key,
        UpdateExpression: 'REMOVE contact SET contactRemoved = :removed',
        ConditionExpression: 'attribute_exists(pk) AND attribute_exists(contact)',
        ExpressionAttributeValues: { ':removed': removed },
      }),
    ),
  );
  if (applied) return 'removed';
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: key, ProjectionExpression: 'pk', ConsistentRead: true }),
  );
  return out.Item ? 'none' : 'unknown';
}
