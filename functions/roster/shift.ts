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
