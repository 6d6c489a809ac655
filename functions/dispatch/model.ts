import type { Report } from '../reports/model';
import type { Province } from '../shared/province';

/** One person a tier texts: an officer on duty, or the province's duty desk (key `desk`). */
export interface Recipient {
  key: string;
  to: string;
  role: string;
  officerId?: string;
  /**
   * Texted so that they know (one of the category's informed roles), in the first tier: the same SMS,
   * and they may take the report, but the tier did not climb to find them (ADR 0016).
   */
  informed?: boolean;
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

/**
 * `held`: the recipient's phone was at its throttle; the report waits in that phone's held entries and
 * goes in its next summary (or, high urgency, as its own SMS at its next free slot). Then `grouped`
 * (it went in a summary), `sent`, `failed` or `capped`, as that SMS fared.
 */
export type NotificationState = 'sending' | 'sent' | 'failed' | 'capped' | 'held' | 'grouped';

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
  /**
   * Set when a run that died mid-send left this claim and another run sent the SMS again: once only
   * (a second interruption settles it `failed`, reason `interrupted`).
   */
  resentAt?: string;
}

/** The report's place, then its ancestors from the nearest up to the province. */
export function levelsOf(report: Pick<Report, 'area' | 'ancestors'>): string[] {
  return [report.area, ...[...report.ancestors].reverse()];
}

/** When a tier's officers must have acknowledged before the next tier is texted. */
export function ackDueAt(province: Province, report: Pick<Report, 'urgency'>, from: Date): string {
  return new Date(from.getTime() + province.escalationMinutes[report.urgency] * 60_000).toISOString();
}

/** Who an SMS about the report is charged to: the first level under the province (`[...ancestors, area][1]`). */
export function communeOf(report: Pick<Report, 'area' | 'ancestors'>): string {
  return [...report.ancestors, report.area][1] ?? report.area;
}

/** A report held for a phone, as its held entry names it: sorted by the report's age. */
export interface HeldReport {
  createdAt: string;
  reportId: string;
  tier: number;
  index: number;
}

export function heldEntry(held: HeldReport): string {
  return `${held.createdAt}#${held.reportId}#${held.tier}#${held.index}`;
}

export function parseHeldEntry(entry: string): HeldReport | undefined {
  const [createdAt, reportId, tier, index] = entry.split('#');
  if (!createdAt || !reportId || tier === undefined || index === undefined) return undefined;
  return { createdAt, reportId, tier: Number(tier), index: Number(index) };
}

/**
 * One summary SMS to one phone: the reports it carried (each with the tier and place in that tier's
 * plan that its own acknowledge link names), stored before the SMS goes so that its link lists them.
 */
export interface Summary {
  id: string;
  /** The recipient's key (an officer's id, or `desk`). */
  key: string;
  sentAt: string;
  reports: { reportId: string; tier: number; index: number }[];
}
