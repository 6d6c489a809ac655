import * as classic from 'zod';
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

/**
 * An area code, for the public handlers' queries (zod/mini: a function whose schemas are all mini
 * leaves classic zod out of its bundle and its cold start).
 */
export const AreaCode = /* @__PURE__ */ z.string().check(z.regex(AREA_CODE, AREA_CODE_HINT));

/**
 * The same rule for the schemas written with classic zod (reports, cases, figures, the import). Pure,
 * so that a bundle which never uses it does not load classic zod for it.
 */
export const AreaCodeSchema = /* @__PURE__ */ classic.string().regex(AREA_CODE, AREA_CODE_HINT);

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
