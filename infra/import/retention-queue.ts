import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditErasure } from '../../functions/officers/model';
import { nextReportErasure, SETTLED_STATUSES, toReport } from '../../functions/reports/model';
import type { RetentionPolicy } from '../../functions/shared/province';
import type { Store } from '../../functions/shared/store/client';
import { conditionHolds } from '../../functions/shared/store/conditions';
import { type Erasure, retentionKey } from '../../functions/shared/store/retention';
import { digestPlanErasure, openingErasure, suggestionErasure } from '../../functions/suggestions/model';

type Item = Record<string, unknown>;

/** The kinds of item that hold personal data, by their `type`, and when each is due (as their stores set it). */
const RULES: Record<
  string,
  (item: Item, policy: RetentionPolicy) => { erasure?: Erasure; settledAt?: string }
> = {
  report: (item, policy) => {
    const report = toReport(item);
    // Settled before the rules: its last update is the best date the item holds.
    const settledAt =
      report.settledAt ??
      (SETTLED_STATUSES.includes(report.status)
        ? String(item.updatedAt ?? report.acknowledgedAt ?? report.createdAt)
        : undefined);
    const erasure = nextReportErasure({ ...report, ...(settledAt ? { settledAt } : {}) }, policy);
    return { ...(erasure ? { erasure } : {}), ...(settledAt && !report.settledAt ? { settledAt } : {}) };
  },
  suggestion: (item, policy) => {
    const replies = (item.replies as { at?: string }[] | undefined) ?? [];
    const latestAnswerAt = replies
      .map((r) => r.at ?? '')
      .sort()
      .at(-1);
    return { erasure: suggestionErasure({ createdAt: String(item.createdAt), latestAnswerAt }, policy) };
  },
  boxOpening: (item, policy) => ({ erasure: openingErasure({ openedAt: String(item.openedAt) }, policy) }),
  audit: (item, policy) => ({ erasure: auditErasure(String(item.first), policy.auditDays) }),
  digestPlan: (item, policy) => ({ erasure: digestPlanErasure({ cutoff: String(item.cutoff) }, policy) }),
};

/**
 * Puts in the retention queue (gsi4) the items holding personal data that were written before the
 * retention rules, so that the nightly job finds them. An admin's one-off, run by the CLI: it scans
 * the table once (nothing on a request path does), and writes only items not queued yet, so running it
 * again changes nothing. Counts per kind, nothing of the items.
 */
export async function queueUnqueued(store: Store, policy: RetentionPolicy): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let start: Item | undefined;
  do {
    const page = await store.doc.send(
      new ScanCommand({
        TableName: store.table,
        FilterExpression: 'attribute_not_exists(gsi4pk) AND #type IN (:r, :s, :o, :a, :d)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':r': 'report',
          ':s': 'suggestion',
          ':o': 'boxOpening',
          ':a': 'audit',
          ':d': 'digestPlan',
        },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const type = String(item.type);
      const { erasure, settledAt } = RULES[type]?.(item, policy) ?? {};
      if (!erasure) continue;
      const queued = retentionKey(erasure);
      const written = await conditionHolds(() =>
        store.doc.send(
          new UpdateCommand({
            TableName: store.table,
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: `SET gsi4pk = :q, gsi4sk = :k${settledAt ? ', settledAt = :settled' : ''}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(gsi4pk)',
            ExpressionAttributeValues: {
              ':q': queued.gsi4pk,
              ':k': queued.gsi4sk,
              ...(settledAt ? { ':settled': settledAt } : {}),
            },
          }),
        ),
      );
      if (written) counts[type] = (counts[type] ?? 0) + 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}
