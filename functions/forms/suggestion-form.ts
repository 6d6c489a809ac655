import { type Area, publicArea } from '../areas/model';
import { NotFound } from '../shared/errors';
import type { FormPass } from '../shared/form-token';
import { type Box, publicBox } from '../suggestions/model';

export interface SuggestionFormPorts {
  getArea(code: string): Promise<Area | undefined>;
  boxesForArea(area: Area): Promise<Box[]>;
  /**
   * An idempotency key (a fresh one, or the one a refused form came with) and its signed form token
   * (shared/form-token.ts), rendered now.
   */
  pass(idempotencyKey?: string): Promise<FormPass>;
  rootArea: string;
}

export interface SuggestionForm {
  area: Area;
  within?: Area;
  /** The place's own boxes, then its ancestors', nearest first. */
  boxes: Box[];
  /** A box named in the link, if it is one of these. */
  selected?: string;
  /** What the form posts in hidden fields: its own idempotency key and token, good once. */
  pass: FormPass;
}

/** What the server-rendered suggestion form needs once a person without JavaScript has picked a place. */
export async function suggestionForm(
  input: { area: string; box?: string | undefined },
  ports: SuggestionFormPorts,
): Promise<SuggestionForm> {
  const area = await ports.getArea(input.area);
  if (!area) throw new NotFound('error.area_not_found');
  const [boxes, within, pass] = await Promise.all([
    ports.boxesForArea(area),
    area.parent && area.parent !== ports.rootArea ? ports.getArea(area.parent) : undefined,
    ports.pass(),
  ]);
  const selected = boxes.find((b) => b.id === input.box)?.id;
  return { area, ...(within ? { within } : {}), boxes, ...(selected ? { selected } : {}), pass };
}

/** The form's JSON answer: what the site's script needs to render the same form. */
export function publicSuggestionForm(form: SuggestionForm) {
  return {
    area: publicArea(form.area),
    within: form.within ? publicArea(form.within) : null,
    boxes: form.boxes.map(publicBox),
  };
}
