import type { RetentionPolicy } from '../shared/province';
import { daysAfter, type Erasure } from '../shared/store/retention';
import type { Tally } from '../stats/model';

/** A patrol lasts at most a day; its end may run a few minutes ahead of the server's clock. */
export const PATROL_MAX_HOURS = 24;
/** A patrol is logged within this many days of its start, as a report is (reports/schema.ts MAX_AGE_DAYS). */
export const PATROL_MAX_AGE_DAYS = 30;
const CLOCK_SLACK_MS = 5 * 60_000;
/** Most officers, places, spots and reports one patrol names. */
export const PATROL_LIST_MAX = 50;
export const PATROL_NOTES = { max: 2000 } as const;
export const VOLUNTEERS_MAX = 500;

/**
 * A patrol as recorded: who went (officers of the roster, a count of volunteers), where (places under
 * the patrol's place, risk spots there), what was seen, and the reports raised on the way.
 */
export interface Patrol {
  id: string;
  area: string;
  areaName: string;
  ancestors: string[];
  startedAt: string;
  endedAt: string;
  officers: string[];
  volunteers: number;
  places: string[];
  spots: { id: string; name: string }[];
  /** Erased by the retention rules: '' then, and `notesRemovedAt` says when. */
  notes: string;
  reports: string[];
  createdAt: string;
  createdBy: string;
  notesRemovedAt?: string;
}

/**
 * When a patrol's notes go (officers' words about places and, often, people): as long as the words of
 * a settled report are kept, counted from the patrol's end. Nothing is queued for a patrol without notes.
 */
export function patrolNotesErasure(
  patrol: Pick<Patrol, 'endedAt' | 'notes'>,
  policy: Pick<RetentionPolicy, 'reportTextDaysAfterSettled'>,
): Erasure | undefined {
  return patrol.notes
    ? { stage: 'text', due: daysAfter(patrol.endedAt, policy.reportTextDaysAfterSettled) }
    : undefined;
}

/**
 * What a patrol adds to the month counters where it started, in every place from the province down to
 * its own (stats/model.ts names the others): `pat` patrols, and on each ancestor `pch#<child>` for the
 * place one level down on its way, as incidents have `ch#`.
 */
export function patrolCounts(patrol: Pick<Patrol, 'area' | 'ancestors'>): { area: string; tally: Tally }[] {
  const levels = [...patrol.ancestors, patrol.area];
  return levels.map((area, i) => {
    const next = levels[i + 1];
    return { area, tally: next ? { pat: 1, [`pch#${next}`]: 1 } : { pat: 1 } };
  });
}

/**
 * What naming a report's risk spot adds: one incident at the spot (`spot#<id>`) in every place of the
 * report's way, the month it arrived, and one less at the spot it named before. Duplicates are not
 * incidents and count nowhere.
 */
export function spotCounts(
  report: { area: string; ancestors: readonly string[]; duplicateOf?: string | undefined },
  from: string | undefined,
  to: string | undefined,
): { area: string; tally: Tally }[] {
  if (report.duplicateOf || from === to) return [];
  const tally: Tally = {};
  if (from) tally[`spot#${from}`] = -1;
  if (to) tally[`spot#${to}`] = 1;
  return [...report.ancestors, report.area].map((area) => ({ area, tally }));
}

/** Why a patrol's times are refused, by field, or undefined when they hold. */
export function patrolTimesProblem(
  startedAt: string,
  endedAt: string,
  now: Date,
):
  | {
      field: 'startedAt' | 'endedAt';
      key:
        | 'field.end_before_start'
        | 'field.time_in_future'
        | 'field.patrol_too_long'
        | 'field.patrol_too_old';
    }
  | undefined {
  const start = Date.parse(startedAt);
  const end = Date.parse(endedAt);
  if (end > now.getTime() + CLOCK_SLACK_MS) return { field: 'endedAt', key: 'field.time_in_future' };
  if (end <= start) return { field: 'endedAt', key: 'field.end_before_start' };
  if (end - start > PATROL_MAX_HOURS * 3600_000) return { field: 'endedAt', key: 'field.patrol_too_long' };
  // A start years back would land in a month whose figures were long since read, and a typo in the year
  // would pass as a real patrol.
  if (start < now.getTime() - PATROL_MAX_AGE_DAYS * 86_400_000)
    return { field: 'startedAt', key: 'field.patrol_too_old' };
  return undefined;
}

/** A patrol's place in its place's list: its start (UTC ISO), then its id. */
export const patrolPosition = (p: Pick<Patrol, 'startedAt' | 'id'>) => `${p.startedAt}#${p.id}`;
