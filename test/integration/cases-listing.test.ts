import { describe, expect, it } from 'vitest';
import { caseStore, LISTING_BUDGET } from '../../functions/cases/store';
import type { Report, ReportStatus } from '../../functions/reports/model';
import { newReportItem, reportStore } from '../../functions/reports/store';
import { putItems, testRetention, testStore } from '../support/store';

const store = testStore();
const { inProvince: newestInProvince } = caseStore(store);

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
  await putItems(
    store,
    reports.map((r) => newReportItem(r, testRetention())),
  );
}

describe("the province's list", () => {
  it('gives the newest reports of every place and pages on', async () => {
    const reports = [101, 102, 103, 104, 105].map((n) =>
      report(n, n === 104 ? 'received' : 'closed', '2025-01-01'),
    );
    await store2(reports);

    const first = await newestInProvince({ limit: 2, before: '2025-01-02' });
    const second = await newestInProvince({
      limit: 2,
      before: `${reports[2]?.createdAt}#${reports[2]?.id}`,
    });
    const received = await newestInProvince({ limit: 2, status: 'received', before: '2025-01-02' });

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

    const first = await newestInProvince({ limit: 25, status: 'referred', before });
    const second = await newestInProvince({ limit: 25, status: 'referred', before: first.resumeAt });

    expect(first.reports).toEqual([]);
    // Five pages of 100, newest first: recent[519] down to recent[20].
    expect(first.resumeAt).toBe(`${recent[20]?.createdAt}#${recent[20]?.id}`);
    expect(second.reports.map((r) => r.id)).toEqual([old.id]);
    expect(second.resumeAt).toBeUndefined();
  });
});

describe("the report store's put", () => {
  it('lists the report in the province with the same write that stores it, once when replayed', async () => {
    const r = report(5001, 'received', '2025-04-01');

    const outcomes = [
      await reportStore(store, testRetention()).put(r),
      await reportStore(store, testRetention()).put(r),
    ];
    const listed = await newestInProvince({ limit: 5, before: '2025-04-02' });

    expect(outcomes).toEqual(['created', 'exists']);
    expect(listed.reports.filter((x) => x.id === r.id)).toEqual([r]);
  });
});
