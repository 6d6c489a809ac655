import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MediationOutcome, Report, ReportStatus } from '../reports/model';
import { reportKeys, toReport } from '../reports/store';
import type { Store } from '../shared/store/client';
import { isConditionFailure } from '../shared/store/conditions';

/**
 * What the console adds to a report's partition (reports/store.ts describes the rest):
 * - on the report item: `status`, `acknowledgedAt`/`acknowledgedBy` (when the console takes a report
 *   nobody acknowledged by SMS), `mediation` {outcome, mediator, mediatedAt}, `updatedAt`, and
 *   `lastChange`, the id of the last change applied, so that a retried request knows it was done;
 * - sk EVENT#<at>#<change>  {at, status, from, by, outcome?, mediator?, mediatedAt?}   every status change
 * - sk REPLY#<at>#<change>  {at, text, by}    what the resident reads through their receipt
 * - sk NOTE#<at>#<change>   {at, text, by}    internal notes, never read by follow-up
 * `by` is {officerId, role}: names are looked up when a case is shown, never copied.
 */
export interface Mediation {
  outcome: MediationOutcome;
  mediator: string;
  mediatedAt: string;
}

export interface ActingOfficer {
  officerId: string;
  role: string;
}

export interface CaseRecord {
  report: Report;
  mediation?: Mediation;
  lastChange?: string;
}

export function toCaseRecord(item: Record<string, unknown>): CaseRecord {
  return {
    report: toReport(item),
    ...(item.mediation ? { mediation: item.mediation as Mediation } : {}),
    ...(typeof item.lastChange === 'string' ? { lastChange: item.lastChange } : {}),
  };
}

export async function getCaseRecord(store: Store, id: string): Promise<CaseRecord | undefined> {
  const out = await store.doc.send(
    new GetCommand({ TableName: store.table, Key: reportKeys.report(id), ConsistentRead: true }),
  );
  return out.Item ? toCaseRecord(out.Item) : undefined;
}

/** A report's place in every list: its creation time, then its id. */
export function positionOf(report: Pick<Report, 'createdAt' | 'id'>): string {
  return `${report.createdAt}#${report.id}`;
}

/**
 * The newest reports of one place older than `before`, at most `want`, optionally of one status.
 * A status filter reads on until it has found `want` or the place has no more.
 */
export async function latestInPlace(
  store: Store,
  place: string,
  options: { before?: string | undefined; want: number; status?: ReportStatus | undefined },
): Promise<Report[]> {
  const found: Report[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: 'gsi1',
        KeyConditionExpression: options.before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
        ...(options.status
          ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ExpressionAttributeValues: {
          ':pk': reportKeys.byArea(place),
          ...(options.before ? { ':before': options.before } : {}),
          ...(options.status ? { ':status': options.status } : {}),
        },
        ScanIndexForward: false,
        Limit: options.status ? Math.min(200, options.want * 4) : options.want,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) found.push(toReport(item));
    start = out.LastEvaluatedKey;
  } while (start && found.length < options.want);
  return found.slice(0, options.want);
}

/** Runs `task` over `items` with at most `limit` running at once, keeping the order of the answers. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The newest reports across several places: each place's newest below the cursor, merged by position.
 * All places share one order (createdAt#id), so the cursor is simply the last position shown. Answers
 * up to `limit + 1`, the extra one telling that there is a next page.
 */
export async function reportsInPlaces(
  store: Store,
  places: readonly string[],
  options: { before?: string | undefined; limit: number; status?: ReportStatus | undefined },
): Promise<Report[]> {
  const want = options.limit + 1;
  const perPlace = await mapLimit(places, 16, (place) =>
    latestInPlace(store, place, { before: options.before, want, status: options.status }),
  );
  return perPlace
    .flat()
    .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : positionOf(a) > positionOf(b) ? -1 : 0))
    .slice(0, want);
}

/** One status change as the case's conditional update applies it. */
export interface StatusChange {
  from: ReportStatus;
  to: ReportStatus;
  at: string;
  changeId: string;
  by: ActingOfficer;
  mediation?: Mediation | undefined;
}

/**
 * Moves a report from one status to the next with one conditional update: it applies only if the
 * report is still where the officer saw it. Leaving `received` also records who took it, unless an
 * acknowledgement by SMS link got there first (then the condition fails and the officer sees why).
 */
export async function applyStatusChange(
  store: Store,
  id: string,
  change: StatusChange,
): Promise<'applied' | 'conflict'> {
  const sets = ['#status = :to', 'updatedAt = :at', 'lastChange = :change'];
  const values: Record<string, unknown> = {
    ':to': change.to,
    ':from': change.from,
    ':at': change.at,
    ':change': change.changeId,
  };
  let condition = '#status = :from';
  if (change.from === 'received') {
    sets.push('acknowledgedAt = :at', 'acknowledgedBy = :by');
    values[':by'] = { role: change.by.role, officerId: change.by.officerId };
    condition += ' AND attribute_not_exists(acknowledgedAt)';
  }
  if (change.mediation) {
    sets.push('mediation = :mediation');
    values[':mediation'] = change.mediation;
  }
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.table,
        Key: reportKeys.report(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `attribute_exists(pk) AND ${condition}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
    return 'applied';
  } catch (error) {
    if (isConditionFailure(error)) return 'conflict';
    throw error;
  }
}

export type CaseEntry =
  | {
      kind: 'event';
      at: string;
      changeId: string;
      status: ReportStatus;
      from: ReportStatus;
      by: ActingOfficer;
      mediation?: Mediation | undefined;
    }
  | { kind: 'reply' | 'note'; at: string; changeId: string; text: string; by: ActingOfficer };

const PREFIX = { event: 'EVENT', reply: 'REPLY', note: 'NOTE' } as const;

/** Writes a change's entries. Each key is named by the change, so writing them again changes nothing. */
export async function putCaseEntries(store: Store, id: string, entries: readonly CaseEntry[]): Promise<void> {
  await Promise.all(
    entries.map((entry) => {
      const { kind, changeId, mediation, ...fields } = entry as CaseEntry & { mediation?: Mediation };
      return store.doc.send(
        new PutCommand({
          TableName: store.table,
          Item: {
            pk: reportKeys.partition(id),
            sk: `${PREFIX[kind]}#${entry.at}#${changeId}`,
            type: kind,
            ...fields,
            ...(mediation ?? {}),
          },
        }),
      );
    }),
  );
}
