import { describe, expect, it } from 'vitest';
import { type FollowUpPorts, followUp } from '../../functions/follow-up/follow-up';
import { reportFollowUp } from '../../functions/follow-up/view';
import type { NotFound } from '../../functions/shared/errors';
import { idForReceipt } from '../../functions/shared/receipts';
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
      about: {
        category: { vi: 'Trộm cắp tài sản', en: 'Theft' },
        place: 'Khu Quang Trung 5A, Uông Bí',
        receivedAt: '2025-03-12T07:00:00.000Z',
      },
      status: 'in_progress',
      // The fake report was sent with a name and a phone: follow-up says so, never what they are.
      contactGiven: true,
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
      about: {
        category: { vi: 'Trộm cắp tài sản', en: 'Theft' },
        place: 'Khu Quang Trung 5A, Uông Bí',
        receivedAt: '2025-03-12T07:00:00.000Z',
      },
      status: 'received',
      duplicateOf: 'r000000000000009',
      contactGiven: true,
      timeline: [{ at: '2025-03-12T07:00:00.000Z', status: 'received' }],
      replies: [],
    });
  });

  it('says which report it is: its kind, its place and when it happened, never its text or spot', () => {
    const view = reportFollowUp([
      reportItem({
        occurredAt: '2025-03-11T21:30:00.000Z',
        place: 'Trước số nhà 14',
        parentName: undefined,
        areaName: 'Phường Uông Bí',
      }),
    ]);

    expect(view?.about).toEqual({
      category: { vi: 'Trộm cắp tài sản', en: 'Theft' },
      place: 'Phường Uông Bí',
      occurredAt: '2025-03-11T21:30:00.000Z',
      receivedAt: '2025-03-12T07:00:00.000Z',
    });
    expect(JSON.stringify(view)).not.toContain('số nhà 14');
  });

  it('finds no report in a partition without one', () => {
    expect(reportFollowUp([{ sk: 'TIER#0' }])).toBeUndefined();
  });
});

describe('followUp', () => {
  async function setup() {
    const secrets = fixedSecrets();
    const key = await secrets.key('receipt');
    const reads: string[] = [];
    const known = idForReceipt(key, 'report', '7KQ2M9XD4HTCW8RB');
    const ports: FollowUpPorts = {
      secrets,
      reports: {
        partition: async (id) => {
          reads.push(`report:${id}`);
          return id === known ? [reportItem()] : [];
        },
      },
      suggestions: {
        get: async (id) => {
          reads.push(`suggestion:${id}`);
          return undefined;
        },
      },
    };
    return { ports, reads, key };
  }

  it('finds the report whatever the case, spaces or dashes of the receipt', async () => {
    const { ports } = await setup();

    const view = await followUp(' 7kq2-m9xd 4htc-w8rb ', ports);

    expect(view).toEqual(reportFollowUp([reportItem()]));
  });

  it('answers 404 for an unknown or malformed receipt after the same hashes and reads', async () => {
    const { ports, reads } = await setup();

    const outcomes = await Promise.all(
      ['7KQ2-M9XD-4HTC-W8RC', 'not a receipt at all', ''].map((r) =>
        followUp(r, ports).catch((e: unknown) => e),
      ),
    );

    expect(outcomes.map((e) => (e as NotFound).messageKey)).toEqual(Array(3).fill('error.receipt_not_found'));
    expect(reads.map((r) => r.replace(/:.*/, ''))).toEqual([
      'report',
      'suggestion',
      'report',
      'suggestion',
      'report',
      'suggestion',
    ]);
    expect(reads.every((r) => /:[0-9a-hjkmnp-tv-z]{16}$/.test(r))).toBe(true);
  });

  it('reads a suggestion under the id the same receipt names for suggestions', async () => {
    const { ports, reads, key } = await setup();

    await followUp('AAAA-BBBB-CCCC-DDDD', ports).catch(() => undefined);

    expect(reads).toEqual([
      `report:${idForReceipt(key, 'report', 'AAAABBBBCCCCDDDD')}`,
      `suggestion:${idForReceipt(key, 'suggestion', 'AAAABBBBCCCCDDDD')}`,
    ]);
  });
});
