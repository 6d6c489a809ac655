import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import type { Report } from '../../functions/reports/model';
import type { Province } from '../../functions/shared/province';
import { smsBudget } from '../../functions/sms/model';
import { dispatchSetup, officer, PROVINCE, report } from './dispatch-fakes';

/** The province with its SMS settings changed (the throttle stays out of reach unless set). */
const withSms = (sms: Partial<Province['sms']>): Province => ({
  ...PROVINCE,
  sms: { ...PROVINCE.sms, ...sms },
});

/** Report n in village V<n> of a commune (its own officer on duty there), at 07:00 + n seconds. */
function villageReport(n: number, commune = 'UONG-BI', overrides: Partial<Report> = {}): Report {
  return report({
    id: `r${String(n).padStart(15, '0')}`,
    area: `${commune}-V${n}`,
    areaName: `Thôn ${n}`,
    ancestors: ['QN', commune],
    createdAt: new Date(Date.parse('2025-03-12T07:00:00.000Z') + n * 1000).toISOString(),
    ...overrides,
  });
}
const village = (n: number, commune = 'UONG-BI') => ({ [`${commune}-V${n}`]: [officer(`A${n}`)] });
const villages = (ns: number[], commune = 'UONG-BI') =>
  Object.assign({}, ...ns.map((n) => village(n, commune)));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('smsBudget', () => {
  it('keeps the reserve rounded up, and gives each commune its share of the cap', () => {
    expect([
      smsBudget({ dailyCap: 2000, reservePercent: 20, communeSharePercent: 25 }),
      smsBudget({ dailyCap: 10, reservePercent: 15, communeSharePercent: 25 }),
      smsBudget({ dailyCap: 3, reservePercent: 0, communeSharePercent: 10 }),
    ]).toEqual([
      { cap: 2000, normalLimit: 1600, communeLimit: 500 },
      { cap: 10, normalLimit: 8, communeLimit: 2 },
      { cap: 3, normalLimit: 3, communeLimit: 1 },
    ]);
  });
});

describe('the reserve of the daily cap', () => {
  // 10 a day, 2 of them kept for high urgency; no commune's share in the way.
  const province = withSms({
    dailyCap: 10,
    reservePercent: 20,
    communeSharePercent: 100,
    alertPercents: [100],
  });

  it('lets normal reports spend the day up to the reserve, and still texts a high-urgency report after them', async () => {
    const { ports, store, sms } = dispatchSetup(
      { ...villages(range(1, 12)), 'UONG-BI-V20': [officer('H1')] },
      {
        ...province,
        fallbackDutyPhone: '+84900999999',
        sms: { ...province.sms, throttle: { perMinute: 1, per15Minutes: 5, perHour: 12 } },
      },
    );
    for (const n of range(1, 12)) {
      store.add(villageReport(n));
      await dispatchReport(ports, villageReport(n).id);
    }
    const normal = sms.sent.filter((m) => m.to !== '+84900999999').length;
    const desk = sms.sent.filter((m) => m.to === '+84900999999').length;

    store.add(villageReport(20, 'UONG-BI', { urgency: 'high' }));
    await dispatchReport(ports, villageReport(20).id);

    expect({
      normal,
      // The capped reports go up to the duty desk at once, but a normal report never spends the reserve,
      // not even through the desk.
      desk,
      high: sms.sent.filter((m) => m.reportId === villageReport(20).id).map((m) => m.to),
      cappedAfterEight: range(9, 12).map((n) => store.notes.get(`${villageReport(n).id}#A${n}`)?.state),
      reason: store.notes.get(`${villageReport(9).id}#A9`)?.reason,
    }).toEqual({
      normal: 8,
      desk: 0,
      high: ['+84900000801'],
      cappedAfterEight: ['capped', 'capped', 'capped', 'capped'],
      reason: 'reserve',
    });
  });

  it('texts high-urgency reports while any of the reserve is left, and no more than the cap', async () => {
    const { ports, store, sms } = dispatchSetup(villages(range(1, 14)), province);
    for (const n of range(1, 8)) store.add(villageReport(n));
    for (const n of range(9, 14)) store.add(villageReport(n, 'UONG-BI', { urgency: 'high' }));

    for (const n of range(1, 14)) await dispatchReport(ports, villageReport(n).id);

    // 8 normal ones spend the normal part; the high-urgency ones take the 2 left; the rest are capped.
    expect(range(1, 14).map((n) => store.notes.get(`${villageReport(n).id}#A${n}`)?.state ?? 'none')).toEqual(
      [...Array(8).fill('sent'), 'sent', 'sent', 'capped', 'capped', 'capped', 'capped'],
    );
    expect(sms.sent.length).toBe(10);
  });
});

describe("a commune's share of the daily cap", () => {
  // 20 a day, no reserve; one commune's normal reports at most 25 % of it: 5.
  const province = withSms({
    dailyCap: 20,
    reservePercent: 0,
    communeSharePercent: 25,
    alertPercents: [100],
  });

  it('stops the normal reports of a commune at its share, and not those of another commune nor high urgency', async () => {
    const { ports, store, alerts } = dispatchSetup(
      { ...villages(range(1, 8)), ...villages([9, 10], 'HA-LONG'), 'UONG-BI-V11': [officer('H1')] },
      { ...province, fallbackDutyPhone: '+84900999999' },
    );
    const reports = [
      ...range(1, 8).map((n) => villageReport(n)),
      ...[9, 10].map((n) => villageReport(n, 'HA-LONG')),
      villageReport(11, 'UONG-BI', { urgency: 'high' }),
    ];
    for (const r of reports) {
      store.add(r);
      await dispatchReport(ports, r.id);
    }

    const own = (r: Report) =>
      store.notes.get(`${r.id}#${r.area === 'UONG-BI-V11' ? 'H1' : `A${r.area.split('-V')[1]}`}`);
    expect(reports.map((r) => own(r)?.state)).toEqual([
      ...Array(5).fill('sent'),
      'capped',
      'capped',
      'capped',
      'sent',
      'sent',
      'sent',
    ]);
    expect(own(reports[5] as Report)?.reason).toBe('share');
    expect(alerts.alerts.filter((a) => a.subject.includes('share'))).toEqual([
      {
        subject: 'tuquan quang-ninh: UONG-BI spent its share of the SMS cap',
        body: 'UONG-BI has spent its 5 SMS (25% of the cap of 20) on 2025-03-12. Its normal reports are stored and listed in the console, marked "capped"; high-urgency reports are still texted.',
      },
    ]);
  });
});

describe('the admin alerts on the SMS budget', () => {
  it('alerts once a day at 50 %, 80 % and 100 % of the cap, with the counts, never a word of a report', async () => {
    const province = withSms({ dailyCap: 10, reservePercent: 20, communeSharePercent: 100 });
    const { ports, store, alerts, clock } = dispatchSetup(villages(range(1, 14)), province);
    for (const n of range(1, 12)) {
      store.add(villageReport(n, 'UONG-BI', { urgency: 'high' }));
      await dispatchReport(ports, villageReport(n).id);
    }
    const first = alerts.alerts.map((a) => a.subject);
    // The next day (17:00 UTC is midnight in Vietnam) counts again from zero.
    clock.set('2025-03-12T17:00:00.000Z');
    for (const n of [13, 14]) {
      store.add(villageReport(n, 'UONG-BI', { urgency: 'high', createdAt: '2025-03-12T17:00:00.000Z' }));
      await dispatchReport(ports, villageReport(n).id);
    }

    expect(first).toEqual([
      'tuquan quang-ninh: 50% of the daily SMS cap spent',
      'tuquan quang-ninh: 80% of the daily SMS cap spent',
      'tuquan quang-ninh: daily SMS cap reached',
    ]);
    expect(alerts.alerts[0]?.body).toBe(
      '5 of 10 SMS spent on 2025-03-12. Normal reports may still spend 3; 2 are kept for high-urgency reports. One commune or ward may spend at most 10.',
    );
    expect(alerts.alerts[1]?.body).toBe(
      '8 of 10 SMS spent on 2025-03-12. Normal reports are no longer texted today; 2 are kept for high-urgency reports. One commune or ward may spend at most 10.',
    );
    expect(alerts.alerts.length).toBe(3);
    for (const alert of alerts.alerts) expect(alert.body).not.toMatch(/Không bao giờ|\+84/);
  });
});
