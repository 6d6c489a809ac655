import type { FormRefusal } from '../shared/errors';

/**
 * The rules of abuse control that need no I/O: how hard a proof of work is while a place is quiet or
 * flooded, when a place's rate of reports is a flood, and how long a form token is good for.
 */

/** The province's `challenge` settings: ALTCHA's maxnumber while quiet and under a flood. */
export interface ChallengeSettings {
  quietMaxNumber: number;
  floodMaxNumber: number;
}

/** The province's `flood` settings (README, "Province config"). */
export interface FloodSettings {
  /** The sliding window, in minutes, that reports are counted over. */
  windowMinutes: number;
  /** Never a flood below this many reports in the window, however quiet the place usually is. */
  minReports: number;
  /** A flood is this many times the place's normal count for the window (or the floor, if higher). */
  factor: number;
}

/** The UTC minute an instant falls in, `YYYY-MM-DDTHH:MM`: the rate counters' bucket. */
export function minuteOf(at: Date | string): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 16);
}

/** The minute `minutes` before (negative: after) a minute bucket. */
export function minutesBefore(minute: string, minutes: number): string {
  return minuteOf(new Date(Date.parse(`${minute}:00.000Z`) - minutes * 60_000));
}

/** The minutes of a window of `windowMinutes` that ends with `minute` (both included). */
export function windowOf(minute: string, windowMinutes: number): { from: string; to: string } {
  return { from: minutesBefore(minute, windowMinutes - 1), to: minute };
}

/**
 * A place's normal count of reports for one window, from what the figures count a month (every
 * report, duplicates included) over the full months before this one: `reports` over `minutes`.
 */
export function normalPerWindow(reports: number, minutes: number, flood: FloodSettings): number {
  return minutes > 0 ? (reports / minutes) * flood.windowMinutes : 0;
}

/** Reports in a window from which a place is flooded: `factor` × its normal, never under the floor. */
export function floodThreshold(normal: number, flood: FloodSettings): number {
  return Math.max(flood.minReports, Math.ceil(flood.factor * normal));
}

/**
 * The maxnumber of a challenge for a place at `pressure` (its reports in the window over its flood
 * threshold; the highest of the place and the province): quiet below a third of a flood, then a step
 * up at each further third, up to the flood's at a flood. Steps (doubling with the defaults: 40,000,
 * 80,000, 160,000, 320,000) keep a page's solution good while the rate moves a little; a solution
 * easier than the current step is asked again.
 */
export function maxNumberFor(pressure: number, settings: ChallengeSettings): number {
  const { quietMaxNumber: quiet, floodMaxNumber: flood } = settings;
  if (flood <= quiet) return quiet;
  const steps = Math.max(1, Math.round(Math.log2(flood / quiet)));
  const step = Math.min(steps, Math.floor(Math.max(0, pressure) * steps + 1e-9));
  return Math.round(quiet * (flood / quiet) ** (step / steps));
}

/**
 * A form from a page without JavaScript is refused if sent sooner than this after it was rendered: a
 * person reads and types for longer; a script that fetches the form and posts it at once is slowed.
 */
export const FORM_MIN_SECONDS = 3;
/** A form token is good this long after its form was rendered; an older one is answered with a fresh one. */
export const FORM_VALID_MINUTES = 60;

/** Why a form token (read and verified, or not) cannot be taken now; undefined when it can. */
export function formRefusal(
  token: { route: string; idempotencyKey: string; issuedAt: Date } | undefined,
  posted: { route: string; idempotencyKey: string | undefined; tokenGiven: boolean },
  now: Date,
): FormRefusal | undefined {
  if (!posted.tokenGiven) return 'missing';
  if (!token || token.route !== posted.route || token.idempotencyKey !== posted.idempotencyKey)
    return 'invalid';
  const age = now.getTime() - token.issuedAt.getTime();
  if (age < FORM_MIN_SECONDS * 1000) return 'too_fast';
  if (age > FORM_VALID_MINUTES * 60_000) return 'expired';
  return undefined;
}

/**
 * A flood as the console lists it (pk ALERTS#<local date>, sk FLOOD#<area>), written once per place and
 * day when its admins are alerted: figures only, never a resident's words.
 */
export interface FloodAlert {
  type: 'floodAlert';
  area: string;
  areaName: string;
  /** Reports in the window when the flood was seen. */
  count: number;
  windowMinutes: number;
  /** The place's normal count for such a window (two decimals). */
  normal: number;
  at: string;
}
