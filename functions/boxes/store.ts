import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Area } from '../areas/model';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import { foldForSearch } from '../shared/text';
import type { Box } from './box';

/**
 * Boxes: pk BOX#<id>  sk BOX  gsi1 BOXES#<area> / <0 area box, 1 group box>#<folded name>#<id>
 * A place's boxes are one Query on gsi1; the place's own box sorts before its groups'.
 * The box's partition also holds what the suggestions feature keeps per box, never touched by the
 * import: sk TALLY (counters), OPENING#<openedAt> (paper box openings), DIGEST… (the daily digest).
 */
export const boxKeys = {
  partition: (id: string) => `BOX#${id}`,
  box: (id: string) => ({ pk: `BOX#${id}`, sk: 'BOX' }),
  ofArea: (area: string) => `BOXES#${area}`,
};

export function boxItem(box: Box): Record<string, unknown> {
  return {
    ...boxKeys.box(box.id),
    type: 'box',
    ...box,
    gsi1pk: boxKeys.ofArea(box.area),
    gsi1sk: `${box.kind === 'area' ? 0 : 1}#${foldForSearch(box.name)}#${box.id}`,
  };
}

function toBox(item: Record<string, unknown>): Box {
  return {
    id: item.id as string,
    name: item.name as string,
    area: item.area as string,
    kind: item.kind === 'group' ? 'group' : 'area',
    ...(item.group ? { group: item.group as string } : {}),
  };
}

export async function getBox(store: Store, id: string): Promise<Box | undefined> {
  const out = await store.doc.send(new GetCommand({ TableName: store.table, Key: boxKeys.box(id) }));
  return out.Item ? toBox(out.Item) : undefined;
}

/** Boxes kept in exactly this place. */
export async function boxesOfArea(store: Store, area: string): Promise<Box[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': boxKeys.ofArea(area) },
  });
  return items.map(toBox);
}

/**
 * The boxes a resident of this place may drop a suggestion in: the place's own, then each
 * ancestor's, nearest first (a residential group's boxes, then its ward's). One Query per level.
 */
export async function boxesForArea(store: Store, area: Pick<Area, 'code' | 'ancestors'>): Promise<Box[]> {
  const codes = [area.code, ...[...area.ancestors].reverse()];
  const lists = await Promise.all(codes.map((code) => boxesOfArea(store, code)));
  return lists.flat();
}
