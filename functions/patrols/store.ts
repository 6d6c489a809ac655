import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Report } from '../reports/model';
import { getReport, reportKeys } from '../reports/store';
import type { Store } from '../shared/store/client';
import { conditionHolds, putNew } from '../shared/store/conditions';
import { type Erasure, retentionKey } from '../shared/store/retention';
import type { SpotRef } from '../spots/model';
import { type Patrol, patrolPosition } from './model';

/**
 * Patrols, one item each, listed per place by when they started (gsi1), and queued for the retention
 * of their notes (gsi4) when they have any:
 *   pk PATROL#<id>  sk PATROL  { …Patrol, gsi1pk PATROLS#<area>, gsi1sk <startedAt>#<id>, gsi4pk?, gsi4sk? }
 * What they add to a report's item (reports/store.ts describes the rest):
 *   `patrol` {id, startedAt}   the patrol it was raised on, written once
 *   `spot` {id, name}          the risk spot an officer named for it
 */
const patrolKeys = {
  patrol: (id: string) => ({ pk: `PATROL#${id}`, sk: 'PATROL' }),
  byArea: (area: string) => `PATROLS#${area}`,
};

const PATROL_FIELDS = [
  'id',
  'area',
  'areaName',
  'ancestors',
  'startedAt',
  'endedAt',
  'officers',
  'volunteers',
  'places',
  'spots',
  'notes',
  'reports',
  'createdAt',
  'createdBy',
  'notesRemovedAt',
] as const satisfies readonly (keyof Patrol)[];

function toPatrol(item: Record<string, unknown>): Patrol {
  const out: Record<string, unknown> = {};
  for (const field of PATROL_FIELDS) if (item[field] !== undefined) out[field] = item[field];
  return out as unknown as Patrol;
}

export function patrolStore(db: Store) {
  return {
    /** Stores a new patrol; 'exists' when one holds its id (a retry with the same Idempotency-Key). */
    add(patrol: Patrol, erasure: Erasure | undefined): Promise<'created' | 'exists'> {
      return putNew(db, {
        ...patrolKeys.patrol(patrol.id),
        type: 'patrol',
        ...patrol,
        gsi1pk: patrolKeys.byArea(patrol.area),
        gsi1sk: patrolPosition(patrol),
        ...(erasure ? retentionKey(erasure) : {}),
      });
    },

    async get(id: string): Promise<Patrol | undefined> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: patrolKeys.patrol(id) }));
      return out.Item ? toPatrol(out.Item) : undefined;
    },

    /**
     * A place's patrols that started in [from, to) (UTC ISO), newest first, below the position
     * `before`: one Query of its list, no filter, up to `limit + 1` (the extra one tells a next page exists).
     */
    async ofPlace(
      area: string,
      options: { from: string; to: string; before?: string | undefined; limit: number },
    ): Promise<Patrol[]> {
      const upper = options.before && options.before < options.to ? options.before : options.to;
      // DynamoDB refuses a BETWEEN whose bounds are reversed: a cursor before the period has nothing.
      if (upper <= options.from) return [];
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: 'gsi1',
          // `<startedAt>#<id>` sorts after its bare instant and before the next one: [from, upper).
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': patrolKeys.byArea(area), ':from': options.from, ':to': upper },
          ScanIndexForward: false,
          Limit: options.limit + 2,
        }),
      );
      // BETWEEN includes its upper bound: the cursor's own patrol is not shown twice.
      return (out.Items ?? [])
        .filter((item) => item.gsi1sk !== upper)
        .slice(0, options.limit + 1)
        .map(toPatrol);
    },

    getReport: (id: string): Promise<Report | undefined> => getReport(db, id),

    /** The reports a patrol names, read for their places (one GetItem each, at most a patrol's list). */
    async reportsByIds(ids: readonly string[]): Promise<Map<string, Report>> {
      const found = await Promise.all([...new Set(ids)].map((id) => getReport(db, id)));
      return new Map(found.filter((r): r is Report => r !== undefined).map((r) => [r.id, r]));
    },

    /** Marks a report raised on a patrol, unless another patrol has it: false then. */
    linkReport(reportId: string, patrol: Pick<Patrol, 'id' | 'startedAt'>): Promise<boolean> {
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: reportKeys.report(reportId),
            UpdateExpression: 'SET patrol = :patrol',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(patrol) OR patrol.id = :id)',
            ExpressionAttributeValues: {
              ':patrol': { id: patrol.id, startedAt: patrol.startedAt },
              ':id': patrol.id,
            },
          }),
        ),
      );
    },

    /** Sets the reports a stored patrol names to those raised on it (linkReport said which). */
    async keepReports(id: string, reports: readonly string[]): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: patrolKeys.patrol(id),
          UpdateExpression: 'SET reports = :reports',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':reports': [...reports] },
        }),
      );
    },

    /**
     * Names a report's risk spot (or none), if it still names `previous` (or none): the conditional
     * write makes one officer's change the one counted when two change it at once.
     */
    setReportSpot(
      reportId: string,
      spot: SpotRef | undefined,
      previous: string | undefined,
    ): Promise<boolean> {
      const condition = previous
        ? 'attribute_exists(pk) AND spot.id = :previous'
        : 'attribute_exists(pk) AND attribute_not_exists(spot)';
      return conditionHolds(() =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.table,
            Key: reportKeys.report(reportId),
            UpdateExpression: spot ? 'SET spot = :spot' : 'REMOVE spot',
            ConditionExpression: condition,
            ...(spot || previous
              ? {
                  ExpressionAttributeValues: {
                    ...(spot ? { ':spot': { id: spot.id, name: spot.name } } : {}),
                    ...(previous ? { ':previous': previous } : {}),
                  },
                }
              : {}),
          }),
        ),
      );
    },
  };
}

export type PatrolStore = ReturnType<typeof patrolStore>;
