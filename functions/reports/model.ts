import { URGENCIES, type Urgency } from '../categories/model';
import { decodeCrockford, encodeCrockford, ID_BYTES } from '../shared/receipts';

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
