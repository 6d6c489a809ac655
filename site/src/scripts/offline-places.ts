import type { AreaKind, PublicArea } from '../../../functions/areas/model';
import { foldForSearch } from '../../../functions/shared/text';
import type { Lang } from '../i18n';
import { getJson } from './api';

/** A place as the picker shows it (picker.ts's Place). */
type Place = PublicArea & { parentName?: string };

/** GET /api/areas/all: `[code, name, kind index, parent row]`, the province first. */
interface PlacesCopy {
  kinds: AreaKind[];
  places: [string, string, number, number][];
}

interface Kept extends Place {
  folded: string;
}

let loaded: Promise<Kept[]> | undefined;

/** The province's places as the service worker keeps them, read once per page. */
function keptPlaces(lang: Lang): Promise<Kept[]> {
  loaded ??= getJson<PlacesCopy>('/api/areas/all', lang).then(
    ({ kinds, places }) => {
      const out: Kept[] = [];
      for (const [code, name, kind, row] of places) {
        const up = out[row];
        out.push({
          code,
          name,
          kind: kinds[kind] ?? 'village',
          parent: up?.code ?? null,
          ...(up && up.kind !== 'province' ? { parentName: up.name } : {}),
          folded: foldForSearch(name),
        });
      }
      return out;
    },
    (error) => {
      loaded = undefined;
      throw error;
    },
  );
  return loaded;
}

const LEVEL: Partial<Record<AreaKind, number>> = { province: 0, commune: 1, ward: 1, special_zone: 1 };

/**
 * The picker's search without signal, ranked as the API ranks it: the whole name, then the start of
 * the name, then the start of a later word; places above villages; then by name.
 */
export async function findKept(q: string, lang: Lang): Promise<Place[]> {
  const query = foldForSearch(q);
  const hits: { place: Kept; rank: number }[] = [];
  for (const place of await keptPlaces(lang)) {
    const rank =
      place.folded === query
        ? 0
        : place.folded.startsWith(query)
          ? 1
          : ` ${place.folded}`.includes(` ${query}`)
            ? 2
            : -1;
    if (query && rank >= 0) hits.push({ place, rank });
  }
  return hits
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (LEVEL[a.place.kind] ?? 2) - (LEVEL[b.place.kind] ?? 2) ||
        a.place.name.localeCompare(b.place.name, 'vi'),
    )
    .slice(0, 20)
    .map((hit) => hit.place);
}

/** The places under a place, from the kept copy. */
export async function childrenKept(code: string, lang: Lang): Promise<Place[]> {
  return (await keptPlaces(lang)).filter((place) => place.parent === code);
}
