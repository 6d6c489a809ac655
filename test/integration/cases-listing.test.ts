import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  LIST_PK,
  LISTING_BUDGET,
  listedReportWriter,
  newestInProvince,
  putListing,
} from '../../functions/cases/listing';
import type { ReportWriter } from '../../functions/reports/intake';
import type { Report, ReportStatus } from '../../functions/reports/report';
import { newReportItem, putNewReport } from '../../functions/reports/store';
import { putItems, testStore } from '../support/store';

const store = testStore();

const report = (n: number, status: ReportStatus = 'closed', day = '2025-03-12'): Report => ({
  id: `l${String(n).padStart(15, '0')}`,
  area: n % 2 ? 'UONG-BI-QT5A' : 'HA-LONG-K1',
  areaName: 'X',
  ancestors: n % 2 ? ['QN', 'UONG-BI'] : ['QN', 'HA-LONG'],
  category: 'theft',
  categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
  urgency: 'high',
  description: 'Một vụ việc để thử danh sách của tỉnh.',
  createdAt: new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 1000).toISOString(),
  status,
  notifyStatus: 'sent',
});

async function store2(reports: Report[]): Promise<void> {
  await putItems(store, reports.map(newReportItem));
  await putItems(
    store,
    reports.map((r) => ({ pk: LIST_PK, sk: `${r.createdAt}#${r.id}`, type: 'reportListing', id: r.id })),
  );
}

const pointer = async (r: Report) =>
  (
    await store.doc.send(
      new GetCommand({ TableName: store.table, Key: { pk: LIST_PK, sk: `${r.createdAt}#${r.id}` } }),
    )
  ).Item;

describe("the province's list", () => {
  it('gives the newest reports of every place, skips a pointer whose report was never written, and pages on', async () => {
    const reports = [101, 102, 103, 104, 105].map((n) =>
      report(n, n === 104 ? 'received' : 'closed', '2025-01-01'),
    );
    await store2(reports);
    // A pointer whose report's write failed after it: harmless.
    await putListing(store, report(106, 'closed', '2025-01-01'));

    const first = await newestInProvince(store, { limit: 2, before: '2025-01-02' });
    const second = await newestInProvince(store, {
      limit: 2,
      before: `${reports[2]?.createdAt}#${reports[2]?.id}`,
    });
    const received = await newestInProvince(store, { limit: 2, status: 'received', before: '2025-01-02' });

    expect(first.reports.map((r) => r.id)).toEqual([reports[4]?.id, reports[3]?.id, reports[2]?.id]);
    expect(second).toEqual({ reports: [reports[1], reports[0]] });
    expect(received).toEqual({ reports: [reports[3]] });
  });

  it('stops after its read budget on a rare status, saying where to carry on', async () => {
    const old = report(1000, 'referred', '2025-02-01');
    const recent = Array.from({ length: LISTING_BUDGET + 20 }, (_, i) =>
      report(i + 1001, 'closed', '2025-02-01'),
    );
    await store2([old, ...recent]);
    const before = '2025-02-02';

    const first = await newestInProvince(store, { limit: 25, status: 'referred', before });
    const second = await newestInProvince(store, { limit: 25, status: 'referred', before: first.resumeAt });

    expect(first.reports).toEqual([]);
    // Five pages of 100, newest first: recent[519] down to recent[20].
    expect(first.resumeAt).toBe(`${recent[20]?.createdAt}#${recent[20]?.id}`);
    expect(second.reports.map((r) => r.id)).toEqual([old.id]);
    expect(second.resumeAt).toBeUndefined();
  });
});

describe('listedReportWriter', () => {
  const writer = (put: ReportWriter['putReport']): ReportWriter => ({
    putReceipt: async () => 'created',
    deleteReceipt: async () => undefined,
    claimDuplicateSlot: async () => undefined,
    releaseDuplicateSlot: async () => undefined,
    putReport: put,
    reportStored: async () => false,
  });
  const down = () => Object.assign(new Error('down'), { name: 'InternalServerError' });

  it('lists a report just before writing it, and once only when the write is replayed', async () => {
    const r = report(5001, 'received', '2025-04-01');
    const listed = listedReportWriter(
      writer((x) => putNewReport(store, x)),
      store,
    );

    expect([await listed.putReport(r), await listed.putReport(r)]).toEqual(['created', 'exists']);
    expect(await pointer(r)).toEqual({
      pk: LIST_PK,
      sk: `${r.createdAt}#${r.id}`,
      type: 'reportListing',
      id: r.id,
    });
  });

  it('takes the pointer back when the report was not written, and keeps it when the write landed', async () => {
    const lost = report(5002, 'received', '2025-04-01');
    const landed = report(5003, 'received', '2025-04-01');
    const failing = listedReportWriter(
      writer(async () => {
        throw down();
      }),
      store,
    );
    const landing = listedReportWriter(
      writer(async (x) => {
        await putNewReport(store, x);
        throw down();
      }),
      store,
    );

    await expect(failing.putReport(lost)).rejects.toThrow('down');
    await expect(landing.putReport(landed)).rejects.toThrow('down');

    expect([await pointer(lost), (await pointer(landed))?.id]).toEqual([undefined, landed.id]);
  });
});
