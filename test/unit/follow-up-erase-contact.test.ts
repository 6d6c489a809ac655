import { describe, expect, it } from 'vitest';
import { type EraseContactPorts, eraseContact } from '../../functions/follow-up/erase-contact';
import { reportFollowUp } from '../../functions/follow-up/view';
import type { Report } from '../../functions/reports/model';
import { NotFound } from '../../functions/shared/errors';
import { idForReceipt } from '../../functions/shared/receipts';
import { report } from './dispatch-fakes';
import { fixedSecrets, mutableClock } from './reports-fakes';

const RECEIPT = '7KQ2-M9XD-4HTC-W8RB';

/** A table of one report, held in memory, as the store's conditional update treats it. */
async function arrange(report: { contact?: { name?: string; phone?: string } } | undefined) {
  const id = idForReceipt(await fixedSecrets().key('receipt'), 'report', RECEIPT);
  const items = new Map<string, Record<string, unknown>>();
  if (report) items.set(id, { id, ...report });
  const clock = mutableClock('2025-03-12T07:30:00.000Z');
  const ports: EraseContactPorts = {
    secrets: fixedSecrets(),
    clock,
    reports: {
      async removeContact(reportId, removed) {
        const item = items.get(reportId);
        if (!item) return 'unknown';
        if (!item.contact) return 'none';
        delete item.contact;
        item.contactRemoved = removed;
        return 'removed';
      },
    },
  };
  return { id, items, clock, ports };
}

describe('eraseContact', () => {
  it('removes the contact details of the report the receipt names, recording the clock time and the resident', async () => {
    const { id, items, ports } = await arrange({ contact: { name: 'Chị Lan', phone: '+84912345678' } });

    const answer = await eraseContact(RECEIPT, ports);

    expect(answer).toEqual({ removed: true });
    expect(items.get(id)).toEqual({
      id,
      contactRemoved: { at: '2025-03-12T07:30:00.000Z', by: 'resident' },
    });
  });

  it('finds the report however the receipt is typed', async () => {
    const { id, items, ports } = await arrange({ contact: { phone: '+84912345678' } });

    const answer = await eraseContact(' 7kq2 m9xd 4htc w8rb ', ports);

    expect(answer).toEqual({ removed: true });
    expect(items.get(id)?.contact).toBeUndefined();
  });

  it('answers removed: false for a report without contact details, and changes nothing', async () => {
    const { id, items, ports } = await arrange({});

    const answer = await eraseContact(RECEIPT, ports);

    expect(answer).toEqual({ removed: false });
    expect(items.get(id)).toEqual({ id });
  });

  it('throws NotFound for a receipt that names no report', async () => {
    const { ports } = await arrange(undefined);

    const error = await eraseContact(RECEIPT, ports).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotFound);
    expect((error as NotFound).messageKey).toBe('error.receipt_not_found');
  });
});

describe('what follow-up says of the contact details', () => {
  const item = (overrides: Partial<Report>) => ({ pk: 'REPORT#r1', sk: 'REPORT', ...report(overrides) });

  it('says a report holds contact details without saying what they are', () => {
    const view = reportFollowUp([item({ contact: { name: 'Chị Lan', phone: '+84912345678' } })]);

    expect(view?.contactGiven).toBe(true);
    expect(view?.contactRemoved).toBeUndefined();
    expect(JSON.stringify(view)).not.toMatch(/Chị Lan|912345678/);
  });

  it('says when the resident withdrew them, or that the retention rules removed them', () => {
    const { contact: _none, ...anonymous } = report();
    const withdrawn = reportFollowUp([
      { sk: 'REPORT', ...anonymous, contactRemoved: { at: '2025-03-12T07:30:00.000Z', by: 'resident' } },
    ]);
    const expired = reportFollowUp([
      { sk: 'REPORT', ...anonymous, contactRemoved: { at: '2025-05-01T00:00:00.000Z', by: 'retention' } },
    ]);

    expect([withdrawn?.contactGiven, withdrawn?.contactRemoved]).toEqual([
      undefined,
      { at: '2025-03-12T07:30:00.000Z', by: 'resident' },
    ]);
    expect([expired?.contactGiven, expired?.contactRemoved]).toEqual([
      undefined,
      { at: '2025-05-01T00:00:00.000Z', by: 'retention' },
    ]);
  });

  it('says nothing of contact details for a report sent without any', () => {
    const { contact: _none, ...anonymous } = report();
    const view = reportFollowUp([{ sk: 'REPORT', ...anonymous }]);

    expect(view && ('contactGiven' in view || 'contactRemoved' in view)).toBe(false);
  });
});
