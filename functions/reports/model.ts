import { URGENCIES, type Urgency } from '../categories/model';
import type { RetentionPolicy } from '../shared/province';
import { decodeCrockford, encodeCrockford, ID_BYTES } from '../shared/receipts';
import { daysAfter, type Erasure } from '../shared/store/retention';

export const REPORT_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'resolved',
  'mediated',
  'referred',
  'closed',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** How a mediation ended, for the case and for the province's "share mediated locally". */
export const MEDIATION_OUTCOMES = ['success', 'failed', 'referred'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];

/**
 * Where the SMS fan-out stands: `pending` until the dispatcher has run; then `sent` (all),
 * `partial`, `failed` (none went out), `capped` (the province's daily SMS cap stopped some), or
 * `duplicate` (linked to an earlier report, which carries the notification).
 */
/** `held`: every officer of the first tier was at their SMS throttle; it reaches them in a summary. */
export type NotifyStatus = 'pending' | 'sent' | 'partial' | 'failed' | 'capped' | 'held' | 'duplicate';

/**
 * A report's urgency as its place in the dispatch order: high (0) first, then normal, then low; an
 * unknown urgency ranks as high, so it is never delayed.
 */
export function urgencyRank(urgency: Urgency): number {
  return Math.max(0, URGENCIES.indexOf(urgency));
}

export interface Report {
  id: string;
  area: string;
  /** The area's and its parent's names, kept on the report so the SMS and the ack page need no reads. */
  areaName: string;
  parentName?: string;
  /** The area's ancestors, province first: officers serving any of them see the report. */
  ancestors: string[];
  category: string;
  categoryLabel: { vi: string; en: string };
  urgency: Urgency;
  description: string;
  occurredAt?: string;
  place?: string;
  /** Absent means anonymous; present only when the resident typed it. */
  contact?: { name?: string; phone?: string };
  createdAt: string;
  status: ReportStatus;
  duplicateOf?: string;
  notifyStatus: NotifyStatus;
  /** SMS that went out at the first dispatch. */
  recipients?: number;
  dispatchedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: { role: string; officerId?: string };
  /** The last tier notified (0 = first dispatch) and the area it reached ('DESK' for the duty desk). */
  escalationTier?: number;
  notifiedLevel?: string;
  /** When the case first reached resolved, mediated, referred or closed: its retention counts from here. */
  settledAt?: string;
  /** The contact details were removed: by the resident with their receipt, or by the retention rules. */
  contactRemoved?: { at: string; by: 'resident' | 'retention' };
  /** The description, place text and the officers' words on the case were erased by the retention rules. */
  textRemovedAt?: string;
  /** The risk spot an officer named for the case (patrols/store.ts): its id and name. */
  spot?: { id: string; name: string };
  /** The patrol the report was raised on (patrols/store.ts). */
  patrol?: { id: string; startedAt: string };
}

const REPORT_FIELDS = [
  'id',
  'area',
  'areaName',
  'parentName',
  'ancestors',
  'category',
  'categoryLabel',
  'urgency',
  'description',
  'occurredAt',
  'place',
  'contact',
  'createdAt',
  'status',
  'duplicateOf',
  'notifyStatus',
  'recipients',
  'dispatchedAt',
  'acknowledgedAt',
  'acknowledgedBy',
  'escalationTier',
  'notifiedLevel',
  'settledAt',
  'contactRemoved',
  'textRemovedAt',
  'spot',
  'patrol',
] as const;

/** A report from a stored item: its fields, none of the keys or markers stored with it. */
export function toReport(item: Record<string, unknown>): Report {
  const out: Record<string, unknown> = {};
  for (const field of REPORT_FIELDS) if (item[field] !== undefined) out[field] = item[field];
  return out as unknown as Report;
}

/** Report ids are keyed hashes of their receipts (shared/receipts.ts idForReceipt), in lower case. */
export const REPORT_ID_BYTES = ID_BYTES;

export function reportIdBytes(id: string): Buffer | undefined {
  return decodeCrockford(id.toUpperCase(), REPORT_ID_BYTES);
}

export function reportIdFromBytes(bytes: Uint8Array): string {
  return encodeCrockford(bytes).toLowerCase();
}

/** The time a report is about: when it happened if the resident said, else when it arrived. */
export function reportTime(report: Pick<Report, 'occurredAt' | 'createdAt'>): string {
  return report.occurredAt ?? report.createdAt;
}

/** A case is settled once resolved, mediated, referred or closed: its retention counts from then. */
export const SETTLED_STATUSES: readonly ReportStatus[] = ['resolved', 'mediated', 'referred', 'closed'];

/**
 * What of a report the retention rules erase next, and when: its contact details (if it still holds
 * them), then its words; nothing once both are gone. Counted from when the case was settled, or from
 * its arrival for a case never settled.
 */
export function nextReportErasure(
  report: Pick<Report, 'createdAt' | 'settledAt' | 'contact' | 'textRemovedAt'>,
  policy: RetentionPolicy,
): Erasure | undefined {
  const from = report.settledAt ?? report.createdAt;
  const settled = report.settledAt !== undefined;
  if (report.contact)
    return {
      stage: 'contact',
      due: daysAfter(from, settled ? policy.contactDaysAfterSettled : policy.contactDaysIfNeverSettled),
    };
  if (report.textRemovedAt === undefined)
    return {
      stage: 'text',
      due: daysAfter(from, settled ? policy.reportTextDaysAfterSettled : policy.reportTextDaysIfNeverSettled),
    };
  return undefined;
}
