import { NotFound } from '../shared/errors';
import { idForReceipt, type ReceiptRef } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import type { FollowUpView } from './view';

/** Reads what a receipt leads to, by kind, from the id the receipt names (receipts.ts `idForReceipt`). */
export type FollowUpReaders = Record<ReceiptRef['kind'], (id: string) => Promise<FollowUpView | undefined>>;

export interface FollowUpPorts {
  secrets: Secrets;
  readers: FollowUpReaders;
}

/**
 * POST /api/follow-up. Whatever was typed is folded and hashed into the id it would name for each
 * kind, and both are read, valid-looking or not, so that a wrong code costs the same work as a right
 * one and answers the same 404. Limiting how fast one client may guess is the rate limiter's job,
 * in front of this.
 */
export async function followUp(receipt: string, ports: FollowUpPorts): Promise<FollowUpView> {
  const key = await ports.secrets.key('receipt');
  const [report, suggestion] = await Promise.all([
    ports.readers.report(idForReceipt(key, 'report', receipt)),
    ports.readers.suggestion(idForReceipt(key, 'suggestion', receipt)),
  ]);
  const view = report ?? suggestion;
  if (!view) throw new NotFound('error.receipt_not_found');
  return view;
}
