import { describe, expect, it } from 'vitest';
import { followUp } from '../../functions/follow-up/follow-up';
import { reportFollowUp } from '../../functions/reports/timeline';
import { NotFound } from '../../functions/shared/errors';
import type { ReceiptRef } from '../../functions/shared/receipts';
import { receiptDigest } from '../../functions/shared/receipts';
import { report } from './dispatch-fakes';
import { fixedSecrets } from './reports-fakes';

const ID = 'r000000000000001';
const reportItem = (overrides = {}) => ({ pk: `REPORT#${ID}`, sk: 'REPORT', ...report(), ...overrides });

describe('reportFollowUp', () => {
  it('tells the resident what happened in order, with roles and counts, and nothing private', () => {
    const items = [
      reportItem({
        status: 'in_progress',
        dispatchedAt: '2025-03-12T07:00:02.000Z',
        recipients: 2,
        acknowledgedAt: '2025-03-12T07:20:00.000Z',
        acknowledgedBy: { role: 'police', officerId: 'A2' },
      }),
      {
        sk: 'TIER#0',
        tier: 0,
        at: '2025-03-12T07:00:02.000Z',
        recipients: [{ key: 'A1', to: '+84900000101' }],
      },
      {
        sk: 'TIER#1',
        tier: 1,
        at: '2025-03-12T07:15:02.000Z',
        recipients: [{ key: 'W1', to: '+84900002301' }],
      },
      { sk: 'NOTIFY#A1', tier: 0, state: 'sent', to: '+84900000101', role: 'group_head' },
      { sk: 'NOTIFY#W1', tier: 1, state: 'sent', to: '+84900002301', role: 'police' },
      {
        sk: 'EVENT#2025-03-12T08:00:00.000Z#in_progress',
        at: '2025-03-12T08:00:00.000Z',
        status: 'in_progress',
        publicNote: 'Công an phường đang xác minh.',
        internalNote: 'Nghi là hàng xóm số 14.',
        officerId: 'A2',
      },
      {
        sk: 'REPLY#2025-03-12T09:00:00.000Z#1',
        at: '2025-03-12T09:00:00.000Z',
        text: 'Cảm ơn bạn đã báo tin.',
      },
      { sk: 'NOTE#2025-03-12T09:05:00.000Z#1', at: '2025-03-12T09:05:00.000Z', text: 'Ghi chú nội bộ.' },
    ];

    const view = reportFollowUp(items);

    expect(view).toEqual({
      kind: 'report',
      status: 'in_progress',
      timeline: [
        { at: '2025-03-12T07:00:00.000Z', status: 'received' },
        { at: '2025-03-12T07:00:02.000Z', status: 'dispatched', recipients: 2 },
        { at: '2025-03-12T07:15:02.000Z', status: 'escalated', recipients: 1 },
        { at: '2025-03-12T07:20:00.000Z', status: 'acknowledged', by: 'police' },
        { at: '2025-03-12T08:00:00.000Z', status: 'in_progress', note: 'Công an phường đang xác minh.' },
      ],
      replies: [{ at: '2025-03-12T09:00:00.000Z', text: 'Cảm ơn bạn đã báo tin.' }],
    });
    const shown = JSON.stringify(view);
    for (const secret of ['+849', 'Nghi là', 'nội bộ', 'A2', 'Người báo', 'SMS'])
      expect(shown).not.toContain(secret);
  });

  it('names the earlier report a duplicate is linked to, and says nothing of SMS that did not go', () => {
    const view = reportFollowUp([reportItem({ duplicateOf: 'r000000000000009', notifyStatus: 'duplicate' })]);

    expect(view).toEqual({
      kind: 'report',
      status: 'received',
      duplicateOf: 'r000000000000009',
      timeline: [{ at: '2025-03-12T07:00:00.000Z', status: 'received' }],
      replies: [],
    });
  });

  it('finds no report in a partition without one', () => {
    expect(reportFollowUp([{ sk: 'TIER#0' }])).toBeUndefined();
  });
});

describe('followUp', () => {
  async function setup() {
    const secrets = fixedSecrets();
    const lookups: string[] = [];
    const known = receiptDigest(await secrets.key('receipt'), '7KQ2M9XD4HTCW8RB');
    const refs = new Map<string, ReceiptRef>([[known, { kind: 'report', id: ID }]]);
    const ports = {
      secrets,
      receipts: {
        lookup: async (digest: string) => {
          lookups.push(digest);
          return refs.get(digest);
        },
      },
      readers: { report: async () => reportFollowUp([reportItem()]) },
    };
    return { ports, lookups, refs };
  }

  it('finds the report whatever the case, spaces or dashes of the receipt', async () => {
    const { ports } = await setup();

    const view = await followUp(' 7kq2-m9xd 4htc-w8rb ', ports);

    expect(view.status).toBe('received');
  });

  it('answers 404 for an unknown or malformed receipt after the same hash and look-up', async () => {
    const { ports, lookups } = await setup();

    const outcomes = await Promise.all(
      ['7KQ2-M9XD-4HTC-W8RC', 'not a receipt at all', ''].map((r) =>
        followUp(r, ports).catch((e: unknown) => e),
      ),
    );

    expect(outcomes.map((e) => (e as NotFound).messageKey)).toEqual(Array(3).fill('error.receipt_not_found'));
    expect(lookups).toHaveLength(3);
    expect(lookups.every((d) => /^[A-Za-z0-9_-]{43}$/.test(d))).toBe(true);
  });

  it('answers 404 for a kind it has no reader for yet', async () => {
    const { ports, refs } = await setup();
    const digest = receiptDigest(await ports.secrets.key('receipt'), 'AAAABBBBCCCCDDDD');
    refs.set(digest, { kind: 'suggestion', id: 's1' });

    await expect(followUp('AAAA-BBBB-CCCC-DDDD', ports)).rejects.toBeInstanceOf(NotFound);
  });
});
