import { NotFound } from '../shared/errors';
import type { Area, AreaKind, AreaNameHit } from './model';

export interface FindAreasPorts {
  areas: {
    getArea(code: string): Promise<Area | undefined>;
    areasByParent(parent: string): Promise<Area[]>;
    areasByName(query: string): Promise<AreaNameHit[]>;
  };
  rootArea: string;
}

const MAX_SEARCH_RESULTS = 20;

const KIND_ORDER: Record<AreaKind, number> = {
  province: 0,
  ward: 1,
  commune: 1,
  special_zone: 1,
  village: 2,
  hamlet: 2,
  residential_group: 2,
};

/**
 * GET /api/areas: by name (any level, ranked exact > prefix > word), the children of a place, or
 * with neither the province's communes and wards.
 */
export async function findAreas(
  input: { q?: string | undefined; parent?: string | undefined },
  ports: FindAreasPorts,
): Promise<Area[]> {
  if (input.q !== undefined && input.q.trim() !== '') {
    const best = new Map<string, AreaNameHit>();
    for (const hit of await ports.areas.areasByName(input.q)) {
      const known = best.get(hit.area.code);
      if (!known || hit.rank < known.rank) best.set(hit.area.code, hit);
    }
    return [...best.values()]
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          KIND_ORDER[a.area.kind] - KIND_ORDER[b.area.kind] ||
          a.area.name.localeCompare(b.area.name, 'vi'),
      )
      .slice(0, MAX_SEARCH_RESULTS)
      .map((hit) => hit.area);
  }
  const parent = input.parent ?? ports.rootArea;
  const children = await ports.areas.areasByParent(parent);
  if (children.length === 0 && !(await ports.areas.getArea(parent)))
    throw new NotFound('error.area_not_found');
  return children;
}

/** What the step-by-step picker's page shows: the places found, and the place they lie in, if any. */
export interface AreaPicker {
  areas: Area[];
  /** The place whose children these are (`parent=`), to name it and lead back up. */
  parent?: Area;
}

/**
 * findAreas, with the place asked for by `parent=` when a page is to name it (`named`: read alongside;
 * the JSON answer, which the site's script asks for at each step, does without that read).
 */
export async function areaPicker(
  input: { q?: string | undefined; parent?: string | undefined },
  ports: FindAreasPorts,
  options: { named: boolean },
): Promise<AreaPicker> {
  const searching = input.q !== undefined && input.q.trim() !== '';
  const [areas, parent] = await Promise.all([
    findAreas(input, ports),
    options.named && !searching && input.parent ? ports.areas.getArea(input.parent) : undefined,
  ]);
  return parent ? { areas, parent } : { areas };
}
