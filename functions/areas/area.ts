import * as z from 'zod';

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

export const AreaCodeSchema = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/, 'upper-case letters, digits and dashes');

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
export function publicArea(area: Area): {
  code: string;
  name: string;
  kind: AreaKind;
  parent: string | null;
} {
  return { code: area.code, name: area.name, kind: area.kind, parent: area.parent ?? null };
}
