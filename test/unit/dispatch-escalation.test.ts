import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import { MAX_TIER } from '../../functions/dispatch/token';
import type { Report } from '../../functions/reports/model';
import { SmsError, type SmsMessage } from '../../functions/sms/model';
import { dispatchSetup, officer, PROVINCE, report } from './dispatch-fakes';

const ID = 'r000000000000001';

/** A report dispatched to the group's head at 07:00:02, due for acknowledgement at 07:15:02. */
async function dispatched(onDuty: Parameters<typeof dispatchSetup>[0]) {
  const setup = dispatchSetup(onDuty);
  setup.store.add(report());
  await dispatchReport(setup.ports, ID);
  return setup;
}

describe('escalateDue', () => {
  it('leaves a report alone until its minutes are up', async () => {
    const { ports, sms, clock } = await dispatched({
      'UONG-BI-QT5A': [officer('A1')],
      'UONG-BI': [officer('W1')],
    });
    clock.set('2025-03-12T07:15:01.000Z');

    expect(await escalateDue(ports)).toBe(0);
    expect(sms.sent).toHaveLength(1);
  });

  it('texts the officers on duty one level up, saying nobody has taken it, then the duty desk, then stops', async () => {
    const { ports, store, sms, clock, roster } = await dispatched({
      'UONG-BI-QT5A': [officer('A1')],
      'UONG-BI': [officer('W1'), officer('W2')],
    });

    clock.set('2025-03-12T07:15:02.000Z');
    const first = await escalateDue(ports);
    const afterFirst = structuredClone({ report: store.report(ID), queue: store.queueOf(ID) });
    clock.advance(15);
    const second = await escalateDue(ports);
    clock.advance(60);
    const third = await escalateDue(ports);

    expect([first, second, third]).toEqual([1, 1, 0]);
    expect(sms.sent.map((m) => m.to)).toEqual([
      '+84900000101',
      '+84900002301',
      '+84900002302',
      PROVINCE.fallbackDutyPhone,
    ]);
    expect(sms.sent[1]?.body).toMatch(
      /^TuQuan QN: Chua ai nhan! Trom cap tai san: Khu Quang Trung 5A, gui 14:00\. Nhan xu ly: /,
    );
    expect(sms.sent.every((m) => m.body.length <= 160)).toBe(true);
    expect(afterFirst.report).toMatchObject({ escalationTier: 1, notifiedLevel: 'UONG-BI' });
    expect(afterFirst.queue).toEqual({ pk: 'ACKDUE', sk: `2025-03-12T07:30:02.000Z#${ID}` });
    expect([store.report(ID)?.notifiedLevel, store.queueOf(ID)]).toEqual(['DESK', undefined]);
    // Escalation asks who is on duty now, not when the report arrived.
    expect(roster.asked.at(-1)).toEqual({ area: 'QN', at: '2025-03-12T07:30:02.000Z' });
  });

  it('drops an acknowledged report from the queue without texting anyone', async () => {
    const { ports, store, sms, clock } = await dispatched({
      'UONG-BI-QT5A': [officer('A1')],
      'UONG-BI': [officer('W1')],
    });
    const entry = store.reports.get(ID);
    if (entry)
      Object.assign(entry.report, { status: 'acknowledged', acknowledgedAt: '2025-03-12T07:05:00.000Z' });
    clock.set('2025-03-12T07:20:00.000Z');

    expect(await escalateDue(ports)).toBe(0);
    expect([sms.sent.length, store.queueOf(ID)]).toEqual([1, undefined]);
  });

  it('skips officers already texted about the report, going further up instead', async () => {
    // W1 serves the group and the ward: already texted at tier 0, so tier 1 is the duty desk.
    const { ports, sms, clock } = await dispatched({
      'UONG-BI-QT5A': [officer('W1')],
      'UONG-BI': [officer('W1')],
    });
    clock.set('2025-03-12T07:16:00.000Z');

    await escalateDue(ports);

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900002301', PROVINCE.fallbackDutyPhone]);
  });

  it('escalates each tier once, even when two sweeps run together', async () => {
    const { ports, store, sms, clock } = await dispatched({
      'UONG-BI-QT5A': [officer('A1')],
      'UONG-BI': [officer('W1')],
    });
    clock.set('2025-03-12T07:16:00.000Z');

    await Promise.all([escalateDue(ports), escalateDue(ports)]);

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900000101', '+84900002301']);
    expect(store.report(ID)).toMatchObject({ escalationTier: 1, notifiedLevel: 'UONG-BI' });
  });

  it('uses the minutes of the report urgency', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('W1')] });
    setup.store.add(report({ urgency: 'high' }));
    await dispatchReport(setup.ports, ID);

    expect(setup.store.queueOf(ID)).toEqual({ pk: 'ACKDUE', sk: `2025-03-12T07:05:02.000Z#${ID}` });
  });
});

describe('a tier that texted nobody', () => {
  const refused = (...phones: string[]) =>
    ((_call: number, message: SmsMessage) =>
      phones.includes(message.to) ? new SmsError('InvalidParameterException', false) : undefined) as (
      call: number,
      message: SmsMessage,
    ) => Error | undefined;

  it('is followed at once by the next tier up, in the same dispatch, skipping whoever was texted already', async () => {
    const setup = dispatchSetup({
      'UONG-BI-QT5A': [officer('A1'), officer('W2')],
      'UONG-BI': [officer('W1'), officer('W2')],
    });
    const stats = recordingStats();
    setup.ports.stats = stats;
    setup.sms.fail = refused('+84900000101', '+84900002302');
    setup.store.add(report());

    await dispatchReport(setup.ports, ID);

    // A1 and W2 refused at tier 0; tier 1 is the ward's W1 (W2 not twice), at once.
    expect(setup.sms.sent.map((m) => m.to)).toEqual(['+84900002301']);
    expect(setup.store.report(ID)).toMatchObject({
      notifyStatus: 'failed',
      escalationTier: 1,
      notifiedLevel: 'UONG-BI',
    });
    // Tier 1 reached someone: it waits the urgency's minutes, from now.
    expect(setup.store.queueOf(ID)).toEqual({ pk: 'ACKDUE', sk: `2025-03-12T07:15:02.000Z#${ID}` });
    expect(stats.seen).toEqual([`dispatched ${ID} 0`, `escalated ${ID} 1 1`]);
    expect(setup.alerts.alerts).toEqual([]);
  });

  it('whose only SMS was interrupted twice is followed at once by the next tier', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('W1')] });
    setup.store.add(report());
    await setup.store.putTier(ID, {
      tier: 0,
      level: 'UONG-BI-QT5A',
      at: '2025-03-12T07:00:01.000Z',
      recipients: [{ key: 'A1', to: '+84900000101', role: 'police', officerId: 'A1' }],
    });
    await setup.store.claimNotification(ID, {
      key: 'A1',
      tier: 0,
      index: 0,
      to: '+84900000101',
      role: 'police',
      state: 'sending',
      claim: 'dead-resend',
      claimedAt: '2025-03-12T07:00:01.000Z',
      resentAt: '2025-03-12T07:00:01.000Z',
    });
    setup.clock.advance(3);

    await dispatchReport(setup.ports, ID);

    expect(setup.sms.sent.map((m) => m.to)).toEqual(['+84900002301']);
    expect(setup.store.notes.get(`${ID}#A1`)).toMatchObject({ state: 'failed', reason: 'interrupted' });
    expect(setup.store.report(ID)).toMatchObject({ escalationTier: 1, notifiedLevel: 'UONG-BI' });
  });

  it('at a later tier is followed at once by the next one in the same sweep, last the duty desk', async () => {
    const { ports, store, sms, clock } = await dispatched({
      'UONG-BI-QT5A': [officer('A1')],
      'UONG-BI': [officer('W1')],
    });
    sms.fail = refused('+84900002301');
    clock.set('2025-03-12T07:15:02.000Z');

    expect(await escalateDue(ports)).toBe(1);

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900000101', PROVINCE.fallbackDutyPhone]);
    expect([store.report(ID)?.escalationTier, store.report(ID)?.notifiedLevel, store.queueOf(ID)]).toEqual([
      2,
      'DESK',
      undefined,
    ]);
  });

  it('left by a run that died before the next tier is due at once: the next sweep texts it', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('W1')] });
    setup.store.add(report());
    // A1 refused; then the process dies while texting W1 (nothing handed over).
    setup.sms.fail = (_call, message) =>
      message.to === '+84900000101'
        ? new SmsError('InvalidParameterException', false)
        : new Error('process killed');

    await dispatchReport(setup.ports, ID);
    const afterCrash = { queue: setup.store.queueOf(ID), sent: setup.sms.sent.length };
    setup.sms.fail = refused('+84900000101');
    const escalated = await escalateDue(setup.ports);

    expect(afterCrash).toEqual({ queue: { pk: 'ACKDUE', sk: `2025-03-12T07:00:02.000Z#${ID}` }, sent: 0 });
    expect(escalated).toBe(1);
    expect(setup.sms.sent.map((m) => m.to)).toEqual(['+84900002301']);
    expect(setup.store.report(ID)).toMatchObject({ escalationTier: 1, notifiedLevel: 'UONG-BI' });
  });

  it('goes up at once at most to the tier limit, then waits and alerts the admins once', async () => {
    // Ten levels, one officer each, every SMS refused: tiers 0 to MAX_TIER, never past it.
    const ancestors = Array.from({ length: 9 }, (_, i) => `L${i}`);
    const onDuty = Object.fromEntries(
      [...ancestors, 'UONG-BI-QT5A'].map((area, i) => [area, [officer(`B${i + 1}`)]]),
    );
    const setup = dispatchSetup(onDuty);
    setup.sms.fail = () => new SmsError('InvalidParameterException', false);
    setup.store.add(report({ ancestors }));

    await dispatchReport(setup.ports, ID);
    setup.clock.advance(16);
    await escalateDue(setup.ports);

    expect(setup.sms.calls).toBe(MAX_TIER + 1);
    expect(setup.store.report(ID)).toMatchObject({ escalationTier: MAX_TIER });
    expect(setup.store.queueOf(ID)).toBeUndefined();
    expect(setup.alerts.alerts.map((a) => a.body)).toEqual([
      `Report ${ID} (tier ${MAX_TIER}): every SMS failed after retries. It is stored and listed in the console, marked "failed".`,
    ]);
  });
});

describe('a tier whose every SMS was capped', () => {
  it('is followed at once by the next tiers, in the same dispatch, none of them waiting its minutes', async () => {
    // One SMS a day, no reserve: the first report spends it, the second finds every tier capped.
    const province = {
      ...PROVINCE,
      sms: {
        ...PROVINCE.sms,
        dailyCap: 1,
        reservePercent: 0,
        communeSharePercent: 100,
        alertPercents: [100],
      },
    };
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')], 'UONG-BI': [officer('W1')] }, province);
    const first = report({ id: 'r000000000000009' });
    setup.store.add(first);
    await dispatchReport(setup.ports, first.id);
    setup.store.add(report());

    await dispatchReport(setup.ports, ID);

    expect(setup.sms.sent.map((m) => [m.reportId, m.to])).toEqual([[first.id, '+84900000101']]);
    expect(
      [...setup.store.notes.entries()].filter(([k]) => k.startsWith(ID)).map(([k, n]) => [k, n.state]),
    ).toEqual([
      // Tier 0 (the khu's officer), tier 1 (the ward's) and the duty desk, in this one dispatch.
      [`${ID}#A1`, 'capped'],
      [`${ID}#W1`, 'capped'],
      [`${ID}#desk`, 'capped'],
    ]);
    expect([
      setup.store.report(ID)?.escalationTier,
      setup.store.report(ID)?.notifiedLevel,
      setup.store.queueOf(ID),
    ]).toEqual([2, 'DESK', undefined]);
  });
});

/** What the dispatcher told the figures, in order. */
function recordingStats() {
  const seen: string[] = [];
  return {
    seen,
    dispatched: async (r: Pick<Report, 'id'>, sms: number) => {
      seen.push(`dispatched ${r.id} ${sms}`);
    },
    escalated: async (r: Pick<Report, 'id'>, tier: number, sms: number) => {
      seen.push(`escalated ${r.id} ${tier} ${sms}`);
    },
  };
}
