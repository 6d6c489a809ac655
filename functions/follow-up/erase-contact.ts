import type { Report } from '../reports/model';
import { NotFound } from '../shared/errors';
import { metric } from '../shared/log';
import type { Clock } from '../shared/ports';
import { idForReceipt } from '../shared/receipts';
import type { Secrets } from '../shared/secrets';

/** What became of a request to remove a report's contact details (follow-up/store.ts). */
export type ContactRemoval = 'removed' | 'none' | 'unknown';

export interface EraseContactPorts {
  secrets: Secrets;
  clock: Clock;
  reports: {
    /** Removes the report's contact details if it holds any, recording when and by whom. */
    removeContact(id: string, removed: NonNullable<Report['contactRemoved']>): Promise<ContactRemoval>;
  };
}

/** The answer: false when the report held no contact details (never given, or removed before). */
export interface ContactErased {
  removed: boolean;
}

/**
 * POST /api/follow-up/erase-contact: the resident withdraws the name and phone they left with a
 * report, with its receipt. They go at once, from the one item that held them; the report itself
 * stays, and officers see on the case that the resident withdrew them. A receipt that names no
 * report is answered 404 after the same work as one that does (the store's update and read), so
 * that this route tells a guesser no more than follow-up does.
 */
export async function eraseContact(receipt: string, ports: EraseContactPorts): Promise<ContactErased> {
  const key = await ports.secrets.key('receipt');
  const outcome = await ports.reports.removeContact(idForReceipt(key, 'report', receipt), {
    at: ports.clock.now().toISOString(),
    by: 'resident',
  });
  if (outcome === 'unknown') throw new NotFound('error.receipt_not_found');
  if (outcome === 'removed') metric('ContactsErased', 1);
  return { removed: outcome === 'removed' };
}
