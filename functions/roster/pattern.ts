import { addDays, localDate, weekday, zonedInstant } from '../shared/time';
import type { Shift } from './model';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Longest validity window of one pattern: a year and a bit; longer is surely a typo. */
export const MAX_PATTERN_DAYS = 400;

/**
 * A recurring duty: "every night 18:00–06:00 these officers in this area, from … to …". Times are
 * the province's wall clock; a `to` at or before `from` ends the next day. Validity bounds are
 * calendar dates or days relative to the import day (`-7d`, `+31d`, `today`), so that a demo or a
 * standing rota keeps rolling forward each time it is imported.
 */
export interface RosterPattern {
  id: string;
  area: string;
  officers: string[];
  /** Days on which a shift starts, in week order from Monday. */
  days: Weekday[];
  from: string;
  to: string;
  validFrom: string;
  validTo: string;
}

const RELATIVE = /^([+-])(\d{1,3})d$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}$/;

export function isDateSpec(spec: string): boolean {
  if (spec === 'today' || RELATIVE.test(spec)) return true;
  if (!ABSOLUTE.test(spec)) return false;
  return addDays(spec, 0) === spec;
}

/** A validity bound as a calendar date, relative ones counted from `today`. */
export function resolveDateSpec(spec: string, today: string): string {
  if (spec === 'today') return today;
  const relative = RELATIVE.exec(spec);
  if (relative) return addDays(today, (relative[1] === '-' ? -1 : 1) * Number(relative[2]));
  return spec;
}

/** Days between two calendar dates (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Weekday names from a cell: `daily`, `weekdays`, `weekends`, or names like `mon tue sat`. */
export function parseDays(cell: string): Weekday[] | undefined {
  const words = cell
    .toLowerCase()
    .split(/[\s;,]+/)
    .filter(Boolean);
  const chosen = new Set<Weekday>();
  const groups: Record<string, readonly Weekday[]> = {
    daily: WEEKDAYS,
    weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    weekends: ['sat', 'sun'],
  };
  for (const word of words) {
    const named =
      groups[word] ?? ((WEEKDAYS as readonly string[]).includes(word) ? [word as Weekday] : undefined);
    if (!named) return undefined;
    for (const day of named) chosen.add(day);
  }
  if (chosen.size === 0) return undefined;
  return weekOrder(chosen);
}

function weekOrder(days: Set<Weekday>): Weekday[] {
  return (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).filter((d) => days.has(d));
}

/** The days written back as a person would: `daily` when every day. */
export function formatDays(days: readonly Weekday[]): string {
  return days.length === 7 ? 'daily' : days.join(' ');
}

/** Minutes from `from` to `to` (HH:MM), a day when equal: a shift never reaches past 24 hours. */
function patternLengthMinutes(from: string, to: string): number {
  const length = toMinutes(to) - toMinutes(from);
  return length <= 0 ? length + 24 * 60 : length;
}

/** Absolute shifts of a pattern, one per officer and day, for the window resolved at `now`. */
export function expandPattern(pattern: RosterPattern, context: { now: Date; timeZone: string }): Shift[] {
  const today = localDate(context.now, context.timeZone);
  const first = resolveDateSpec(pattern.validFrom, today);
  const last = resolveDateSpec(pattern.validTo, today);
  const days = Math.min(daysBetween(first, last), MAX_PATTERN_DAYS);
  const overnight = patternLengthMinutes(pattern.from, pattern.to) + toMinutes(pattern.from) >= 24 * 60;
  const shifts: Shift[] = [];
  for (let offset = 0; offset <= days; offset++) {
    const date = addDays(first, offset);
    if (!pattern.days.includes(WEEKDAYS[weekday(date)] as Weekday)) continue;
    const start = zonedInstant(date, pattern.from, context.timeZone).toISOString();
    const end = zonedInstant(overnight ? addDays(date, 1) : date, pattern.to, context.timeZone).toISOString();
    for (const officer of pattern.officers) {
      shifts.push({ area: pattern.area, officer, start, end, source: 'roster', roster: pattern.id });
    }
  }
  return shifts;
}

function toMinutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}
