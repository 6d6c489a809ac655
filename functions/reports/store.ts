import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { URGENCIES } from '../categories/model';
import { storedRequestHash } from '../shared/idempotency';
import type { RetentionPolicy } from '../shared/province';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { retentionKey } from '../shared/store/retention';
import { nextReportErasure, type Report, toReport, urgencyRank } from './model';

/**
 * Reports in the one table. Everything about one report shares its partition, one item per fact:
 * - the report:            pk REPORT#<id>  sk REPORT
 *     gsi1 AREAREPORTS#<area> / <createdAt>#<id>   (reports of a place, newest last, for the console)
 *     gsi2 DISPATCH / <rank>#<createdAt>#<id>      (sparse: written with the report, removed once dispatched;
 *                                                   rank 0 high, 1 normal, 2 low urgency: most urgent first)
 *       or ACKDUE / <due>#<id>                     (sparse: waiting for an acknowledgement until <due>)
 *     gsi3 REPORTLIST / <createdAt>#<id>           (the province's reports, for the console)
 *     gsi4 RETAIN / <due>#<stage>                  (its next erasure under the retention rules, model.ts
 *                                                   nextReportErasure: contact details, then its words)
 *   Its id is a keyed hash of its receipt (shared/receipts.ts): a follow-up reads it by key. A report
 *   sent with an idempotency key keeps an HMAC of its request (`requestHash`) to recognise a replay.
 * - who was reached:       sk TIER#<n>            the recipients chosen for tier n (0 = first dispatch)
 * - one SMS to one person: sk NOTIFY#<recipient>  claimed before sending, then sent / failed / capped
 * - officers' updates:     sk EVENT#<at>#…        a status change, with an optional public note
 * - answers to the person: sk REPLY#<at>#…        public replies; internal notes live under sk NOTE#…
 * The "to dispatch" marker sits on the report item itself, so storing a report and its intent to
 * notify is one write, and the stream (or the local poller) drives the dispatcher from it.
 * Near-duplicates (no idempotency key) meet at pk DEDUP#<keyed hash of area, category, text>.
 */
export const DISPATCH_QUEUE = 'DISPATCH';
export const ACK_QUEUE = 'ACKDUE';
/** The province-wide list's partition in gsi3: one write stores a report and lists it. */
export const PROVINCE_LIST = 'REPORTLIST';

export const reportKeys = {
  report: (id: string) => ({ pk: `REPORT#${id}`, sk: 'REPORT' }),
  partition: (id: string) => `REPORT#${id}`,
  byArea: (area: string) => `AREAREPORTS#${area}`,
  dedup: (digest: string) => ({ pk: `DEDUP#${digest}`, sk: 'DEDUP' }),
};

/**
 * The dispatch queue's order: urgency first (urgencyRank, high = 0), then age, so that one Query
 * returns high-urgency reports before any flood of normal ones. `rankPrefixes` are each urgency's
 * part of the queue, most urgent first, for queries bounded by time within a rank.
 */
export const dispatchOrder = {
  key: (report: Pick<Report, 'urgency' | 'createdAt' | 'id'>): string =>
    `${urgencyRank(report.urgency)}#${report.createdAt}#${report.id}`,
  rankPrefixes: URGENCIES.map((urgency) => `${urgencyRank(urgency)}#`),
};

/**
 * The item of a new report: it enters its place's list, the province's, the dispatch queue and the
 * retention queue in the same write.
 */
export function newReportItem(
  report: Report,
  retention: RetentionPolicy,
  requestHash?: string,
): Record<string, unknown> {
  const listed = `${report.createdAt}#${report.id}`;
  const erasure = nextReportErasure(report, retention);
  return {
    ...reportKeys.report(report.id),
    type: 'report',
    ...report,
    ...(requestHash ? { requestHash } : {}),
    gsi1pk: reportKeys.byArea(report.area),
    gsi1sk: listed,
    gsi2pk: DISPATCH_QUEUE,
    gsi2sk: dispatchOrder.key(report),
    gsi3pk: PROVINCE_LIST,
    gsi3sk: listed,
    ...(erasure ? retentionKey(erasure) : {}),
  };
}

export async function getReport(store: Store, id: string): Promise<Report | undefined> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: reportKeys.report(id), ConsistentRead: true }),
  );
  return out.Item ? toReport(out.Item) : undefined;
}

/** Every item of one report's partition (report, tiers, notifications, events, replies, notes). */
export async function reportPartition(store: Store, id: string): Promise<Record<string, unknown>[]> {
  return queryAll(store, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': reportKeys.partition(id) },
    ConsistentRead: true,
  });
}

/** The intake's writes (reports/submit.ts): each method sends its own command. */
export function reportStore(db: Store, retention: RetentionPolicy) {
  return {
    /** Stores a new report unless one has its id (a copy of the same keyed submit); lists and queues it. */
    async put(report: Report, requestHash?: string): Promise<'created' | 'exists'> {
      // Sent from this frame (conditionHolds takes the promise): the PutItem is one call from the intake.
      const sent = db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: newReportItem(report, retention, requestHash),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return (await conditionHolds(sent)) ? 'created' : 'exists';
    },

    /** A consistent read of a stored report's request hash ('' for one stored without a key). */
    storedRequestHash: (id: string) => storedRequestHash(db, reportKeys.report(id)),

    /**
     * Takes the 10-minute slot of a text for this report, or names the report that holds it. The slot
     * expires by its own `expiresAt` (checked here, never left to TTL) and is not extended by duplicates.
     */
    async claimDuplicateSlot(
      slot: { digest: string; reportId: string; createdAt: string; expiresAt: number },
      nowSeconds: number,
    ): Promise<string | undefined> {
      for (let round = 0; round < 2; round++) {
        const taken = await conditionHolds(() =>
          db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: {
                ...reportKeys.dedup(slot.digest),
                type: 'dedup',
                reportId: slot.reportId,
                createdAt: slot.createdAt,
                expiresAt: slot.expiresAt,
              },
              ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
              ExpressionAttributeValues: { ':now': nowSeconds },
            }),
          ),
        );
        if (taken) return undefined;
        const out = await db.doc.send(
          new GetCommand({ TableName: db.table, Key: reportKeys.dedup(slot.digest), ConsistentRead: true }),
        );
        if (out.Item && Number(out.Item.expiresAt) > nowSeconds) return out.Item.reportId as string;
      }
      return undefined;
    },

    /** Gives a slot back, if this report still holds it. */
    async releaseDuplicateSlot(digest: string, reportId: string): Promise<void> {
      await conditionHolds(() =>
        db.doc.send(
          new DeleteCommand({
            TableName: db.table,
            Key: reportKeys.dedup(digest),
            ConditionExpression: 'reportId = :id',
            ExpressionAttributeValues: { ':id': reportId },
          }),
        ),
      );
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;

/**
 * The first acknowledgement wins: one conditional update of the report. Later ones learn who
 * (by role) was first. The ACKDUE marker is left for the escalation sweep to drop when it comes due,
 * so that an acknowledgement racing the dispatcher's last update never loses either write.
 */
export async function acknowledgeReport(
  store: Store,
  id: string,
  by: { role: string; officerId?: string },
  at: string,
): Promise<{ first: boolean; role: string } | undefined> {
  const first = await conditionHolds(() =>
    store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: reportKeys.report(id),
        UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by, #status = :acknowledged',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(acknowledgedAt) AND #status = :received',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':at': at,
          ':by': by,
          ':acknowledged': 'acknowledged',
          ':received': 'received',
        },
      }),
    ),
  );
  if (first) return { first: true, role: by.role };
  const report = await getReport(store, id);
  if (!report) return undefined;
  // Moved on by the console without an acknowledgement: someone has taken it, role unknown.
  return { first: false, role: report.acknowledgedBy?.role ?? 'officer' };
}
