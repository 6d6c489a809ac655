/** A refusal worth keeping: who tried what where, without names, phones or report content. */
export interface AuditEntry {
  at: string;
  officerId: string;
  action: string;
  /** The area code or record id the request aimed at. */
  target: string;
  outcome: 'denied';
}
