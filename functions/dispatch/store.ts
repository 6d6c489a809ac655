import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ACK_QUEUE, DISPATCH_QUEUE, getReport, reportKeys } from '../reports/store';
import type { Store } from '../shared/store/client';
import { isConditionFailure } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { smsCapReserver, smsDayKey } from '../sms/store';
import type { DispatchStore, Notification, TierPlan } from './ports';

/**
 * The dispatcher's items (see reports/store.ts for the report's partition):
 * - tier plan:     pk REPORT#<id>   sk TIER#<n>          who tier n reaches; its once-only marker
 * - notification:  pk REPORT#<id>   sk NOTIFY#<key>      one per (report, officer or desk)
 * - SMS counter:   pk SMSDAY#<local date>  sk COUNT      the province's daily cap (sms-cap.ts: concurrent
 *                                                         reservations merged into one guarded ADD)
 * - alert marker:  pk ALERT#<what>  sk ALERT             an admin alert goes out once
 * The queues are the report item's own sparse gsi2 entries (DISPATCH, then ACKDUE).
 */
export const dispatchKeys = {
  tier: (id: string, tier: number) => ({ pk: reportKeys.partition(id), sk: `TIER#${tier}` }),
  notification: (id: string, key: string) => ({ pk: reportKeys.partition(id), sk: `NOTIFY#${key}` }),
  smsDay: smsDayKey,
  marker: (marker: string) => ({ pk: `ALERT#${marker}`, sk: 'ALERT' }),
};

/** Runs a conditional write; false when its condition did not hold. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function toTier(item: Record<string, unknown>): TierPlan {
  return {
    tier: Number(item.tier),
    level: item.level as string,
    at: item.at as string,
    recipients: item.recipients as TierPlan['recipients'],
  };
}

function toNotification(item: Record<string, unknown>): Notification {
  return {
    key: item.key as string,
    tier: Number(item.tier),
    index: Number(item.index),
    to: item.to as string,
    role: item.role as string,
    state: item.state as Notification['state'],
    claim: item.claim as string,
    claimedAt: item.claimedAt as string,
    ...(item.attempts !== undefined ? { attempts: Number(item.attempts) } : {}),
    ...(item.reason !== undefined ? { reason: item.reason as string } : {}),
    ...(item.settledAt !== undefined ? { settledAt: item.settledAt as string } : {}),
  };
}

/** Make one per process (the wiring does): its SMS reservations are merged across every run in it. */
export function dynamoDispatchStore(store: Store): DispatchStore {
  const table = store.table;
  // Looked up on each call, not bound once, so that a test can watch or fail the client's sends.
  const send: typeof store.doc.send = (command: never) => store.doc.send(command);
  const reserveSms = smsCapReserver(store);
  // Markers are never taken back: one known to be set needs no write to be refused again (a day past
  // its cap would otherwise write once per capped SMS).
  const markersSet = new Set<string>();

  const getTier = async (id: string, tier: number) => {
    const out = await send(
      new GetCommand({ TableName: table, Key: dispatchKeys.tier(id, tier), ConsistentRead: true }),
    );
    return out.Item ? toTier(out.Item) : undefined;
  };

  return {
    getReport: (id) => getReport(store, id),

    async pendingDispatch({ createdBefore, limit }) {
      const out = await send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: createdBefore ? 'gsi2pk = :q AND gsi2sk < :before' : 'gsi2pk = :q',
          ExpressionAttributeValues: {
            ':q': DISPATCH_QUEUE,
            ...(createdBefore ? { ':before': createdBefore } : {}),
          },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => item.id as string);
    },

    async dueForEscalation(now, limit) {
      const out = await send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :q AND gsi2sk <= :bound',
          // Keys are <due ISO>#<id>: everything due at or before `now`, whatever the id.
          ExpressionAttributeValues: { ':q': ACK_QUEUE, ':bound': `${now}#\uffff` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => ({ id: item.id as string, dueKey: item.gsi2sk as string }));
    },

    getTier,

    async putTier(id, plan) {
      const created = await conditional(() =>
        send(
          new PutCommand({
            TableName: table,
            Item: { ...dispatchKeys.tier(id, plan.tier), type: 'tier', ...plan },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return created ? plan : ((await getTier(id, plan.tier)) ?? plan);
    },

    async notifications(id) {
      const items = await queryAll(store, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': reportKeys.partition(id), ':prefix': 'NOTIFY#' },
        ConsistentRead: true,
      });
      return items.map(toNotification);
    },

    async claimNotification(id, claim) {
      for (let round = 0; round < 2; round++) {
        const claimed = await conditional(() =>
          send(
            new PutCommand({
              TableName: table,
              Item: { ...dispatchKeys.notification(id, claim.key), type: 'notification', ...claim },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          ),
        );
        if (claimed) return 'claimed';
        const out = await send(
          new GetCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, claim.key),
            ConsistentRead: true,
          }),
        );
        // Gone between the two calls (a released claim): try to claim it again.
        if (out.Item) return toNotification(out.Item);
      }
      throw new Error('notification claim kept changing');
    },

    async settleNotification(id, key, claim, outcome) {
      const names: Record<string, string> = { '#state': 'state' };
      const values: Record<string, unknown> = { ':claim': claim, ':state': outcome.state };
      const sets = ['#state = :state'];
      for (const field of ['attempts', 'reason', 'settledAt'] as const) {
        if (outcome[field] === undefined) continue;
        sets.push(`#${field} = :${field}`);
        names[`#${field}`] = field;
        values[`:${field}`] = outcome[field];
      }
      await conditional(() =>
        send(
          new UpdateCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, key),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'claim = :claim',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async releaseNotification(id, key, claim) {
      await conditional(() =>
        send(
          new DeleteCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, key),
            ConditionExpression: 'claim = :claim AND #state = :sending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claim': claim, ':sending': 'sending' },
          }),
        ),
      );
    },

    reserveSms,

    async markOnce(marker, at) {
      if (markersSet.has(marker)) return false;
      const first = await conditional(() =>
        send(
          new PutCommand({
            TableName: table,
            Item: { ...dispatchKeys.marker(marker), type: 'alertMarker', at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (markersSet.size >= 1000) markersSet.clear();
      markersSet.add(marker);
      return first;
    },

    async finishDispatch(id, outcome) {
      const values: Record<string, unknown> = {
        ':status': outcome.notifyStatus,
        ':recipients': outcome.recipients,
        ':at': outcome.dispatchedAt,
        ':zero': 0,
        ':pending': 'pending',
      };
      const sets = [
        'notifyStatus = :status',
        'recipients = :recipients',
        'dispatchedAt = :at',
        'escalationTier = :zero',
      ];
      if (outcome.level) {
        sets.push('notifiedLevel = :level');
        values[':level'] = outcome.level;
      }
      let queue = 'REMOVE gsi2pk, gsi2sk';
      if (outcome.ackDue) {
        sets.push('gsi2pk = :ackQueue', 'gsi2sk = :due');
        values[':ackQueue'] = ACK_QUEUE;
        values[':due'] = `${outcome.ackDue}#${id}`;
        queue = '';
      }
      // Only the run that takes the report out of the dispatch queue writes its outcome.
      return conditional(() =>
        send(
          new UpdateCommand({
            TableName: table,
            Key: reportKeys.report(id),
            UpdateExpression: `SET ${sets.join(', ')} ${queue}`.trim(),
            ConditionExpression: 'notifyStatus = :pending',
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async advanceEscalation(id, fromDueKey, next) {
      const values: Record<string, unknown> = {
        ':tier': next.tier,
        ':level': next.level,
        ':ackQueue': ACK_QUEUE,
        ':from': fromDueKey,
      };
      let update = 'SET escalationTier = :tier, notifiedLevel = :level';
      if (next.ackDue) {
        update += ', gsi2sk = :due';
        values[':due'] = `${next.ackDue}#${id}`;
      } else {
        update += ' REMOVE gsi2pk, gsi2sk';
      }
      return conditional(() =>
        send(
          new UpdateCommand({
            TableName: table,
            Key: reportKeys.report(id),
            UpdateExpression: update,
            ConditionExpression: 'gsi2pk = :ackQueue AND gsi2sk = :from',
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async clearAckDue(id, fromDueKey) {
      await conditional(() =>
        send(
          new UpdateCommand({
            TableName: table,
            Key: reportKeys.report(id),
            UpdateExpression: 'REMOVE gsi2pk, gsi2sk',
            ConditionExpression: 'gsi2pk = :ackQueue AND gsi2sk = :from',
            ExpressionAttributeValues: { ':ackQueue': ACK_QUEUE, ':from': fromDueKey },
          }),
        ),
      );
    },
  };
}
