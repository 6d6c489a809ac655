import { AREA_KINDS, type Area, type AreaKind, hasPlacesUnder } from './model';

export interface AllPlacesPorts {
  areas: {
    getArea(code: string): Promise<Area | undefined>;
    areasByParent(parent: string): Promise<Area[]>;
  };
  rootArea: string;
}

/**
 * The whole province's places in one compact answer, kept by the site's service worker so that the
 * place picker works without signal: `[code, name, kind, parent]`, where kind is an index into
 * `kinds` and parent the index of the parent's row (-1 for the province). Rows come province first,
 * then level by level, so a parent's row is always before its children's.
 */
export interface PlacesCopy {
  kinds: readonly AreaKind[];
  places: [code: string, name: string, kind: number, parent: number][];
}

// Queries run side by side, a few at a time: 170 communes read in about ten rounds.
const AT_ONCE = 16;

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += AT_ONCE)
    out.push(...(await Promise.all(items.slice(i, i + AT_ONCE).map(run))));
  return out;
}

/** GET /api/areas/all: the province's places, walked down from the province by their parent index. */
export async function allPlaces(ports: AllPlacesPorts): Promise<PlacesCopy> {
  const root = await ports.areas.getArea(ports.rootArea);
  if (!root) return { kinds: AREA_KINDS, places: [] };
  const rows: Area[] = [root];
  const index = new Map([[root.code, 0]]);
  let level = [root];
  while (level.length > 0) {
    const parents = level.filter((area) => hasPlacesUnder(area.kind));
    const children = (await inBatches(parents, (parent) => ports.areas.areasByParent(parent.code))).flat();
    for (const child of children) {
      if (index.has(child.code)) continue;
      index.set(child.code, rows.length);
      rows.push(child);
    }
    level = children;
  }
  return {
    kinds: AREA_KINDS,
    places: rows.map((area) => [
      area.code,
      area.name,
      AREA_KINDS.indexOf(area.kind),
      area.parent ? (index.get(area.parent) ?? -1) : -1,
    ]),
  };
}
