import { describe, expect, it } from 'vitest';
import type { FloodAlert } from '../../functions/abuse/model';
import type { RateBucket } from '../../functions/abuse/store';
import { type FloodPorts, watchFlood } from '../../functions/dispatch/flood';
import type { Report } from '../../functions/reports/model';
import { setLogSink } from '../../functions/shared/log';
import type { Alert } from '../../functions/sms/alerts';

const FLOOD = { windowMinutes: 10, minReports: 20, factor: 10 };
const DESCRIPTION = 'Có người lạ đột nhập vào kho hàng số 7.';

function report(i: number, createdAt: string, area = 'QN-UB-T5'): Report {
  return {
    id: `r${String(i).padStart(15, '0')}`,
    area,
    areaName: area === 'QN-UB-T5' ? 'Tổ dân phố 5' : 'Tổ dân phố 9',
    parentName: 'Phường Uông Bí',
    ancestors: ['QN', 'QN-UB'],
    category: 'theft',
    categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
    urgency: 'normal',
    description: DESCRIPTION,
    contact: { name: 'Lan', phone: '+84912345678' },
    createdAt,
    status: 'received',
    notifyStatus: 'pending',
  };
}

/** The flood watch's ports in memory, on a fake clock. */
function fakes(options: { reportsInMonths?: Record<string, number> } = {}) {
  let now = new Date('2026-11-28T07:00:30.000Z');
  const buckets = new Map<string, Map<string, RateBucket>>();
  const alerts: Alert[] = [];
  const recorded: { day: string; alert: FloodAlert }[] = [];
  const markers = new Set<string>();
  const ports: FloodPorts = {
    rates: {
      count: async (area, minute, threshold) => {
        const place = buckets.get(area) ?? new Map<string, RateBucket>();
        buckets.set(area, place);
        const bucket = { minute, n: (place.get(minute)?.n ?? 0) + 1, threshold };
        place.set(minute, bucket);
        return bucket.n;
      },
      between: async (area, from, to) =>
        [...(buckets.get(area)?.values() ?? [])]
          .filter((b) => b.minute >= from && b.minute <= to)
          .sort((a, b) => a.minute.localeCompare(b.minute)),
    },
    reportsInMonths: async (area) => options.reportsInMonths?.[area] ?? 0,
    floodAlerts: { record: async (day, alert) => void recorded.push({ day, alert }) },
    markOnce: async (marker) => {
      if (markers.has(marker)) return false;
      markers.add(marker);
      return true;
    },
    alerts: { notify: async (alert) => void alerts.push(alert) },
    clock: { now: () => now },
    province: {
      id: 'quang-ninh',
      rootArea: 'QN',
      name: { vi: 'Quảng Ninh', en: 'Quang Ninh' },
      timeZone: 'Asia/Ho_Chi_Minh',
      flood: FLOOD,
    },
    sleep: async () => undefined,
  };
  return {
    ports,
    alerts,
    recorded,
    buckets,
    at: (iso: string) => {
      now = new Date(iso);
    },
    now: () => now,
  };
}

/** `n` reports at one instant (the dispatcher counts each as it takes it out of the queue). */
async function arrive(f: ReturnType<typeof fakes>, n: number, from: number, area?: string): Promise<void> {
  for (let i = from; i < from + n; i++) await watchFlood(report(i, f.now().toISOString(), area), f.ports);
}

describe('watchFlood', () => {
  it('counts each report in every place from its own up to the province, in the minute it arrived', async () => {
    const f = fakes();

    await arrive(f, 3, 0);

    expect(Object.fromEntries([...f.buckets].map(([area, place]) => [area, [...place.values()]]))).toEqual({
      QN: [{ minute: '2026-11-28T07:00', n: 3, threshold: 20 }],
      'QN-UB': [{ minute: '2026-11-28T07:00', n: 3, threshold: 20 }],
      'QN-UB-T5': [{ minute: '2026-11-28T07:00', n: 3, threshold: 20 }],
    });
    expect(f.alerts).toEqual([]);
  });

  it('alerts once per place and day when the window reaches the floor, with figures and no resident words', async () => {
    const f = fakes();
    await arrive(f, 12, 0);
    f.at('2026-11-28T07:06:00.000Z');
    await arrive(f, 7, 100);
    expect(f.alerts).toEqual([]);

    await arrive(f, 1, 200);
    await arrive(f, 5, 300);

    expect(f.recorded.map((r) => r.day)).toEqual(['2026-11-28', '2026-11-28', '2026-11-28']);
    expect(f.recorded.map((r) => r.alert).sort((a, b) => a.area.localeCompare(b.area))).toEqual([
      {
        type: 'floodAlert',
        area: 'QN',
        areaName: 'Quảng Ninh',
        count: 20,
        windowMinutes: 10,
        normal: 0,
        at: '2026-11-28T07:06:00.000Z',
      },
      {
        type: 'floodAlert',
        area: 'QN-UB',
        areaName: 'Phường Uông Bí',
        count: 20,
        windowMinutes: 10,
        normal: 0,
        at: '2026-11-28T07:06:00.000Z',
      },
      {
        type: 'floodAlert',
        area: 'QN-UB-T5',
        areaName: 'Tổ dân phố 5',
        count: 20,
        windowMinutes: 10,
        normal: 0,
        at: '2026-11-28T07:06:00.000Z',
      },
    ]);
    expect(f.alerts.map((a) => a.subject).sort()).toEqual([
      'tuquan quang-ninh: a flood of reports in Phường Uông Bí',
      'tuquan quang-ninh: a flood of reports in Quảng Ninh',
      'tuquan quang-ninh: a flood of reports in Tổ dân phố 5',
    ]);
    expect(f.alerts.find((a) => a.subject.endsWith('Tổ dân phố 5'))?.body).toBe(
      '20 reports in Tổ dân phố 5 (QN-UB-T5) in the last 10 minutes, where 0 is normal (alert at 20). ' +
        'Every report is stored and dispatched as usual; proofs of work for the place are harder until it calms down. ' +
        'The console lists the flood.',
    );
    const everything = JSON.stringify([f.alerts, f.recorded]);
    for (const words of [DESCRIPTION, 'Lan', '+84912345678', 'Trộm']) expect(everything).not.toContain(words);
  });

  it('forgets what left the window, and alerts a place of the same ward on its own', async () => {
    const f = fakes();
    await arrive(f, 15, 0);
    f.at('2026-11-28T07:10:30.000Z');
    await arrive(f, 6, 100, 'QN-UB-T9');

    // The first 15 are 10 minutes old: the ward and the province hold 6, the group of 9 its own 6.
    expect(f.alerts).toEqual([]);
    await arrive(f, 14, 200, 'QN-UB-T9');

    expect(f.recorded.map((r) => [r.alert.area, r.alert.count]).sort()).toEqual([
      ['QN', 20],
      ['QN-UB', 20],
      ['QN-UB-T9', 20],
    ]);
  });

  it("raises a busy place's threshold to factor × its normal, from the figures' last full months", async () => {
    // 131,040 reports over September to November (91 days of 1,440 minutes): 10 a window, so 20 is no flood.
    const f = fakes({ reportsInMonths: { QN: 131_040 } });
    f.at('2026-12-01T08:00:00.000Z');

    await arrive(f, 20, 0);
    expect(f.recorded.map((r) => r.alert.area).sort()).toEqual(['QN-UB', 'QN-UB-T5']);
    expect([...(f.buckets.get('QN')?.values() ?? [])]).toEqual([
      { minute: '2026-12-01T08:00', n: 20, threshold: 100 },
    ]);
  });

  it('counts a report dispatched late in the minute it arrived, and alerts nobody for it', async () => {
    const f = fakes();
    f.at('2026-11-28T08:00:00.000Z');

    for (let i = 0; i < 25; i++) await watchFlood(report(i, '2026-11-28T07:55:10.000Z'), f.ports);

    expect(f.buckets.get('QN-UB-T5')?.get('2026-11-28T07:55')?.n).toBe(25);
    expect(f.alerts).toEqual([]);
  });

  it('never throws: a count that fails is logged and the dispatch goes on', async () => {
    const f = fakes();
    const logged: string[] = [];
    setLogSink((line) => logged.push(line), 'warn');
    f.ports.rates.count = async () => {
      throw new Error('store down');
    };

    await expect(watchFlood(report(1, f.now().toISOString()), f.ports)).resolves.toBeUndefined();
    setLogSink((line) => process.stdout.write(`${line}\n`), 'warn');

    expect(logged.map((l) => JSON.parse(l).message)).toEqual([
      'flood watch failed',
      'flood watch failed',
      'flood watch failed',
    ]);
  });
});
