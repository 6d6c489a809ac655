import { createHash } from 'node:crypto';
import { foldForSearch } from '../shared/text';

/** Lengths of a risk spot's words, in code points. */
export const SPOT_NAME = { min: 2, max: 80 } as const;
export const SPOT_REASON = { min: 3, max: 300 } as const;
/** Spots one answer lists at most: more than any place keeps, and a bound on one request's reads. */
export const SPOTS_LISTED = 500;

/**
 * A risk spot: a named spot under a place (a market, a wharf, a lane) that the officers of that place
 * watch, with why. Kept by the officers who serve the place; reports and patrols name it by id.
 */
export interface RiskSpot {
  id: string;
  area: string;
  /** The place's ancestors, province first: who serves any of them keeps the spot. */
  ancestors: string[];
  name: string;
  reason: string;
  createdAt: string;
  /** The officer who added it. */
  createdBy: string;
}

/** A spot as a report or a patrol names it: its id and its name when it was named. */
export interface SpotRef {
  id: string;
  name: string;
}

/**
 * A spot's id is made from its place and its folded name ("Chợ Hạ Long 1" = "cho ha long 1"): the same
 * name added twice in one place is the same spot, so a retried request or a second officer typing it
 * again finds it instead of making a twin. 16 lower-case base32 characters, like report ids.
 */
export function spotId(area: string, name: string): string {
  const digest = createHash('sha256')
    .update(`${area}\n${foldForSearch(name)}`, 'utf8')
    .digest();
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let id = '';
  for (let i = 0; i < 16; i++) id += alphabet[(digest[i] as number) & 31];
  return id;
}

/** Where a spot lies on the province's tree: `<province>/<…>/<area>`, for listing a place and everything under it. */
export function pathOf(place: { code: string; ancestors: readonly string[] }): string {
  return [...place.ancestors, place.code].join('/');
}

/** The spot lies in `place` or under it. */
export function spotIn(spot: Pick<RiskSpot, 'area' | 'ancestors'>, place: string): boolean {
  return spot.area === place || spot.ancestors.includes(place);
}
