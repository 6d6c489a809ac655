import type { Area } from '../areas/model';
import { NotFound } from '../shared/errors';
import type { SuggestionStore } from '../suggestions/ports';
import type { Box } from './box';
import type { OpeningStore } from './opening';

/** The openings a box's page shows, newest first. */
export const OPENINGS_SHOWN = 12;

export interface PublicEntry {
  text: string;
  /** The officers' latest answer, when there is one. */
  reply?: string;
}

export interface BoxPage {
  id: string;
  name: string;
  area: string;
  openings: { openedAt: string; entries: PublicEntry[] }[];
}

export interface BoxPagePorts {
  boxes: { getBox(id: string): Promise<Box | undefined> };
  openings: Pick<OpeningStore, 'latest'>;
  suggestions: Pick<SuggestionStore, 'getMany'>;
}

/**
 * GET /api/boxes/{id}: the box, and what its paper box held at its latest openings with the officers'
 * answers. Withheld entries are left out; who opened the box and the witnesses are not shown.
 */
export async function boxPage(id: string, ports: BoxPagePorts): Promise<BoxPage> {
  const box = await ports.boxes.getBox(id);
  if (!box) throw new NotFound('error.box_not_found');
  const openings = await ports.openings.latest(box.id, OPENINGS_SHOWN);
  const found = new Map(
    (await ports.suggestions.getMany(openings.flatMap((o) => o.entries))).map((s) => [s.id, s]),
  );
  return {
    id: box.id,
    name: box.name,
    area: box.area,
    openings: openings.map((opening) => ({
      openedAt: opening.openedAt,
      entries: opening.entries.flatMap((entryId): PublicEntry[] => {
        const entry = found.get(entryId);
        if (!entry || entry.status === 'hidden' || entry.box !== box.id) return [];
        const reply = entry.replies[entry.replies.length - 1];
        return [{ text: entry.text, ...(reply ? { reply: reply.text } : {}) }];
      }),
    })),
  };
}

export interface PlaceBoxes {
  area: Area;
  boxes: Box[];
}

/** GET /api/boxes?area=: the boxes of a place and of the places above it, nearest first. */
export async function boxesOfPlace(
  code: string,
  ports: {
    areas: { getArea(code: string): Promise<Area | undefined> };
    boxesForArea(area: Area): Promise<Box[]>;
  },
): Promise<PlaceBoxes> {
  const area = await ports.areas.getArea(code);
  if (!area) throw new NotFound('error.area_not_found');
  return { area, boxes: await ports.boxesForArea(area) };
}
