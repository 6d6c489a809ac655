import * as z from 'zod/mini';

/**
 * What an officer does on the ground. The dispatcher texts whoever is on duty; the role tells the
 * console and the acknowledgement ("acknowledged by the ward police") who answered.
 */
export const OFFICER_ROLES = [
  'police', // commune/ward police officer (công an xã/phường)
  'group_head', // head of a self-management group or residential group (tổ trưởng)
  'mediator', // member of the grassroots mediation team (hòa giải viên)
  'village_chief', // village or hamlet chief (trưởng thôn, trưởng bản)
  'party_cell', // party cell secretary (bí thư chi bộ)
  'duty_desk', // a staffed duty desk with a shared phone (trực ban)
  'admin', // province staff who import data and watch the figures
] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** What the console lets a signed-in person do: an officer sees the areas they serve, an admin all. */
export const OFFICER_ACCESS = ['officer', 'admin'] as const;
export type OfficerAccess = (typeof OFFICER_ACCESS)[number];

/** Codes for officers, groups, models, contacts and roster patterns, as the import checks them: like area codes. */
export const RecordIdSchema = /* @__PURE__ */ z
  .string()
  .check(z.regex(/^[A-Z0-9][A-Z0-9-]{0,39}$/, 'upper-case letters, digits and dashes (at most 40)'));

export interface Officer {
  id: string;
  name: string;
  /** E.164; where the dispatcher's SMS goes. Never shown to the public. */
  phone: string;
  role: OfficerRole;
  access: OfficerAccess;
  /** Area codes served; serving an area means serving every place under it. */
  areas: string[];
  /** The sign-in identity (the Cognito user's e-mail), lower case. */
  login: string;
  /**
   * The Cognito user (its `sub`) the officer is bound to: from the import's `sub` column, or recorded at
   * the first sign-in with a verified e-mail equal to `login`. Absent until then.
   */
  sub?: string;
}

/** What the dispatcher needs to text an officer on duty. */
export interface OfficerOnDuty {
  id: string;
  name: string;
  phone: string;
  role: OfficerRole;
}

/** True when an officer serving `served` areas serves the place whose code and ancestors are given. */
export function servesArea(
  served: readonly string[],
  area: { code: string; ancestors: readonly string[] },
): boolean {
  return served.includes(area.code) || area.ancestors.some((code) => served.includes(code));
}

/** A shift is at most a day long, which bounds the query for who is on duty at an instant. */
export const MAX_SHIFT_MS = 24 * 60 * 60 * 1000;

export interface Shift {
  area: string;
  officer: string;
  /** UTC ISO 8601 (toISOString), so that keys sort by time. */
  start: string;
  /** UTC ISO 8601; the shift covers start <= t < end. */
  end: string;
  /** Where it came from: a roster pattern (by id) or a row of shifts.csv. */
  source: 'roster' | 'file';
  roster?: string;
}
