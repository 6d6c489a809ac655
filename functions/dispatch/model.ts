import type { Report } from '../reports/model';
import type { Province } from '../shared/province';

/** One person a tier texts: an officer on duty, or the province's duty desk (key `desk`). */
export interface Recipient {
  key: string;
  to: string;
  role: string;
  officerId?: string;
}

/**
 * Who a tier reaches, decided once and stored before anyone is texted, so that a resumed run texts
 * the same people even if the roster changed meanwhile. `level` is the area code where they were
 * found, or DESK for the province's fallback number.
 */
export interface TierPlan {
  tier: number;
  level: string;
  at: string;
  recipients: Recipient[];
}

export const DESK = 'DESK';

export type NotificationState = 'sending' | 'sent' | 'failed' | 'capped';

/** The per-(report, recipient) record: claimed before the SMS goes, settled after. */
export interface Notification {
  key: string;
  tier: number;
  index: number;
  to: string;
  role: string;
  state: NotificationState;
  /** A random tag of the claim, so that only the claimer settles or releases it. */
  claim: string;
  claimedAt: string;
  attempts?: number;
  reason?: string;
  settledAt?: string;
}

/** The report's place, then its ancestors from the nearest up to the province. */
export function levelsOf(report: Pick<Report, 'area' | 'ancestors'>): string[] {
  return [report.area, ...[...report.ancestors].reverse()];
}

/** When a tier's officers must have acknowledged before the next tier is texted. */
export function ackDueAt(province: Province, report: Pick<Report, 'urgency'>, from: Date): string {
  return new Date(from.getTime() + province.escalationMinutes[report.urgency] * 60_000).toISOString();
}
