import {
  type MediationOutcome,
  nextReportErasure,
  type Report,
  type ReportStatus,
  SETTLED_STATUSES,
  toReport,
} from '../reports/model';
import type { RetentionPolicy } from '../shared/province';
import type { Erasure } from '../shared/store/retention';

/**
 * The case workflow: received → acknowledged → in_progress → resolved | mediated | referred → closed.
 * A case may skip forward (a mediator who settled a quarrel on the spot records it at once), never go
 * back, and closes only once it has an outcome.
 */
const STAGE: Record<ReportStatus, number> = {
  received: 0,
  acknowledged: 1,
  in_progress: 2,
  resolved: 3,
  mediated: 3,
  referred: 3,
  closed: 4,
};

const ORDER: readonly ReportStatus[] = [
  'acknowledged',
  'in_progress',
  'resolved',
  'mediated',
  'referred',
  'closed',
];

/** Where a case may go from `current`, in the workflow's order. */
export function nextStatuses(current: ReportStatus): ReportStatus[] {
  const stage = STAGE[current];
  if (stage === 3) return ['closed'];
  return ORDER.filter((next) => STAGE[next] > stage && STAGE[next] <= 3);
}

export function canMove(from: ReportStatus, to: ReportStatus): boolean {
  return nextStatuses(from).includes(to);
}

/**
 * What the console adds to a report's partition (reports/store.ts describes the rest):
 * - on the report item: `status`, `acknowledgedAt`/`acknowledgedBy` (when the console takes a report
 *   nobody acknowledged by SMS), `mediation` {outcome, mediator, mediatedAt}, `updatedAt`, and
 *   `lastChange`, the id of the last change applied, so that a retried request knows it was done;
 * - sk EVENT#<at>#<change>  {at, status, from, by, outcome?, mediator?, mediatedAt?}   every status change
 * - sk REPLY#<at>#<change>  {at, text, by}    what the resident reads through their receipt
 * - sk NOTE#<at>#<change>   {at, text, by}    internal notes, never read by follow-up
 * `by` is {officerId, role}: names are looked up when a case is shown, never copied.
 */
export interface Mediation {
  outcome: MediationOutcome;
  mediator: string;
  mediatedAt: string;
}

interface ActingOfficer {
  officerId: string;
  role: string;
}

export interface CaseRecord {
  report: Report;
  mediation?: Mediation;
  lastChange?: string;
}

export function toCaseRecord(item: Record<string, unknown>): CaseRecord {
  return {
    report: toReport(item),
    ...(item.mediation ? { mediation: item.mediation as Mediation } : {}),
    ...(typeof item.lastChange === 'string' ? { lastChange: item.lastChange } : {}),
  };
}

/** One status change as the case's conditional update applies it. */
export interface StatusUpdate {
  from: ReportStatus;
  to: ReportStatus;
  at: string;
  changeId: string;
  by: ActingOfficer;
  mediation?: Mediation | undefined;
  /** The case is settled by this change: its retention counts from now, its next erasure moves. */
  settles?: { erasure: Erasure | undefined } | undefined;
}

export type CaseEntry =
  | {
      kind: 'event';
      at: string;
      changeId: string;
      status: ReportStatus;
      from: ReportStatus;
      by: ActingOfficer;
      mediation?: Mediation | undefined;
    }
  | { kind: 'reply' | 'note'; at: string; changeId: string; text: string; by: ActingOfficer };

/** A report's place in every list: its creation time, then its id. */
export function positionOf(report: Pick<Report, 'createdAt' | 'id'>): string {
  return `${report.createdAt}#${report.id}`;
}

/**
 * A case as the province's export reads it: what the figures and a report upward need, and nothing
 * a person wrote or is named by (no description, place text, contact, replies, notes or officers).
 */
export type ExportedCase = Pick<
  Report,
  | 'id'
  | 'area'
  | 'areaName'
  | 'ancestors'
  | 'category'
  | 'categoryLabel'
  | 'urgency'
  | 'status'
  | 'createdAt'
  | 'settledAt'
  | 'acknowledgedAt'
  | 'escalationTier'
  | 'duplicateOf'
> & { outcome?: MediationOutcome };

/**
 * What a move does to the case's retention: a move into a settled status (resolved, mediated, referred,
 * closed) from one that is not settles it at `at`, and its next erasure is counted from then.
 */
export function settlement(
  report: Report,
  to: ReportStatus,
  at: string,
  policy: RetentionPolicy,
): StatusUpdate['settles'] {
  if (SETTLED_STATUSES.includes(report.status) || !SETTLED_STATUSES.includes(to)) return undefined;
  return { erasure: nextReportErasure({ ...report, settledAt: at }, policy) };
}
