import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type MediationOutcome, type Report, type ReportStatus, toReport } from '../reports/model';
import { PROVINCE_LIST, reportKeys, reportPartition } from '../reports/store';
import type { Store } from '../shared/store/client';
import { conditionHolds } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { retentionKey } from '../shared/store/retention';
import {
  CHECKLIST_SK,
  COUNTED_ATTRIBUTE,
  isCounted,
  type StepTick,
  stepAttribute,
  stepEntrySk,
  ticksOf,
} from './checklist';
import {
  type CaseEntry,
  type CaseRecord,
  type ExportedCase,
  type Mediation,
  positionOf,
  type StatusUpdate,
  toCaseRecord,
} from './model';

/** Reports read per request at most: a rare status never makes one request read the whole history. */
export const LISTING_BUDGET = 500;

interface ListOptions {
  before?: string | undefined;
  limit: number;
  status?: ReportStatus | undefined;
}

/** The report attributes the province's export reads (model.ts ExportedCase), `mediation.outcome` aside. */
const EXPORTED = [
  'id',
  'area',
  'areaName',
  'ancestors',
  'category',
  'categoryLabel',
  'urgency',
  'status',
  'createdAt',
  'settledAt',
  'acknowledgedAt',
  'escalationTier',
  'duplicateOf',
] as const satisfies readonly (keyof ExportedCase)[];

const PREFIX = { event: 'EVENT', reply: 'REPLY', note: 'NOTE' } as const;

/**
 * The console's reads and writes of report partitions (model.ts lists what it adds to them). Reports
 * are listed two ways: by their own place (gsi1 AREAREPORTS#<area>), merged over the places an officer
 * serves, and the province's whole list (gsi3 REPORTLIST), one Query where merging its 1,700 places
 * would be 1,700 Queries a page.
 */
export function caseStore(db: Store) {
  /**
   * The newest reports of one place older than `before`, at most `want`, optionally of one status.
   * A status filter reads on until it has found `want` or the place has no more.
   */
  async function latestInPlace(
    place: string,
    options: { before?: string | undefined; want: number; status?: ReportStatus | undefined },
  ): Promise<Report[]> {
    const found: Report[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
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

  return {
    async getCase(id: string): Promise<CaseRecord | undefined> {
      const out = await db.doc.send(
        new GetCommand({ TableName: db.table, Key: reportKeys.report(id), ConsistentRead: true }),
      );
      return out.Item ? toCaseRecord(out.Item) : undefined;
    },

    /** Every item of the case's partition, and the case itself read from it. */
    async partition(id: string): Promise<{ record?: CaseRecord; items: Record<string, unknown>[] }> {
      const items = await reportPartition(db, id);
      const item = items.find((i) => i.sk === 'REPORT');
      return item ? { record: toCaseRecord(item), items } : { items };
    },

    /**
     * The newest reports across several places: each place's newest below the cursor, merged by
     * position. All places share one order (createdAt#id), so the cursor is simply the last position
     * shown. Answers up to `limit + 1`, the extra one telling that there is a next page.
     */
    async inPlaces(places: readonly string[], options: ListOptions): Promise<Report[]> {
      const want = options.limit + 1;
      const perPlace = await mapLimit(places, 16, (place) =>
        latestInPlace(place, { before: options.before, want, status: options.status }),
      );
      return perPlace
        .flat()
        .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : positionOf(a) > positionOf(b) ? -1 : 0))
        .slice(0, want);
    },

    /**
     * The province's newest reports below `before`, up to `limit + 1` (the extra one tells a next page
     * exists), optionally of one status. When the budget runs out first, `resumeAt` is the position
     * reached: the next page starts there, whatever this one found.
     */
    async inProvince(options: ListOptions): Promise<{ reports: Report[]; resumeAt?: string }> {
      const want = options.limit + 1;
      const reports: Report[] = [];
      let read = 0;
      let start: Record<string, unknown> | undefined;
      let position = options.before;
      do {
        const out = await db.doc.send(
          new QueryCommand({
            TableName: db.table,
            IndexName: 'gsi3',
            KeyConditionExpression: options.before ? 'gsi3pk = :pk AND gsi3sk < :before' : 'gsi3pk = :pk',
            ExpressionAttributeValues: {
              ':pk': PROVINCE_LIST,
              ...(options.before ? { ':before': options.before } : {}),
            },
            ScanIndexForward: false,
            // Unfiltered, a page needs `want` reports; filtered, read ahead to find matches sooner.
            Limit: options.status ? 100 : want,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) {
          read++;
          position = item.gsi3sk as string;
          const report = toReport(item);
          if (!options.status || report.status === options.status) reports.push(report);
          if (reports.length >= want) return { reports };
        }
        start = out.LastEvaluatedKey;
      } while (start && read < LISTING_BUDGET);
      return start && position ? { reports, resumeAt: position } : { reports };
    },

    /**
     * The province's reports that arrived in [from, to) (ISO instants), oldest first, at most `max`:
     * one Query on the province's list bounded by the period, page by page. Only the attributes the
     * export shows are read back, so a resident's words, name or phone never reach the function.
     */
    async arrivedBetween(from: string, to: string, max: number): Promise<ExportedCase[]> {
      const names = Object.fromEntries(EXPORTED.map((name) => [`#${name}`, name]));
      const items = await queryAll(
        db,
        {
          IndexName: 'gsi3',
          // A position `<createdAt>#<id>` sorts after its bare instant: this takes the reports of [from, to).
          KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': PROVINCE_LIST, ':from': from, ':to': to },
          ProjectionExpression: [...Object.keys(names), '#mediation.#outcome'].join(', '),
          ExpressionAttributeNames: { ...names, '#mediation': 'mediation', '#outcome': 'outcome' },
          ScanIndexForward: true,
        },
        max,
      );
      return items.map(({ mediation, ...item }) => {
        const outcome = (mediation as { outcome?: MediationOutcome } | undefined)?.outcome;
        return { ...(item as unknown as ExportedCase), ...(outcome ? { outcome } : {}) };
      });
    },

    /**
     * Moves a report from one status to the next with one conditional update: it applies only if the
     * report is still where the officer saw it. Leaving `received` also records who took it, unless an
     * acknowledgement by SMS link got there first (then the condition fails and the officer sees why).
     */
    async applyStatusChange(id: string, change: StatusUpdate): Promise<'applied' | 'conflict'> {
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
      const removes: string[] = [];
      if (change.settles) {
        sets.push('settledAt = :at');
        // The retention queue entry moves in the same write (shared/store/retention.ts).
        if (change.settles.erasure) {
          const queued = retentionKey(change.settles.erasure);
          sets.push('gsi4pk = :retainQueue', 'gsi4sk = :retainAt');
          values[':retainQueue'] = queued.gsi4pk;
          values[':retainAt'] = queued.gsi4sk;
        } else removes.push('gsi4pk', 'gsi4sk');
      }
      const applied = await conditionHolds(
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: reportKeys.report(id),
            UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: `attribute_exists(pk) AND ${condition}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return applied ? 'applied' : 'conflict';
    },

    /**
     * Sets one step of the case's checklist (checklist.ts) unless it already stands so: one conditional
     * update of the CHECKLIST item, which answers every tick as it now stands, so that of two officers
     * ticking the last two steps at once exactly one sees the list become complete. Unchanged, the
     * ticks are read back as they are. `counted` is the item's flag as it stood then (markCounted).
     */
    async setStep(
      id: string,
      step: number,
      tick: StepTick,
    ): Promise<{ changed: boolean; ticks: Map<number, StepTick>; counted: boolean }> {
      const key = { pk: reportKeys.partition(id), sk: CHECKLIST_SK };
      const sent = db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: key,
          UpdateExpression: 'SET #step = :tick, #type = :type',
          ConditionExpression: tick.done
            ? 'attribute_not_exists(#step) OR #step.#done = :false'
            : '#step.#done = :true',
          ExpressionAttributeNames: { '#step': stepAttribute(step), '#done': 'done', '#type': 'type' },
          ExpressionAttributeValues: {
            ':tick': tick,
            ':type': 'checklist',
            ...(tick.done ? { ':false': false } : { ':true': true }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (await conditionHolds(sent)) {
        const item = (await sent).Attributes;
        return { changed: true, ticks: ticksOf(item), counted: isCounted(item) };
      }
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
      return { changed: false, ticks: ticksOf(out.Item), counted: isCounted(out.Item) };
    },

    /**
     * Flips the checklist's `counted` flag to `complete`, if it stands the other way and the `steps`
     * (today's playbook) are still all ticked, or still not all: true when this call flipped it, and so
     * must add its ±1 to the figures. Of two requests that saw the same change, one flips; a tick that
     * broke the list in between makes a flip to complete fail, so the flag never counts a list that is not.
     */
    async markCounted(id: string, steps: readonly number[], complete: boolean): Promise<boolean> {
      const names: Record<string, string> = { '#counted': COUNTED_ATTRIBUTE };
      steps.forEach((step, i) => {
        names[`#s${i}`] = stepAttribute(step);
        names['#done'] = 'done';
      });
      const each = steps.map((_, i) => `#s${i}.#done = :true`);
      const some = steps.map((_, i) => `attribute_not_exists(#s${i}) OR #s${i}.#done = :false`);
      const condition = complete
        ? ['(attribute_not_exists(#counted) OR #counted = :false)', ...each].join(' AND ')
        : `#counted = :true${some.length > 0 ? ` AND (${some.join(' OR ')})` : ''}`;
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: { pk: reportKeys.partition(id), sk: CHECKLIST_SK },
            UpdateExpression: `SET #counted = ${complete ? ':true' : ':false'}`,
            ConditionExpression: `attribute_exists(pk) AND ${condition}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':true': true, ':false': false },
          }),
        ),
      );
    },

    /** The internal timeline's entry of a step's tick: its key is named by the tick, so writing it again changes nothing. */
    async putStepEntry(id: string, step: number, tick: StepTick): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName: db.table,
          Item: {
            pk: reportKeys.partition(id),
            sk: stepEntrySk(tick.at, step),
            type: 'step',
            at: tick.at,
            step,
            done: tick.done,
            by: tick.by,
          },
        }),
      );
    },

    /** Writes a change's entries. Each key is named by the change, so writing them again changes nothing. */
    async putEntries(id: string, entries: readonly CaseEntry[]): Promise<void> {
      await Promise.all(
        entries.map((entry) => {
          const { kind, changeId, mediation, ...fields } = entry as CaseEntry & { mediation?: Mediation };
          return db.doc.send(
            new PutCommand({
              TableName: db.table,
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
    },
  };
}

export type CaseStore = ReturnType<typeof caseStore>;

/** Runs `task` over `items` with at most `limit` running at once, keeping the order of the answers. */
async function mapLimit<T, R>(
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
