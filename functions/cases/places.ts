import type { Area, AreaKind } from '../areas/model';

/**
 * The import fixes the tree's depth (infra/import/validate.ts): province → commune, ward or special
 * zone → village, hamlet or residential group. Places of the last level have no children, so they
 * are never asked for them.
 */
const LEAVES: ReadonlySet<AreaKind> = new Set(['village', 'hamlet', 'residential_group']);

/** An area's code and every place under it, the area first: where its reports are filed. */
export async function placesUnder(
  area: Pick<Area, 'code' | 'kind'>,
  children: (code: string) => Promise<Area[]>,
): Promise<string[]> {
  const places = [area.code];
  let level: Pick<Area, 'code' | 'kind'>[] = [area];
  while (level.length > 0) {
    const below = (
      await Promise.all(level.filter((a) => !LEAVES.has(a.kind)).map((a) => children(a.code)))
    ).flat();
    places.push(...below.map((a) => a.code));
    level = below;
  }
  return places;
}
