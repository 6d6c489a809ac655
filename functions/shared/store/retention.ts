/**
 * The retention queue (index gsi4, keys only): an item holding personal data carries the date its next
 * part is due to be erased and which part that is. The retention job (functions/retention/) reads the
 * queue up to now, so it finds what is due without reading anything else, and each write that changes
 * an item's due date (a case settled, a suggestion answered) moves its place in the same write.
 */
export const RETENTION_QUEUE = 'RETAIN';
export const RETENTION_INDEX = 'gsi4';

const DAY_MS = 24 * 3600 * 1000;

/** What goes next: a report's contact details or its words, a suggestion's words, a whole item. */
type ErasureStage = 'contact' | 'text' | 'item';

export interface Erasure {
  stage: ErasureStage;
  /** UTC ISO. */
  due: string;
}

/** The attributes that place an item in the queue. */
export function retentionKey(erasure: Erasure): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: RETENTION_QUEUE, gsi4sk: `${erasure.due}#${erasure.stage}` };
}

/** The erasure a queue entry names. */
export function erasureOf(gsi4sk: string): Erasure | undefined {
  const at = gsi4sk.lastIndexOf('#');
  const stage = gsi4sk.slice(at + 1);
  if (at < 0 || (stage !== 'contact' && stage !== 'text' && stage !== 'item')) return undefined;
  return { due: gsi4sk.slice(0, at), stage };
}

/** The upper bound of the queue's sort keys due at `now` (a due time equal to now is due). */
export function dueBy(now: Date): string {
  return `${now.toISOString()}#~`;
}

export function daysAfter(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}
