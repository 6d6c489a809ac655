import type { Erasure } from '../shared/store/retention';

/**
 * The kinds of item the retention queue names, told apart by their keys (the queue holds keys only):
 * a report, a suggestion, a paper box's opening, an audit record, a day's digest plan (the phones it texted).
 */
export type RetainedKind = 'report' | 'suggestion' | 'opening' | 'audit' | 'digestPlan' | 'patrol';

export interface QueuedItem {
  key: { pk: string; sk: string };
  /** Its place in the queue when it was listed: every write the job makes is conditional on it. */
  queued: string;
  erasure: Erasure;
}

export function kindOf(key: { pk: string; sk: string }): RetainedKind | undefined {
  if (key.pk.startsWith('REPORT#') && key.sk === 'REPORT') return 'report';
  if (key.pk.startsWith('SUGG#') && key.sk === 'SUGG') return 'suggestion';
  if (key.pk.startsWith('BOX#') && key.sk.startsWith('OPENING#')) return 'opening';
  if (key.pk.startsWith('AUDIT#')) return 'audit';
  if (key.pk.startsWith('BOX#') && key.sk.startsWith('DIGEST#')) return 'digestPlan';
  if (key.pk.startsWith('PATROL#') && key.sk === 'PATROL') return 'patrol';
  return undefined;
}

/**
 * What one run did, in counts only (its log line): nothing of what was erased is ever logged.
 * `moved`: a report whose contact details were gone already (the resident removed them), moved on to
 * its next erasure; `skipped`: an item whose due date changed after it was listed (a case settled
 * meanwhile), or that is gone, left for its new place in the queue.
 */
export interface ErasureCounts {
  due: number;
  reportContacts: number;
  reportTexts: number;
  suggestionTexts: number;
  openings: number;
  auditRecords: number;
  digestPlans: number;
  /** Patrols whose notes were erased (their times, places and counts stay). */
  patrolNotes: number;
  moved: number;
  skipped: number;
}

export function noErasures(): ErasureCounts {
  return {
    due: 0,
    reportContacts: 0,
    reportTexts: 0,
    suggestionTexts: 0,
    openings: 0,
    auditRecords: 0,
    digestPlans: 0,
    patrolNotes: 0,
    moved: 0,
    skipped: 0,
  };
}
