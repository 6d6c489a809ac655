import { NotFound } from '../shared/errors';
import { idForReceipt } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import type { Suggestion } from '../suggestions/model';
import { type FollowUpView, reportFollowUp, suggestionFollowUp } from './view';

export interface FollowUpPorts {
  secrets: Secrets;
  /** Every item of a report's partition; none when there is no such report. */
  reports: { partition(id: string): Promise<readonly Record<string, unknown>[]> };
  suggestions: { get(id: string): Promise<Suggestion | undefined> };
}

/**
 * POST /api/follow-up. Whatever was typed is folded and hashed into the id it would name for each
 * kind (receipts.ts `idForReceipt`), and both are read, valid-looking or not, so that a wrong code
 * costs the same work as a right one and answers the same 404. Limiting how fast one client may guess
 * is the rate limiter's job, in front of this.
 */
export async function followUp(receipt: string, ports: FollowUpPorts): Promise<FollowUpView> {
  const key = await ports.secrets.key('receipt');
  const [report, suggestion] = await Promise.all([
    ports.reports.partition(idForReceipt(key, 'report', receipt)).then(reportFollowUp),
    ports.suggestions.get(idForReceipt(key, 'suggestion', receipt)).then(suggestionFollowUp),
  ]);
  const view = report ?? suggestion;
  if (!view) throw new NotFound('error.receipt_not_found');
  return view;
}
