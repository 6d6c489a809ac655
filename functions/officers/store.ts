import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import type { AuditLog } from './access';
import type { AuditEntry } from './model';

/** Audit entries by day: pk AUDIT#<yyyy-mm-dd>, sk <at>#<random>. Kept a year (expiresAt). */
const auditKeys = {
  day: (at: string) => `AUDIT#${at.slice(0, 10)}`,
};

const YEAR_SECONDS = 366 * 24 * 3600;

export function auditLog(store: Store): AuditLog {
  return {
    record: async (entry) => {
      await store.doc.send(
        new PutCommand({
          TableName: store.table,
          Item: {
            pk: auditKeys.day(entry.at),
            sk: `${entry.at}#${randomBytes(4).toString('hex')}`,
            type: 'audit',
            ...entry,
            expiresAt: Math.floor(Date.parse(entry.at) / 1000) + YEAR_SECONDS,
          },
        }),
      );
    },
  };
}

export async function auditEntriesOfDay(store: Store, day: string): Promise<AuditEntry[]> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': auditKeys.day(day) },
  });
  return items.map((i) => ({
    at: i.at as string,
    officerId: i.officerId as string,
    action: i.action as string,
    target: i.target as string,
    outcome: 'denied',
  }));
}
