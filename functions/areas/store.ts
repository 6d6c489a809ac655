import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import { foldForSearch, searchTokens } from '../shared/text';
import type { Area, AreaKind, AreaNameHit } from './model';

/**
 * Areas in the one table:
 * - the area:        pk AREA#<code>          sk AREA        gsi1 AREAS#<parent> / <folded name>#<code>
 * - its name index:  pk AREANAME#<letter>    sk <words from a word boundary to the end>#<code>
 * One name-index item per word of the name lets a Query with begins_with find any prefix of the
 * name and any of its words, so search never scans. Each carries the area's name, kind and parent
 * (denormalized) so that a search needs no second read.
 */
const areaKeys = {
  area: (code: string) => ({ pk: `AREA#${code}`, sk: 'AREA' }),
  children: (parent: string) => `AREAS#${parent}`,
  nameIndex: (firstLetter: string) => `AREANAME#${firstLetter}`,
};

/** The first code point, not UTF-16 unit: half a surrogate pair is not a valid DynamoDB string. */
function firstLetter(text: string): string {
  return String.fromCodePoint(text.codePointAt(0) ?? 0x20);
}

/** Every item that stores one area: the area itself and its name-index entries. */
export function areaItems(area: Area): Record<string, unknown>[] {
  const folded = foldForSearch(area.name);
  const base = {
    code: area.code,
    name: area.name,
    kind: area.kind,
    ancestors: area.ancestors,
    ...(area.parent ? { parent: area.parent } : {}),
  };
  const items: Record<string, unknown>[] = [
    {
      ...areaKeys.area(area.code),
      type: 'area',
      ...base,
      ...(area.parent ? { gsi1pk: areaKeys.children(area.parent), gsi1sk: `${folded}#${area.code}` } : {}),
    },
  ];
  const words = searchTokens(area.name);
  const seen = new Set<string>();
  words.forEach((word, position) => {
    const suffix = words.slice(position).join(' ');
    if (seen.has(suffix)) return;
    seen.add(suffix);
    items.push({
      pk: areaKeys.nameIndex(firstLetter(word)),
      sk: `${suffix}#${area.code}`,
      type: 'areaName',
      position,
      folded,
      ...base,
    });
  });
  return items;
}

function toArea(item: Record<string, unknown>): Area {
  return {
    code: item.code as string,
    name: item.name as string,
    kind: item.kind as AreaKind,
    ancestors: (item.ancestors as string[] | undefined) ?? [],
    ...(item.parent ? { parent: item.parent as string } : {}),
  };
}

export async function getArea(store: Store, code: string): Promise<Area | undefined> {
  const out = await store.doc.send(new GetCommand({ TableName: store.table, Key: areaKeys.area(code) }));
  return out.Item ? toArea(out.Item) : undefined;
}

/** The direct children of an area, by name. */
export async function areasByParent(store: Store, parent: string): Promise<Area[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': areaKeys.children(parent) },
  });
  return items.map(toArea);
}

/** Areas whose name, or one of its words, starts with the folded query; at most `scanLimit` index items read. */
export async function areasByName(store: Store, query: string, scanLimit = 300): Promise<AreaNameHit[]> {
  const folded = foldForSearch(query);
  if (folded === '') return [];
  const items = await queryAll(
    store,
    {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)',
      ExpressionAttributeValues: { ':pk': areaKeys.nameIndex(firstLetter(folded)), ':q': folded },
    },
    scanLimit,
  );
  return items.map((item) => ({
    area: toArea(item),
    rank: item.position !== 0 ? 2 : item.folded === folded ? 0 : 1,
  }));
}
