import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Report } from '../reports/model';
import { getReport, reportKeys } from '../reports/store';
import { batchGet } from '../shared/store/batch';
import type { Store } from '../shared/store/client';
import { conditionHolds, putNew } from '../shared/store/conditions';
import { type Erasure, retentionKey } from '../shared/store/retention';
import type { SpotRef } from '../spots/model';
import { type Patrol, patrolPosition } from './model';

/**
 * Patrols, one item each, listed per place by when they started (gsi1), and queued for the retention
 * of their notes (gsi4) when they have any; beside it, one listing item per place above the patrol's,
 * so that a place's list holds the patrols of the places under it too. A listing carries only its
 * keys: the patrol item stays the one copy of what was seen (retention erases the notes there alone),
 * and sharing its partition, it lives and goes with it.
 *   pk PATROL#<id>  sk PATROL        { …Patrol, gsi1pk PATROLS#<area>, gsi1sk <startedAt>#<id>, gsi4pk?, gsi4sk? }
 *   pk PATROL#<id>  sk IN#<ancestor> { type patrolListing, gsi1pk PATROLS#<ancestor>, gsi1sk <startedAt>#<id> }
 * What they add to a report's item (reports/store.ts describes the rest):
 *   `patrol` {id, startedAt}   the patrol it was raised on, written once
 *   `spot` {id, name}          the risk spot an officer named for it
 */
const patrolKeys = {
  patrol: (id: string) => ({ pk: `PATROL#${id}`, sk: 'PATROL' }),
  listing: (id: string, place: string) => ({ pk: `PATROL#${id}`, sk: `IN#${place}` }),
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
     * Lists a stored patrol under every place above its own, the province included: one Put each,
     * whole and unconditional, so writing them again (a replay) changes nothing.
     */
    async listUnder(patrol: Pick<Patrol, 'id' | 'startedAt' | 'ancestors'>): Promise<void> {
      await Promise.all(
        patrol.ancestors.map((place) =>
          db.doc.send(
            new PutCommand({
              TableName: db.table,
              Item: {
                ...patrolKeys.listing(patrol.id, place),
                type: 'patrolListing',
                gsi1pk: patrolKeys.byArea(place),
                gsi1sk: patrolPosition(patrol),
              },
            }),
          ),
        ),
      );
    },

    /**
     * A page of the patrols of a place and of the places under it that started in [from, to) (UTC
     * ISO), newest first, below the position `before`: one Query of the place's list, no filter
     * (its own patrols and the listings of those under it), then one BatchGet of the listed patrols.
     * `next` is the position of the page's last entry when more follow: a listing whose patrol is
     * missing is left out, but still moves the page on.
     */
    async underPlace(
      area: string,
      options: { from: string; to: string; before?: string | undefined; limit: number },
    ): Promise<{ patrols: Patrol[]; next?: string }> {
      const upper = options.before && options.before < options.to ? options.before : options.to;
      // DynamoDB refuses a BETWEEN whose bounds are reversed: a cursor before the period has nothing.
      if (upper <= options.from) return { patrols: [] };
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: 'gsi1',
          // `<startedAt>#<id>` sorts after its bare instant and before the next one: [from, upper).
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': patrolKeys.byArea(area), ':from': options.from, ':to': upper },
          ScanIndexForward: false,
          // One more than the page tells a next page exists; one more again for the cursor's own entry.
          Limit: options.limit + 2,
        }),
      );
      // BETWEEN includes its upper bound: the cursor's own patrol is not shown twice.
      const entries = (out.Items ?? []).filter((item) => item.gsi1sk !== upper);
      const page = entries.slice(0, options.limit);
      const listed = page.filter((item) => item.sk !== 'PATROL').map((item) => String(item.pk));
      // Read consistently: a listing is written after its patrol, so a patrol the index already lists
      // is never missed by a replica that has not caught up.
      const found = await batchGet(
        db,
        listed.map((pk) => ({ pk, sk: 'PATROL' })),
        { consistent: true },
      );
      const patrols = new Map(found.map((item) => [String(item.pk), toPatrol(item)]));
      const shown = page.flatMap((item) => {
        const patrol = item.sk === 'PATROL' ? toPatrol(item) : patrols.get(String(item.pk));
        return patrol ? [patrol] : [];
      });
      const last = page.at(-1);
      return {
        patrols: shown,
        ...(entries.length > options.limit && last ? { next: String(last.gsi1sk) } : {}),
      };
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
