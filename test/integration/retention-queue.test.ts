import { describe, expect, it } from 'vitest';
import { runRetentionQueue } from '../../infra/cli/commands';
import { runOnTestTable } from '../support/cli';
import { putItems, testStore } from '../support/store';
import { allItems } from './reports-arrange';

const store = testStore();
const DAY = 24 * 3600 * 1000;
const daysLater = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();

/** Items as a tuquan before the retention rules wrote them: no gsi4, no settledAt. */
const BEFORE = [
  {
    pk: 'REPORT#old1',
    sk: 'REPORT',
    type: 'report',
    id: 'old1',
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-03T00:00:00.000Z',
    status: 'resolved',
    description: 'Mất xe đạp.',
    contact: { phone: '+84912345678' },
  },
  {
    pk: 'REPORT#old2',
    sk: 'REPORT',
    type: 'report',
    id: 'old2',
    createdAt: '2024-06-01T00:00:00.000Z',
    status: 'in_progress',
    description: 'Ồn ào.',
  },
  {
    pk: 'SUGG#old3',
    sk: 'SUGG',
    type: 'suggestion',
    id: 'old3',
    createdAt: '2024-07-01T00:00:00.000Z',
    text: 'Lắp đèn.',
    replies: [
      { at: '2024-07-02T00:00:00.000Z', text: 'Đã nhận.', by: 'X' },
      { at: '2024-07-09T00:00:00.000Z', text: 'Đã lắp.', by: 'X' },
    ],
  },
  {
    pk: 'AUDIT#2024-08-01#a',
    sk: '2024-08-01T10#OF-1#read report',
    type: 'audit',
    first: '2024-08-01T10:05:00.000Z',
  },
  // Not personal: left alone.
  { pk: 'STATS#QN', sk: 'MONTH#2024-05', type: 'counters', n: 3 },
];

const run = () => runOnTestTable(runRetentionQueue, store);

describe('npm run retention:queue', () => {
  it('queues what was stored before the retention rules with the dates the periods give, once', async () => {
    await putItems(store, BEFORE);

    const first = await run();
    const second = await run();

    const queued = Object.fromEntries(
      (await allItems(store)).map((item) => [`${item.pk}|${item.sk}`, [item.gsi4sk, item.settledAt]]),
    );
    expect(first).toEqual({
      code: 0,
      lines: [
        `Queueing items without a retention date in the DynamoDB-API server at ${process.env.TUQUAN_DYNAMODB_ENDPOINT}, table ${store.table} (province quang-ninh).`,
        'Queued: 1 audit, 2 report, 1 suggestion.',
      ],
    });
    expect(second.lines.at(-1)).toBe('Nothing to queue: every item has its date.');
    expect(queued).toEqual({
      // Settled before the rules: counted from its last update; its contact goes 30 days later.
      'REPORT#old1|REPORT': [
        `${daysLater('2024-05-03T00:00:00.000Z', 30)}#contact`,
        '2024-05-03T00:00:00.000Z',
      ],
      'REPORT#old2|REPORT': [`${daysLater('2024-06-01T00:00:00.000Z', 1095)}#text`, undefined],
      'SUGG#old3|SUGG': [`${daysLater('2024-07-09T00:00:00.000Z', 730)}#text`, undefined],
      'AUDIT#2024-08-01#a|2024-08-01T10#OF-1#read report': [
        `${daysLater('2024-08-01T10:05:00.000Z', 365)}#item`,
        undefined,
      ],
      'STATS#QN|MONTH#2024-05': [undefined, undefined],
    });
  });
});
