import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getCategory } from '../categories/store';
import type { NotifyStatus, Report } from '../reports/model';
import { ACK_QUEUE, DISPATCH_QUEUE, dispatchOrder, getReport, reportKeys } from '../reports/store';
import type { Store } from '../shared/store/client';
import { conditionHolds, putNew } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import type { Notification, Summary, TierPlan } from './model';

/**
 * The dispatcher's items, in the report's partition (see reports/store.ts):
 * - tier plan:     pk REPORT#<id>   sk TIER#<n>          who tier n reaches; its once-only marker
 * - notification:  pk REPORT#<id>   sk NOTIFY#<key>      one per (report, officer or desk)
 * - summary:       pk SUMMARY#<id>  sk SUMMARY           one summary SMS to one phone and the reports it carried
 * The queues are the report item's own sparse gsi2 entries (DISPATCH, then ACKDUE). The daily SMS
 * counter, the alert markers and each phone's throttle and held reports are sms/store.ts's.
 */
const dispatchKeys = {
  tier: (id: string, tier: number) => ({ pk: reportKeys.partition(id), sk: `TIER#${tier}` }),
  notification: (id: string, key: string) => ({ pk: reportKeys.partition(id), sk: `NOTIFY#${key}` }),
};

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
    ...(item.resentAt !== undefined ? { resentAt: item.resentAt as string } : {}),
  };
}

/** A report waiting in the dispatch queue, as the queue lists it. */
export interface PendingReport {
  id: string;
  urgency: Report['urgency'];
}

const toPending = (item: Record<string, unknown>): PendingReport => ({
  id: item.id as string,
  urgency: item.urgency as Report['urgency'],
});

/** A summary SMS: pk SUMMARY#<id>, sk SUMMARY (the reports it carried, for the page its link opens). */
const summaryKey = (id: string) => ({ pk: `SUMMARY#${id}`, sk: 'SUMMARY' });

/** The summary a summary link names (the page reads it). */
export async function getSummary(db: Store, id: string): Promise<Summary | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: summaryKey(id), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item) return undefined;
  return {
    id: item.id as string,
    key: item.key as string,
    sentAt: item.sentAt as string,
    reports: (item.reports as Summary['reports']).map((r) => ({
      reportId: r.reportId,
      tier: Number(r.tier),
      index: Number(r.index),
    })),
  };
}

/** Who tier `tier` of a report reaches, as stored before anyone was texted (the acknowledge link reads it). */
export async function getTier(db: Store, id: string, tier: number): Promise<TierPlan | undefined> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: dispatchKeys.tier(id, tier), ConsistentRead: true }),
  );
  return out.Item ? toTier(out.Item) : undefined;
}

export type DispatchStore = ReturnType<typeof dispatchStore>;

/** The dispatcher's and the escalation sweep's access to the table. */
export function dispatchStore(db: Store) {
  const table = db.table;
  return {
    getReport: (id: string) => getReport(db, id),

    /** The report's category, for whom it goes to (its roles); deps.ts caches it for a minute. */
    getCategory: (code: string) => getCategory(db, code),

    /**
     * Reports waiting in the dispatch queue, most urgent first, then oldest (the queue's sort key):
     * one Query. `createdBefore` (the sweep's redrive) bounds each urgency's part by time, so it is
     * one Query per urgency, high first, until `limit` are listed; `highOnly` lists high urgency only.
     */
    async pendingDispatch({
      createdBefore,
      limit,
      highOnly = false,
    }: {
      createdBefore?: string;
      limit: number;
      highOnly?: boolean;
    }): Promise<PendingReport[]> {
      if (!createdBefore && !highOnly) {
        const out = await db.doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :q',
            ExpressionAttributeValues: { ':q': DISPATCH_QUEUE },
            Limit: limit,
          }),
        );
        return (out.Items ?? []).map(toPending);
      }
      const listed: PendingReport[] = [];
      for (const prefix of highOnly ? dispatchOrder.rankPrefixes.slice(0, 1) : dispatchOrder.rankPrefixes) {
        if (listed.length >= limit) break;
        const out = await db.doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi2',
            // <rank>#<createdAt>#<id> between <rank># and <rank>#<createdBefore>: created before it.
            KeyConditionExpression: 'gsi2pk = :q AND gsi2sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':q': DISPATCH_QUEUE,
              ':from': prefix,
              ':to': `${prefix}${createdBefore ?? '\uffff'}`,
            },
            Limit: limit - listed.length,
          }),
        );
        listed.push(...(out.Items ?? []).map(toPending));
      }
      return listed;
    },

    /** Reports whose acknowledgement was due at or before `now`, oldest due first. */
    async dueForEscalation(now: string, limit: number): Promise<{ id: string; dueKey: string }[]> {
      const out = await db.doc.send(
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

    getTier: (id: string, tier: number) => getTier(db, id, tier),

    /** Stores the plan unless one exists for this tier; returns the stored one either way. */
    async putTier(id: string, plan: TierPlan): Promise<TierPlan> {
      const created = await putNew(db, { ...dispatchKeys.tier(id, plan.tier), type: 'tier', ...plan });
      return created === 'created' ? plan : ((await getTier(db, id, plan.tier)) ?? plan);
    },

    async notifications(id: string): Promise<Notification[]> {
      const items = await queryAll(db, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': reportKeys.partition(id), ':prefix': 'NOTIFY#' },
        ConsistentRead: true,
      });
      return items.map(toNotification);
    },

    /** Creates the claim, or returns the record already there. */
    async claimNotification(id: string, claim: Notification): Promise<'claimed' | Notification> {
      const key = dispatchKeys.notification(id, claim.key);
      for (let round = 0; round < 2; round++) {
        if ((await putNew(db, { ...key, type: 'notification', ...claim })) === 'created') return 'claimed';
        const out = await db.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
        // Gone between the two calls (a released claim): try to claim it again.
        if (out.Item) return toNotification(out.Item);
      }
      throw new Error('notification claim kept changing');
    },

    async settleNotification(
      id: string,
      key: string,
      claim: string,
      outcome: Pick<Notification, 'state' | 'attempts' | 'reason' | 'settledAt'>,
    ): Promise<boolean> {
      const names: Record<string, string> = { '#state': 'state' };
      const values: Record<string, unknown> = { ':claim': claim, ':state': outcome.state };
      const sets = ['#state = :state'];
      for (const field of ['attempts', 'reason', 'settledAt'] as const) {
        if (outcome[field] === undefined) continue;
        sets.push(`#${field} = :${field}`);
        names[`#${field}`] = field;
        values[`:${field}`] = outcome[field];
      }
      return conditionHolds(() =>
        db.doc.send(
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

    /**
     * Settles a notification that was held at its phone's throttle, as the sweep's SMS fared (`grouped`
     * in summary `summary`, or its own SMS `sent`, `failed`, `capped`): true for the one run that did.
     */
    async settleHeld(
      id: string,
      key: string,
      outcome: {
        state: 'grouped' | 'sent' | 'failed' | 'capped';
        settledAt: string;
        summary?: string;
        reason?: string;
      },
    ): Promise<boolean> {
      const names: Record<string, string> = { '#state': 'state', '#settledAt': 'settledAt' };
      const values: Record<string, unknown> = {
        ':held': 'held',
        ':state': outcome.state,
        ':at': outcome.settledAt,
      };
      const sets = ['#state = :state', '#settledAt = :at'];
      for (const field of ['summary', 'reason'] as const) {
        if (outcome[field] === undefined) continue;
        sets.push(`#${field} = :${field}`);
        names[`#${field}`] = field;
        values[`:${field}`] = outcome[field];
      }
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, key),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: '#state = :held',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    /** Stores a summary before its SMS goes (its link lists the reports it carried). */
    async putSummary(summary: Summary): Promise<void> {
      await putNew(db, { ...summaryKey(summary.id), type: 'summary', ...summary });
    },

    getSummary: (id: string) => getSummary(db, id),

    /**
     * Lets go of a claim whose send never happened (the sender failed before handing it over): deleted,
     * so the next run sends it. A resend's claim is not deleted but put back as the dead run left it
     * (`sending`, its old claim time, no `resentAt`), so the next run still resends it only once.
     */
    async releaseNotification(id: string, key: string, claim: string): Promise<void> {
      const released = await conditionHolds(() =>
        db.doc.send(
          new DeleteCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, key),
            ConditionExpression: 'claim = :claim AND #state = :sending AND attribute_not_exists(resentAt)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claim': claim, ':sending': 'sending' },
          }),
        ),
      );
      if (released) return;
      await conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, key),
            UpdateExpression: 'SET claimedAt = interruptedAt REMOVE resentAt, interruptedAt',
            ConditionExpression: 'claim = :claim AND #state = :sending AND attribute_exists(resentAt)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claim': claim, ':sending': 'sending' },
          }),
        ),
      );
    },

    /**
     * Takes over a claim a dead run left `sending` (its tag `from`) to send the SMS once more: true only
     * for the one run that did, and never for a claim already resent.
     */
    async reclaimNotification(
      id: string,
      key: string,
      from: string,
      resend: Pick<Notification, 'claim' | 'claimedAt'>,
    ): Promise<boolean> {
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: table,
            Key: dispatchKeys.notification(id, key),
            UpdateExpression:
              'SET claim = :claim, interruptedAt = claimedAt, claimedAt = :at, resentAt = :at',
            ConditionExpression: 'claim = :from AND #state = :sending AND attribute_not_exists(resentAt)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':from': from,
              ':claim': resend.claim,
              ':at': resend.claimedAt,
              ':sending': 'sending',
            },
          }),
        ),
      );
    },

    /**
     * Takes the report out of the dispatch queue, into the acknowledgement queue when `ackDue` is set;
     * true only for the one call that did (the report was still waiting).
     */
    async finishDispatch(
      id: string,
      outcome: {
        notifyStatus: NotifyStatus;
        recipients: number;
        dispatchedAt: string;
        level: string;
        ackDue?: string;
      },
    ): Promise<boolean> {
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
      return conditionHolds(() =>
        db.doc.send(
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

    /**
     * Records a tier reached and moves (or removes) the report's place in the acknowledgement queue;
     * true only for the one call that moved it from `fromDueKey`.
     */
    async advanceEscalation(
      id: string,
      fromDueKey: string,
      next: { tier: number; level: string; ackDue?: string },
    ): Promise<boolean> {
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
      return conditionHolds(() =>
        db.doc.send(
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

    async clearAckDue(id: string, fromDueKey: string): Promise<void> {
      await conditionHolds(() =>
        db.doc.send(
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
