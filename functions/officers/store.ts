import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { coalescing } from '../shared/coalesce';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { retentionKey } from '../shared/store/retention';
import type { AuditLog } from './access';
import { AUDIT_TARGETS_KEPT, type AuditEntry, type AuditRecord, auditErasure } from './model';

/**
 * Refusals, merged per officer, action and UTC hour into one item that counts them:
 *   pk AUDIT#<yyyy-mm-dd>#<shard>   sk <yyyy-mm-ddThh>#<officer>#<action>
 * The shard (one of 16, from the officer id) spreads a day over partitions, so that a burst of refusals
 * heats no single key; a day is read with one Query per shard. Kept `auditDays` (the province's
 * retention): the retention queue (gsi4) names it for deletion then, and expiresAt lets TTL go sooner.
 */
const SHARDS = 16;
const auditKeys = {
  shard: (officerId: string) => createHash('sha256').update(officerId).digest()[0] ?? 0,
  pk: (day: string, shard: number) => `AUDIT#${day}#${shard.toString(16)}`,
  of: (entry: AuditEntry) => ({
    pk: auditKeys.pk(entry.at.slice(0, 10), auditKeys.shard(entry.officerId) % SHARDS),
    sk: `${entry.at.slice(0, 13)}#${entry.officerId}#${entry.action}`,
  }),
};

/**
 * The audit log: each refusal adds one to its record (one upsert, no read). Refusals of one record that
 * arrive while its write is in flight go into the next single write (shared/coalesce.ts), so a burst
 * costs a write per round trip, not one per request.
 */
export function auditLog(store: Store, auditDays: number): AuditLog {
  const write = coalescing<AuditEntry, undefined>(async (_key, entries) => {
    const [entry] = entries;
    if (!entry) return [];
    const ats = entries.map((e) => e.at).sort();
    const first = ats[0] ?? entry.at;
    const last = ats[ats.length - 1] ?? entry.at;
    const erasure = auditErasure(first, auditDays);
    const queued = retentionKey(erasure);
    const update = (targets: boolean) =>
      store.doc.send(
        new UpdateCommand({
          TableName: store.table,
          Key: auditKeys.of(entry),
          UpdateExpression: `SET #type = :type, #officer = :officer, #action = :action, #outcome = :outcome, #first = if_not_exists(#first, :first), #last = :last, #expires = if_not_exists(#expires, :expires), gsi4pk = if_not_exists(gsi4pk, :retainQueue), gsi4sk = if_not_exists(gsi4sk, :retainAt) ADD #count :count${targets ? ', #targets :targets' : ''}`,
          // The targets stop growing at AUDIT_TARGETS_KEPT: an item never nears DynamoDB's size limit.
          ...(targets
            ? { ConditionExpression: 'attribute_not_exists(#targets) OR size(#targets) < :kept' }
            : {}),
          ExpressionAttributeNames: {
            '#type': 'type',
            '#officer': 'officerId',
            '#action': 'action',
            '#outcome': 'outcome',
            '#first': 'first',
            '#last': 'last',
            '#expires': 'expiresAt',
            '#count': 'count',
            ...(targets ? { '#targets': 'targets' } : {}),
          },
          ExpressionAttributeValues: {
            ':type': 'audit',
            ':officer': entry.officerId,
            ':action': entry.action,
            ':outcome': entry.outcome,
            ':first': first,
            ':last': last,
            ':expires': Math.floor(Date.parse(erasure.due) / 1000),
            ':retainQueue': queued.gsi4pk,
            ':retainAt': queued.gsi4sk,
            ':count': entries.length,
            ...(targets
              ? { ':targets': new Set(entries.map((e) => e.target)), ':kept': AUDIT_TARGETS_KEPT }
              : {}),
          },
        }),
      );
    if (!(await conditionHolds(() => update(true)))) await update(false);
    return entries.map(() => ({ ok: true as const, value: undefined }));
  });
  return {
    record: async (entry) => {
      const key = auditKeys.of(entry);
      await write(`${key.pk}\u0000${key.sk}`, entry);
    },
  };
}

/** The refusals of one UTC day, by hour, then officer, then action (one Query per shard, no Scan). */
export async function auditEntriesOfDay(store: Store, day: string): Promise<AuditRecord[]> {
  const shards = await Promise.all(
    Array.from({ length: SHARDS }, (_, shard) =>
      queryAll(store, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditKeys.pk(day, shard) },
      }),
    ),
  );
  return shards
    .flat()
    .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
    .map((i) => ({
      officerId: i.officerId as string,
      action: i.action as string,
      outcome: 'denied',
      hour: String(i.sk).slice(0, 13),
      first: i.first as string,
      last: i.last as string,
      count: Number(i.count),
      targets: [...((i.targets as Set<string> | undefined) ?? [])].sort(),
    }));
}
