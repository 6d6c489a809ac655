import * as z from 'zod/mini';

export const AREA_KINDS = [
  'province',
  'commune',
  'ward',
  'special_zone',
  'village',
  'hamlet',
  'residential_group',
] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

const AREA_CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
const AREA_CODE_HINT = 'upper-case letters, digits and dashes';

/** An area code, as the routes' queries and the import take it. */
export const AreaCode = /* @__PURE__ */ z.string().check(z.regex(AREA_CODE, AREA_CODE_HINT));

export interface Area {
  code: string;
  name: string;
  kind: AreaKind;
  /** Undefined only for the province itself. */
  parent?: string;
  /** Codes from the province down to the parent: lets "serves an area" cover every place under it. */
  ancestors: string[];
}

/** What the public API shows of an area. */
export interface PublicArea {
  code: string;
  name: string;
  kind: AreaKind;
  parent: string | null;
}

export function publicArea(area: Area): PublicArea {
  return { code: area.code, name: area.name, kind: area.kind, parent: area.parent ?? null };
}

export interface AreaNameHit {
  area: Area;
  /** 0: the query is the whole name; 1: it starts the name; 2: it starts a later word. */
  rank: 0 | 1 | 2;
}

/**
 * The import fixes the tree's depth (infra/import/validate.ts): province → commune, ward or special
 * zone → village, hamlet or residential group. Places of the last level have no children, so they
 * are never asked for them.
 */
const LEAVES: ReadonlySet<AreaKind> = new Set(['village', 'hamlet', 'residential_group']);

/** Whether a place can have places under it (a leaf never has: it is not offered a step down). */
export function hasPlacesUnder(kind: AreaKind): boolean {
  return !LEAVES.has(kind);
}

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
