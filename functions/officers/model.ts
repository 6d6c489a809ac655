/** A refusal worth keeping: who tried what where, without names, phones or report content. */
export interface AuditEntry {
  at: string;
  officerId: string;
  action: string;
  /** The area code or record id the request aimed at. */
  target: string;
  outcome: 'denied';
}

/**
 * Refusals as kept: one record per officer, action and hour, however many times it was refused, so that
 * a burst of refused requests writes a few items, not one per request.
 */
export interface AuditRecord {
  officerId: string;
  action: string;
  outcome: 'denied';
  /** The UTC hour the refusals fell in, `yyyy-mm-ddThh`. */
  hour: string;
  /** The first and the last refusal of that hour. */
  first: string;
  last: string;
  count: number;
  /** The area codes or record ids aimed at, sorted; at most AUDIT_TARGETS_KEPT of them. */
  targets: string[];
}

/** Distinct targets kept on one audit record; the count goes on beyond them. */
export const AUDIT_TARGETS_KEPT = 50;
