import type { Area } from '../areas/model';
import { NotFound } from '../shared/errors';
import type { Box, BoxPage, PublicEntry } from './model';
import type { BoxStore, OpeningStore, SuggestionStore } from './store';

/** The openings a box's page shows, newest first. */
const OPENINGS_SHOWN = 12;

export interface BoxPagePorts {
  boxes: Pick<BoxStore, 'getBox'>;
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

export interface PlaceBoxesPorts {
  areas: { getArea(code: string): Promise<Area | undefined> };
  boxes: Pick<BoxStore, 'boxesForArea'>;
}

export interface PlaceBoxes {
  area: Area;
  boxes: Box[];
}

/** GET /api/boxes?area=: the boxes of a place and of the places above it, nearest first. */
export async function boxesOfPlace(code: string, ports: PlaceBoxesPorts): Promise<PlaceBoxes> {
  const area = await ports.areas.getArea(code);
  if (!area) throw new NotFound('error.area_not_found');
  return { area, boxes: await ports.boxes.boxesForArea(area) };
}
