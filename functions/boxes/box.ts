import * as z from 'zod/mini';
import type { Area } from '../areas/model';
import type { SelfManagementGroup } from '../directory/model';

/**
 * A suggestion box (hòm thư góp ý): every self-management group keeps one, and so does every
 * commune and ward. The import derives them from groups.csv and areas.csv; suggestions and the
 * answers read out when a paper box is opened are stored by the suggestions feature, by box id.
 */
export interface Box {
  /** `G-<group id>` or `A-<area code>`: fits the suggestion form's box field. */
  id: string;
  name: string;
  /** The place where residents find it. */
  area: string;
  kind: 'group' | 'area';
  group?: string;
}

/** A box id as the import makes them: the box page's path and the suggestion form's `box` (BoxIdSchema). */
export const BoxId = /* @__PURE__ */ z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/));

/** The kinds of place that keep a box of their own: the communes and wards. */
export const BOX_AREA_KINDS = ['commune', 'ward', 'special_zone'] as const;

const PLACE_WORD: Record<string, string> = { commune: 'xã', ward: 'phường', special_zone: 'đặc khu' };

export function groupBox(group: SelfManagementGroup): Box {
  return {
    id: `G-${group.id}`,
    name: `Hòm thư góp ý ${group.name}`,
    area: group.area,
    kind: 'group',
    group: group.id,
  };
}

export function areaBox(area: Area): Box {
  const word = PLACE_WORD[area.kind];
  return {
    id: `A-${area.code}`,
    name: `Hòm thư góp ý ${word ? `${word} ` : ''}${area.name}`,
    area: area.code,
    kind: 'area',
  };
}

export function publicBox(box: Box): { id: string; name: string; area: string } {
  return { id: box.id, name: box.name, area: box.area };
}
