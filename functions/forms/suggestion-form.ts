import type { Area } from '../areas/model';
import type { Box } from '../boxes/box';
import { NotFound } from '../shared/errors';

export interface SuggestionFormPorts {
  getArea(code: string): Promise<Area | undefined>;
  boxesForArea(area: Area): Promise<Box[]>;
  rootArea: string;
}

export interface SuggestionForm {
  area: Area;
  within?: Area;
  /** The place's own boxes, then its ancestors', nearest first. */
  boxes: Box[];
  /** A box named in the link, if it is one of these. */
  selected?: string;
}

/** What the server-rendered suggestion form needs once a person without JavaScript has picked a place. */
export async function suggestionForm(
  input: { area: string; box?: string | undefined },
  ports: SuggestionFormPorts,
): Promise<SuggestionForm> {
  const area = await ports.getArea(input.area);
  if (!area) throw new NotFound('error.area_not_found');
  const [boxes, within] = await Promise.all([
    ports.boxesForArea(area),
    area.parent && area.parent !== ports.rootArea ? ports.getArea(area.parent) : undefined,
  ]);
  const selected = boxes.find((b) => b.id === input.box)?.id;
  return { area, ...(within ? { within } : {}), boxes, ...(selected ? { selected } : {}) };
}
