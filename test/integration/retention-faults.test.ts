import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '../../functions/reports/model';
import { newReportItem } from '../../functions/reports/store';
import { eraseDue } from '../../functions/retention/erase-due';
import { retentionStore } from '../../functions/retention/store';
import { putItems, testRetention, testStore } from '../support/store';
import { allItems } from './reports-arrange';

const store = testStore();
const CREATED = '2025-03-12T07:00:00.000Z';
const LATER = new Date(Date.parse(CREATED) + 1096 * 24 * 3600 * 1000);

const report: Report = {
  id: 'fault00000000001',
  area: 'UONG-BI-QT5A',
  areaName: 'Khu Quang Trung 5A',
  ancestors: ['QN', 'UONG-BI'],
  category: 'noise',
  categoryLabel: { vi: 'Gây ồn ào', en: 'Noise' },
  urgency: 'low',
  description: 'SENTINEL-DESC hát karaoke',
  place: 'SENTINEL-PLACE ngõ 4',
  createdAt: CREATED,
  status: 'in_progress',
  notifyStatus: 'sent',
};

afterEach(() => vi.restoreAllMocks());

describe('the retention job stopped halfway (DynamoDB)', () => {
  it('leaves a report whose words were half erased in the queue, and the next run finishes it', async () => {
    await putItems(store, [
      newReportItem(report, testRetention()),
      {
        pk: `REPORT#${report.id}`,
        sk: `REPLY#${CREATED}#c1`,
        type: 'reply',
        at: CREATED,
        text: 'SENTINEL-REPLY',
      },
    ]);
    const dying = testStore();
    const send = dying.doc.send.bind(dying.doc) as (command: unknown) => Promise<unknown>;
    // The run dies at its commit point: the report item's own update never lands.
    vi.spyOn(dying.doc, 'send').mockImplementation(((command: {
      constructor: { name: string };
      input: { Key?: { sk?: string } };
    }) =>
      command.constructor.name === 'UpdateCommand' && command.input.Key?.sk === 'REPORT'
        ? Promise.reject(Object.assign(new Error('killed'), { name: 'TimeoutError' }))
        : send(command)) as never);
    const ports = (s: typeof store) => ({
      retention: retentionStore(s),
      clock: { now: () => LATER },
      policy: testRetention(),
    });

    const died = await eraseDue(ports(dying)).catch((error: Error) => error.message);
    const halfway = (await allItems(store)).find((item) => item.sk === 'REPORT');
    const again = await eraseDue(ports(store));

    const text = JSON.stringify(await allItems(store));
    expect(died).toBe('killed');
    // Half done: the officers' words are gone, the report is still queued with its own.
    expect([halfway?.description, halfway?.gsi4pk, text.includes('SENTINEL-REPLY')]).toEqual([
      'SENTINEL-DESC hát karaoke',
      'RETAIN',
      false,
    ]);
    expect(again).toMatchObject({ due: 1, reportTexts: 1, skipped: 0 });
    expect(['SENTINEL-DESC', 'SENTINEL-PLACE'].filter((s) => text.includes(s))).toEqual([]);
  });
});
