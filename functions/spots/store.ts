import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { putNew } from '../shared/store/conditions';
import { queryAll } from '../shared/store/query';
import { pathOf, type RiskSpot } from './model';

/**
 * Risk spots, one item each, under their own key, and on one list of the province sorted by where
 * they lie on its tree:
 *   pk SPOT#<id>  sk SPOT  { id, area, ancestors, name, reason, createdAt, createdBy,
 *                            gsi3pk RISKSPOTS, gsi3sk <province>/<…>/<area>/#<id> }
 * So the spots of a place and of every place under it are one Query (begins_with its path), a
 * place's own spots another, and a spot by id one GetItem. Spots are few (tens per commune): one list
 * for the province holds them all.
 */
const SPOT_LIST = 'RISKSPOTS';

const spotKey = (id: string) => ({ pk: `SPOT#${id}`, sk: 'SPOT' });

function toSpot(item: Record<string, unknown>): RiskSpot {
  return {
    id: String(item.id),
    area: String(item.area),
    ancestors: (item.ancestors as string[] | undefined) ?? [],
    name: String(item.name),
    reason: String(item.reason),
    createdAt: String(item.createdAt),
    createdBy: String(item.createdBy),
  };
}

export function spotStore(db: Store) {
  const listed = (prefix: string, max: number) =>
    queryAll(
      db,
      {
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :path)',
        ExpressionAttributeValues: { ':pk': SPOT_LIST, ':path': prefix },
      },
      max,
    ).then((items) => items.map(toSpot));

  return {
    /** Stores a new spot; 'exists' when one holds its id (the same name in the same place). */
    add(spot: RiskSpot): Promise<'created' | 'exists'> {
      return putNew(db, {
        ...spotKey(spot.id),
        type: 'riskSpot',
        ...spot,
        gsi3pk: SPOT_LIST,
        gsi3sk: `${pathOf({ code: spot.area, ancestors: spot.ancestors })}/#${spot.id}`,
      });
    },

    async get(id: string): Promise<RiskSpot | undefined> {
      const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: spotKey(id) }));
      return out.Item ? toSpot(out.Item) : undefined;
    },

    /** Spots by id (unknown ids are left out): one GetItem each, for the few a patrol or a figure names. */
    async byIds(ids: readonly string[]): Promise<Map<string, RiskSpot>> {
      const found = await Promise.all([...new Set(ids)].map((id) => this.get(id)));
      return new Map(found.filter((s): s is RiskSpot => s !== undefined).map((s) => [s.id, s]));
    },

    /** The spots of a place and of every place under it, in the order of the tree, the first `max`. */
    under(place: { code: string; ancestors: readonly string[] }, max: number): Promise<RiskSpot[]> {
      return listed(`${pathOf(place)}/`, max);
    },

    /** The spots of exactly this place, the first `max`. */
    at(place: { code: string; ancestors: readonly string[] }, max: number): Promise<RiskSpot[]> {
      return listed(`${pathOf(place)}/#`, max);
    },
  };
}

export type SpotStore = ReturnType<typeof spotStore>;
