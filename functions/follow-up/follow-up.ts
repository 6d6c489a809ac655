import { NotFound } from '../shared/errors';
import { type ReceiptRef, receiptDigest } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';
import type { FollowUpView } from './view';

/** Reads what a receipt leads to, by kind: reports here, suggestions when that feature adds its reader. */
export type FollowUpReaders = Partial<
  Record<ReceiptRef['kind'], (id: string) => Promise<FollowUpView | undefined>>
>;

export interface FollowUpPorts {
  secrets: Secrets;
  receipts: { lookup(digest: string): Promise<ReceiptRef | undefined> };
  readers: FollowUpReaders;
}

/**
 * POST /api/follow-up. Whatever was typed is folded and hashed and looked up, valid-looking or not,
 * so that a wrong code costs the same work as a right one and answers the same 404. Limiting how
 * fast one client may guess is the rate limiter's job, in front of this.
 */
export async function followUp(receipt: string, ports: FollowUpPorts): Promise<FollowUpView> {
  const digest = receiptDigest(await ports.secrets.key('receipt'), receipt);
  const ref = await ports.receipts.lookup(digest);
  const read = ref ? ports.readers[ref.kind] : undefined;
  const view = ref && read ? await read(ref.id) : undefined;
  if (!view) throw new NotFound('error.receipt_not_found');
  return view;
}
