import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import { summaryText } from '../../functions/dispatch/message';
import { sendHeld } from '../../functions/dispatch/summaries';
import { SUMMARY_TOKEN_CHARS, verifyAckToken, verifySummaryToken } from '../../functions/dispatch/token';
import type { Report } from '../../functions/reports/model';
import { fitsOneSegment, type SmsMessage } from '../../functions/sms/model';
import type { Placed, SmsCounter, SmsCounts } from '../../functions/stats/model';
import { dispatchSetup, officer, report, THROTTLED } from './dispatch-fakes';
import { fixedSecrets } from './reports-fakes';

const START = Date.parse('2025-03-12T07:00:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();
const DESK_PHONE = THROTTLED.fallbackDutyPhone;
const A1 = officer('A1').phone;
const LIMITS = [
  { ms: 60_000, limit: THROTTLED.sms.throttle.perMinute },
  { ms: 15 * 60_000, limit: THROTTLED.sms.throttle.per15Minutes },
  { ms: 60 * 60_000, limit: THROTTLED.sms.throttle.perHour },
];

/** The day's SMS counts as the send path reports them. */
class CountingSms implements SmsCounter {
  counts = { sent: 0, sentLater: 0, held: 0, capped: 0, summaries: 0, grouped: 0 };
  async report(_report: Placed, counts: SmsCounts, _at: Date, options: { later?: boolean } = {}) {
    if (options.later) this.counts.sentLater += counts.sent;
    else this.counts.sent += counts.sent;
    this.counts.held += counts.held;
    this.counts.capped += counts.capped;
  }
  async summary(reports: readonly Placed[]) {
    this.counts.summaries++;
    this.counts.grouped += reports.length;
  }
}

/**
 * One place with one officer (A1) on duty, the demo's throttle (1 SMS a minute, 5 in 15 minutes, 12 an
 * hour per phone), nobody acknowledging: reports arrive as `arrivals` says (seconds after 07:00), and
 * the local worker's sweep (escalation, then the held SMS) runs every 5 seconds for three hours.
 */
async function run(arrivals: { at: number; urgency: Report['urgency'] }[]) {
  const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] }, THROTTLED);
  const { ports, store, clock } = setup;
  const counter = new CountingSms();
  ports.smsStats = counter;
  const sent: (SmsMessage & { at: number })[] = [];
  const send = setup.sms.send.bind(setup.sms);
  setup.sms.send = async (message) => {
    const out = await send(message);
    sent.push({ ...message, at: clock.now().getTime() });
    return out;
  };
  /** How many SMS had gone when each report was dispatched. */
  const sentWhenDispatched = new Map<string, number>();
  const reports = arrivals.map((a, i) =>
    report({ id: `r${String(i + 1).padStart(15, '0')}`, urgency: a.urgency, createdAt: at(a.at) }),
  );
  let next = 0;
  for (let second = 0; second <= 3 * 3600; second += 5) {
    for (; next < reports.length && (arrivals[next]?.at ?? 0) <= second; next++) {
      const r = reports[next] as Report;
      clock.set(r.createdAt);
      store.add(r);
      sentWhenDispatched.set(r.id, sent.length);
      await dispatchReport(ports, r.id);
    }
    clock.set(at(second));
    await escalateDue(ports);
    await sendHeld(ports);
  }
  return { ...setup, sent, reports, counter, sentWhenDispatched };
}

/** Which reports an SMS carries: its own (the acknowledge link names it) or a summary's. */
async function carried(setup: Awaited<ReturnType<typeof run>>, message: SmsMessage): Promise<string[]> {
  const key = await fixedSecrets().key('ack-token');
  const now = new Date(START + 3_600_000);
  const own = /\/api\/ack\/([A-Za-z0-9_-]{27})$/.exec(message.body)?.[1];
  if (own) return [verifyAckToken(key, own, now)?.reportId ?? 'forged'];
  const token = /\/api\/ack\/summary\/([A-Za-z0-9_-]+)$/.exec(message.body)?.[1] ?? '';
  const summary = setup.store.summaries.get(verifySummaryToken(key, token, now) ?? '');
  return summary ? summary.reports.map((r) => r.reportId) : ['unknown'];
}

function overLimits(sent: { to: string; at: number }[]): string[] {
  const problems: string[] = [];
  const phones = new Set(sent.map((m) => m.to));
  for (const phone of phones) {
    const times = sent.filter((m) => m.to === phone).map((m) => m.at);
    for (const t of times)
      for (const { ms, limit } of LIMITS) {
        const inWindow = times.filter((s) => s > t - ms && s <= t).length;
        if (inWindow > limit)
          problems.push(`${phone}: ${inWindow} in ${ms / 60_000} min at ${new Date(t).toISOString()}`);
      }
  }
  return [...new Set(problems)];
}

describe('the per-phone throttle and its summaries, on a fake clock', () => {
  // 40 normal reports over 25 minutes, a burst of 6 in one second, and 3 high-urgency ones among them.
  const arrivals = [
    ...Array.from({ length: 40 }, (_, i) => ({ at: i * 37, urgency: 'normal' as const })),
    ...Array.from({ length: 6 }, () => ({ at: 2000, urgency: 'normal' as const })),
    { at: 125, urgency: 'high' as const },
    { at: 700, urgency: 'high' as const },
    { at: 2000, urgency: 'high' as const },
  ].sort((a, b) => a.at - b.at);

  it('texts no phone over its limits, and brings every report to every phone it was meant for, once', async () => {
    const setup = await run(arrivals);
    const ids = setup.reports.map((r) => r.id).sort();
    const reached = async (phone: string) => {
      const all: string[] = [];
      for (const m of setup.sent.filter((s) => s.to === phone)) all.push(...(await carried(setup, m)));
      return all.sort();
    };

    expect(overLimits(setup.sent)).toEqual([]);
    // The officer on duty is meant for every report; the duty desk too, since nobody acknowledges.
    expect(await reached(A1)).toEqual(ids);
    expect(await reached(DESK_PHONE)).toEqual(ids);
    expect(setup.throttle.held()).toEqual({});
    expect(setup.sent.every((m) => fitsOneSegment(m.body) && !m.body.includes('SMS qua'))).toBe(true);
    // Far fewer SMS than reports × phones: the phones got summaries.
    expect(setup.sent.length).toBeLessThan(ids.length);
  });

  it('never holds a high-urgency report behind normal ones: it takes the phone’s next slot, the summary waits', async () => {
    const setup = await run(arrivals);
    const findings: string[] = [];
    for (const high of setup.reports.filter((r) => r.urgency === 'high')) {
      const own = setup.sent.findIndex((m) => m.to === A1 && m.reportId === high.id);
      if (own < 0) {
        findings.push(`${high.id}: no SMS of its own`);
        continue;
      }
      // Nothing else reached the phone between the report's dispatch and its own SMS.
      const between = setup.sent
        .slice(setup.sentWhenDispatched.get(high.id) ?? 0, own)
        .filter((m) => m.to === A1);
      if (between.length > 0) findings.push(`${high.id}: ${between.length} SMS before it`);
    }
    expect(findings).toEqual([]);
  });

  it('records the day’s counts: each SMS about a report sent or held once, and what the summaries carried', async () => {
    const setup = await run(arrivals);
    const summaries = setup.sent.filter((m) => m.reportId.startsWith('summary:'));
    let grouped = 0;
    for (const m of summaries) grouped += (await carried(setup, m)).length;
    const own = setup.sent.length - summaries.length;

    expect(setup.counter.counts).toEqual({
      sent: setup.counter.counts.sent,
      sentLater: own - setup.counter.counts.sent,
      // Every (report, phone) was either texted at once or held: 49 reports, 2 phones each.
      held: 2 * setup.reports.length - setup.counter.counts.sent,
      capped: 0,
      summaries: summaries.length,
      grouped,
    });
    expect(setup.counter.counts.held).toBeGreaterThan(0);
    // Held ones went out either in a summary or as their own SMS from the sweep.
    expect(grouped + setup.counter.counts.sentLater).toBe(setup.counter.counts.held);
  });

  it('sends a single held report as its own SMS rather than a summary of one', async () => {
    const setup = await run([
      { at: 0, urgency: 'normal' },
      { at: 10, urgency: 'normal' },
    ]);

    const toA1 = setup.sent.filter((m) => m.to === A1);
    expect(toA1.map((m) => ({ report: m.reportId, after: (m.at - START) / 1000 }))).toEqual([
      { report: 'r000000000000001', after: 0 },
      // The next free slot a minute (and the send margin, 2 s) after the first SMS, found by the sweep's
      // 5-second tick.
      { report: 'r000000000000002', after: 65 },
    ]);
  });

  it('leaves out of a summary a report someone acknowledged meanwhile', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] }, THROTTLED);
    const { ports, store, clock } = setup;
    for (const [n, second] of [
      [1, 0],
      [2, 10],
      [3, 20],
      [4, 30],
    ] as const) {
      const r = report({ id: `r00000000000000${n}`, createdAt: at(second) });
      clock.set(r.createdAt);
      store.add(r);
      await dispatchReport(ports, r.id);
    }
    Object.assign(store.report('r000000000000003') ?? {}, { status: 'acknowledged', acknowledgedAt: at(40) });
    // The slot is free a minute and the send margin after the first SMS.
    clock.set(at(62));
    await sendHeld(ports);

    const toA1 = setup.sms.sent.filter((m) => m.to === A1);
    const summary = [...store.summaries.values()].find((s) => s.key === 'A1');
    expect(summary?.reports.map((r) => r.reportId)).toEqual(['r000000000000002', 'r000000000000004']);
    expect(toA1.at(-1)?.body).toMatch(
      new RegExp(
        `^TuQuan QN: 2 tin bao moi: Khu Quang Trung 5A \\(2\\)\\. Xem: https://tuquan\\.quangninh\\.example\\.vn/api/ack/summary/[A-Za-z0-9_-]{${SUMMARY_TOKEN_CHARS}}$`,
      ),
    );
    expect(setup.throttle.held().A1).toBeUndefined();
  });
});

describe('a report whose every recipient is at their throttle', () => {
  it('is marked held, not failed, and raises no "reached nobody" alert: a summary will carry it', async () => {
    // Nobody on duty: the duty desk is the first tier, and the desk has just been texted.
    const { ports, store, alerts } = dispatchSetup({}, THROTTLED);
    const first = report({ id: 'r000000000000001', createdAt: '2025-03-12T07:00:01.000Z' });
    const second = report({ id: 'r000000000000002', createdAt: '2025-03-12T07:00:02.000Z' });
    store.add(first);
    store.add(second);

    await dispatchReport(ports, first.id);
    await dispatchReport(ports, second.id);

    expect({
      first: store.reports.get(first.id)?.report.notifyStatus,
      second: store.reports.get(second.id)?.report.notifyStatus,
      alerts: alerts.alerts.map((a) => a.subject),
    }).toEqual({ first: 'sent', second: 'held', alerts: [] });
  });
});

describe('a report held at its place while a flood takes the officers’ slots', () => {
  it('stays with its place when normal (a summary brings it), and climbs at once when high urgency', async () => {
    const { ports, store, sms } = dispatchSetup(
      { 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('B1')] },
      THROTTLED,
    );
    const reports = [
      report({ id: 'r000000000000001', createdAt: '2025-03-12T07:00:01.000Z' }),
      report({ id: 'r000000000000002', createdAt: '2025-03-12T07:00:02.000Z' }),
      report({ id: 'r000000000000003', createdAt: '2025-03-12T07:00:03.000Z', urgency: 'high' }),
    ];
    for (const r of reports) {
      store.add(r);
      await dispatchReport(ports, r.id);
    }

    expect(reports.map((r) => sms.sent.filter((m) => m.reportId === r.id).map((m) => m.to))).toEqual([
      [officer('A1').phone],
      [],
      [officer('B1').phone],
    ]);
    expect(store.reports.get('r000000000000002')?.report.notifyStatus).toBe('held');
  });
});

describe('summaryText', () => {
  const link = `https://tuquan.quangninh.example.vn/api/ack/summary/${'x'.repeat(SUMMARY_TOKEN_CHARS)}`;

  it('says how many reports in which places, most first, in one GSM-7 segment', () => {
    const text = summaryText({
      places: ['Phường Yên Thanh', 'Khu Quang Trung 5A', 'Phường Yên Thanh'],
      link,
      tag: 'TuQuan QN',
    });
    expect(text).toBe(`TuQuan QN: 3 tin bao moi: Phuong Yen Thanh (2), Khu Quang Trung 5A (1). Xem: ${link}`);
    expect(fitsOneSegment(text)).toBe(true);
  });

  it('counts the places that do not fit, and shortens a first place too long for the room', () => {
    const many = Array.from({ length: 30 }, (_, i) => `Thôn Đồng Bãi Cháy số ${i + 1}`);
    const long = summaryText({ places: many, link, tag: 'TuQuan QN' });
    const one = summaryText({
      places: ['Khu dân cư số 7 phường Hồng Hải thành phố Hạ Long tỉnh Quảng Ninh'.repeat(2)],
      link,
      tag: 'TuQuan QN',
    });

    expect(fitsOneSegment(long)).toBe(true);
    expect(long).toMatch(
      /^TuQuan QN: 30 tin bao moi: Thon Dong Bai Chay so \d+ \(1\)(, [^.]+)* va \d+ noi khac\. Xem: /,
    );
    expect(fitsOneSegment(one)).toBe(true);
    expect(one).toMatch(/^TuQuan QN: 1 tin bao moi: Khu dan cu so 7.*\.\. \(1\)\. Xem: /);
  });
});
