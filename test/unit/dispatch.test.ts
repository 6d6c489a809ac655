import { describe, expect, it } from 'vitest';
import {
  DispatchBusy,
  dispatchBatch,
  dispatchPending,
  dispatchReport,
} from '../../functions/dispatch/dispatcher';
import { TOKEN_CHARS, verifyAckToken } from '../../functions/dispatch/token';
import { SmsError, type SmsMessage } from '../../functions/sms/model';
import { dispatchSetup, officer, PROVINCE, report } from './dispatch-fakes';
import { fixedSecrets } from './reports-fakes';

const ackLink = /https:\/\/tuquan\.quangninh\.example\.vn\/api\/ack\/([A-Za-z0-9_-]+)$/;

/** Report ids of the order tests: two high, two normal and one low urgency, and one never stored. */
const [HIGH_1, HIGH_2, NORMAL_1, NORMAL_2, LOW, MISSING] = ['h1', 'h2', 'n1', 'n2', 'w1', 'x9'].map(
  (tail) => `r0000000000000${tail}`,
) as [string, string, string, string, string, string];

describe('dispatchReport', () => {
  it('texts each officer on duty in the place once, with no word of the report, and queues the acknowledgement', async () => {
    const { ports, store, sms } = dispatchSetup({
      'UONG-BI-QT5A': [officer('A1'), officer('A2')],
    });
    store.add(report());

    expect(await dispatchReport(ports, 'r000000000000001')).toBe(true);

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900000101', '+84900000102']);
    const body = sms.sent[0]?.body ?? '';
    expect(body).toMatch(
      /^TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, Uong Bi, gui 14:00\. Nhan xu ly: https:\/\/\S+$/,
    );
    expect(body).not.toMatch(/SMS|Người|84911111111/);
    const token = ackLink.exec(body)?.[1] ?? '';
    expect(token).toHaveLength(TOKEN_CHARS);
    expect(
      verifyAckToken(await fixedSecrets().key('ack-token'), token, new Date('2025-03-12T08:00:00Z')),
    ).toEqual({
      reportId: 'r000000000000001',
      tier: 0,
      index: 0,
    });
    expect(store.report('r000000000000001')).toMatchObject({
      notifyStatus: 'sent',
      recipients: 2,
      dispatchedAt: '2025-03-12T07:00:02.000Z',
      escalationTier: 0,
      notifiedLevel: 'UONG-BI-QT5A',
    });
    // normal urgency: 15 minutes from the dispatch.
    expect(store.queueOf('r000000000000001')).toEqual({
      pk: 'ACKDUE',
      sk: '2025-03-12T07:15:02.000Z#r000000000000001',
    });
  });

  it('asks the roster about the moment the report arrived, not the moment it is dispatched', async () => {
    const { ports, store, roster, clock } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    store.add(report());
    clock.set('2025-03-12T09:30:00.000Z');

    await dispatchReport(ports, 'r000000000000001');

    expect(roster.asked).toEqual([{ area: 'UONG-BI-QT5A', at: '2025-03-12T07:00:00.000Z' }]);
  });

  it('walks up to the ward when nobody is on duty in the place, and to the duty desk when nobody is anywhere', async () => {
    const ward = dispatchSetup({ 'UONG-BI': [officer('W1')] });
    ward.store.add(report());
    const desk = dispatchSetup({});
    desk.store.add(report());

    await dispatchReport(ward.ports, 'r000000000000001');
    await dispatchReport(desk.ports, 'r000000000000001');

    expect(ward.sms.sent.map((m) => m.to)).toEqual(['+84900002301']);
    expect(ward.roster.asked.map((a) => a.area)).toEqual(['UONG-BI-QT5A', 'UONG-BI']);
    expect(desk.sms.sent.map((m) => m.to)).toEqual([PROVINCE.fallbackDutyPhone]);
    expect(desk.roster.asked.map((a) => a.area)).toEqual(['UONG-BI-QT5A', 'UONG-BI', 'QN']);
    // The desk is the last tier: nothing is left to escalate to.
    expect([
      desk.store.report('r000000000000001')?.notifiedLevel,
      desk.store.queueOf('r000000000000001'),
    ]).toEqual(['DESK', undefined]);
  });

  it('texts at most the province cap of recipients per report', async () => {
    const many = Array.from({ length: 8 }, (_, i) => officer(`A${i + 1}`));
    const { ports, store, sms } = dispatchSetup({ 'UONG-BI-QT5A': many });
    store.add(report());

    await dispatchReport(ports, 'r000000000000001');

    expect(sms.sent).toHaveLength(PROVINCE.sms.recipientsPerReport);
  });

  it('does nothing for a report already dispatched', async () => {
    const { ports, store, sms } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    store.add(report());
    await dispatchReport(ports, 'r000000000000001');

    expect(await dispatchReport(ports, 'r000000000000001')).toBe(false);
    expect(sms.sent).toHaveLength(1);
  });

  it('texts nobody for a duplicate, unless the report it duplicates is missing', async () => {
    const { ports, store, sms } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    store.add(report());
    store.add(
      report({
        id: 'r000000000000002',
        duplicateOf: 'r000000000000001',
        createdAt: '2025-03-12T07:01:00.000Z',
      }),
    );
    store.add(
      report({
        id: 'r000000000000003',
        duplicateOf: 'r00000000000000x',
        createdAt: '2025-03-12T07:02:00.000Z',
      }),
    );

    await dispatchReport(ports, 'r000000000000002');
    await dispatchReport(ports, 'r000000000000003');

    expect(sms.sent.map((m) => m.reportId)).toEqual(['r000000000000003']);
    expect([store.report('r000000000000002')?.notifyStatus, store.queueOf('r000000000000002')]).toEqual([
      'duplicate',
      undefined,
    ]);
  });
});

describe('dispatchReport when sending fails', () => {
  const throttled = () => new SmsError('ThrottledException', true);

  it('retries what the provider refused for now, with growing waits, and then sends', async () => {
    const { ports, store, sms, sleeps } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    sms.fail = (call) => (call <= 2 ? throttled() : undefined);
    store.add(report());

    await dispatchReport(ports, 'r000000000000001');

    expect(sms.sent).toHaveLength(1);
    expect(sleeps).toHaveLength(2);
    expect((sleeps[1] ?? 0) > (sleeps[0] ?? 0)).toBe(true);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('keeps the report and records the SMS as failed with its reason after the last attempt, texts the next tier at once, and alerts once nobody is left', async () => {
    const { ports, store, sms, alerts } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    sms.fail = throttled;
    store.add(report());

    await dispatchReport(ports, 'r000000000000001');

    // Three tries to the officer, then (due at once) three to the duty desk, the last tier.
    expect(sms.calls).toBe(6);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({
      state: 'failed',
      attempts: 3,
      reason: 'ThrottledException',
    });
    expect(store.notes.get('r000000000000001#desk')).toMatchObject({ tier: 1, state: 'failed', attempts: 3 });
    expect(store.report('r000000000000001')).toMatchObject({
      notifyStatus: 'failed',
      recipients: 0,
      escalationTier: 1,
      notifiedLevel: 'DESK',
    });
    expect(store.queueOf('r000000000000001')).toBeUndefined();
    expect(alerts.alerts).toEqual([
      {
        subject: 'tuquan quang-ninh: a report reached nobody by SMS',
        body: 'Report r000000000000001 (tier 1): every SMS failed after retries. It is stored and listed in the console, marked "failed".',
        reportId: 'r000000000000001',
      },
    ]);
  });

  it('does not retry a refusal that will not change, and marks a half-sent report partial', async () => {
    const { ports, store, sms } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2')] });
    sms.fail = (_call, message) =>
      message.to.endsWith('2') ? new SmsError('InvalidParameterException', false) : undefined;
    store.add(report());

    await dispatchReport(ports, 'r000000000000001');

    expect(sms.calls).toBe(2);
    expect(store.report('r000000000000001')).toMatchObject({ notifyStatus: 'partial', recipients: 1 });
  });

  it('sends no second SMS to anyone when a crashed fan-out is run again', async () => {
    const { ports, store, sms } = dispatchSetup({
      'UONG-BI-QT5A': [officer('A1'), officer('A2'), officer('A3')],
    });
    store.add(report());
    // The first SMS goes; then the sender dies (not an SmsError: nothing was handed over).
    sms.fail = (call) => (call > 1 ? new Error('process killed') : undefined);

    await expect(dispatchReport(ports, 'r000000000000001')).rejects.toThrow('process killed');
    const afterCrash = { sent: sms.sent.length, status: store.report('r000000000000001')?.notifyStatus };
    sms.fail = () => undefined;
    await dispatchReport(ports, 'r000000000000001');

    expect(afterCrash).toEqual({ sent: 1, status: 'pending' });
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000101', '+84900000102', '+84900000103']);
    expect(store.report('r000000000000001')).toMatchObject({ notifyStatus: 'sent', recipients: 3 });
  });

  /** Tier 0 to A1 and A2 stored, and A1's SMS claimed by a run that died before settling it. */
  async function interruptedRun(setup: ReturnType<typeof dispatchSetup>, resentAt?: string) {
    setup.store.add(report());
    await setup.store.putTier('r000000000000001', {
      tier: 0,
      level: 'UONG-BI-QT5A',
      at: '2025-03-12T07:00:01.000Z',
      recipients: [
        { key: 'A1', to: '+84900000101', role: 'police', officerId: 'A1' },
        { key: 'A2', to: '+84900000102', role: 'police', officerId: 'A2' },
      ],
    });
    // A run killed between claiming A1's SMS and settling it: the SMS may or may not have gone.
    await setup.store.claimNotification('r000000000000001', {
      key: 'A1',
      tier: 0,
      index: 0,
      to: '+84900000101',
      role: 'police',
      state: 'sending',
      claim: 'dead-run',
      claimedAt: '2025-03-12T07:00:01.000Z',
      ...(resentAt ? { resentAt } : {}),
    });
  }

  it('sends an SMS whose run died while sending it once more, after the lease, and records the resend', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2')] });
    const { ports, store, sms, clock } = setup;
    await interruptedRun(setup);

    await expect(dispatchReport(ports, 'r000000000000001')).rejects.toBeInstanceOf(DispatchBusy);
    const whileLeased = sms.sent.map((m) => m.to);
    clock.advance(3);
    await dispatchReport(ports, 'r000000000000001');
    await dispatchReport(ports, 'r000000000000001');

    expect(whileLeased).toEqual(['+84900000102']);
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000101', '+84900000102']);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({
      state: 'sent',
      attempts: 1,
      resentAt: '2025-03-12T07:03:02.000Z',
    });
    expect(store.report('r000000000000001')).toMatchObject({ notifyStatus: 'sent', recipients: 2 });
  });

  it('never sends a third time: a resend interrupted too is recorded interrupted', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2')] });
    const { ports, store, sms, clock } = setup;
    await interruptedRun(setup, '2025-03-12T07:00:01.000Z');
    clock.advance(3);

    await dispatchReport(ports, 'r000000000000001');

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900000102']);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({ state: 'failed', reason: 'interrupted' });
    expect(store.report('r000000000000001')).toMatchObject({ notifyStatus: 'partial', recipients: 1 });
  });

  it('puts a resend whose sender died before handing it over back as it was, so it is still sent only once more', async () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2')] });
    const { ports, store, sms, clock } = setup;
    await interruptedRun(setup);
    clock.advance(3);
    sms.fail = (_call, message) => (message.to === '+84900000101' ? new Error('process killed') : undefined);

    await expect(dispatchReport(ports, 'r000000000000001')).rejects.toThrow('process killed');
    const released = structuredClone(store.notes.get('r000000000000001#A1'));
    sms.fail = () => undefined;
    await dispatchReport(ports, 'r000000000000001');

    expect(released).toMatchObject({ state: 'sending', claimedAt: '2025-03-12T07:00:01.000Z' });
    expect(released?.resentAt).toBeUndefined();
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000101', '+84900000102']);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({ state: 'sent' });
    expect(store.notes.get('r000000000000001#A1')?.resentAt).toBeDefined();
  });
});

describe('the daily SMS cap', () => {
  // The whole cap, with no reserve, no commune's share and one alert (at 100 %): those have their own tests.
  const capped = {
    ...PROVINCE,
    sms: { ...PROVINCE.sms, dailyCap: 2, reservePercent: 0, communeSharePercent: 100, alertPercents: [100] },
  };

  it('stops texting past the cap, marks the report capped, and alerts the admins once a day', async () => {
    const { ports, store, sms, alerts, clock } = dispatchSetup(
      { 'UONG-BI-QT5A': [officer('A1'), officer('A2'), officer('A3')] },
      capped,
    );
    store.add(report());
    store.add(report({ id: 'r000000000000002', createdAt: '2025-03-12T07:00:01.000Z' }));

    await dispatchReport(ports, 'r000000000000001');
    await dispatchReport(ports, 'r000000000000002');
    // 17:00 UTC is already the next day in Vietnam: a new count.
    clock.set('2025-03-12T17:00:00.000Z');
    store.add(report({ id: 'r000000000000003', createdAt: '2025-03-12T17:00:00.000Z' }));
    await dispatchReport(ports, 'r000000000000003');

    expect(sms.sent.map((m) => m.reportId)).toEqual([
      'r000000000000001',
      'r000000000000001',
      'r000000000000003',
      'r000000000000003',
    ]);
    expect(
      ['r000000000000001', 'r000000000000002', 'r000000000000003'].map(
        (id) => store.report(id)?.notifyStatus,
      ),
    ).toEqual(['capped', 'capped', 'capped']);
    expect(alerts.alerts.map((a) => a.subject)).toEqual([
      'tuquan quang-ninh: daily SMS cap reached',
      'tuquan quang-ninh: daily SMS cap reached',
    ]);
    expect(alerts.alerts[0]?.body).toContain('2025-03-12');
    expect(alerts.alerts[1]?.body).toContain('2025-03-13');
  });
});

describe('dispatchPending', () => {
  it('dispatches what waits in the queue, or only what waited long enough', async () => {
    const { ports, store, sms, clock } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    store.add(report({ createdAt: '2025-03-12T06:50:00.000Z' }));
    store.add(report({ id: 'r000000000000002', createdAt: '2025-03-12T06:59:30.000Z' }));
    clock.set('2025-03-12T07:00:00.000Z');

    const old = await dispatchPending(ports, { olderThanMs: 2 * 60_000 });
    const rest = await dispatchPending(ports);
    const none = await dispatchPending(ports);

    expect([old, rest, none]).toEqual([1, 1, 0]);
    expect(sms.sent.map((m) => m.reportId)).toEqual(['r000000000000001', 'r000000000000002']);
  });

  it('goes on with the next report when one fails', async () => {
    const { ports, store, sms } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    store.add(report());
    store.add(report({ id: 'r000000000000002', createdAt: '2025-03-12T07:00:01.000Z' }));
    sms.fail = (_call, message) => (message.reportId === 'r000000000000001' ? new Error('bug') : undefined);

    expect(await dispatchPending(ports)).toBe(1);
    expect(store.report('r000000000000002')?.notifyStatus).toBe('sent');
  });
  it('takes the most urgent first, then the oldest', async () => {
    const { ports, store, sms } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    store.add(report({ id: NORMAL_1, createdAt: '2025-03-12T06:58:00.000Z' }));
    store.add(report({ id: LOW, urgency: 'low', createdAt: '2025-03-12T06:57:00.000Z' }));
    store.add(report({ id: HIGH_2, urgency: 'high', createdAt: '2025-03-12T07:00:01.000Z' }));
    store.add(report({ id: NORMAL_2, createdAt: '2025-03-12T06:59:00.000Z' }));
    store.add(report({ id: HIGH_1, urgency: 'high', createdAt: '2025-03-12T06:59:30.000Z' }));

    await dispatchPending(ports, { limit: 3 });

    expect(sms.sent.map((m) => m.reportId)).toEqual([HIGH_1, HIGH_2, NORMAL_1]);
  });
});

describe('dispatchBatch (the stream handler)', () => {
  const batch = () => {
    const setup = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    setup.store.add(report({ id: NORMAL_1, createdAt: '2025-03-12T06:58:00.000Z' }));
    setup.store.add(report({ id: LOW, urgency: 'low', createdAt: '2025-03-12T06:57:00.000Z' }));
    setup.store.add(report({ id: HIGH_2, urgency: 'high', createdAt: '2025-03-12T07:00:01.000Z' }));
    setup.store.add(report({ id: NORMAL_2, createdAt: '2025-03-12T06:59:00.000Z' }));
    setup.store.add(report({ id: HIGH_1, urgency: 'high', createdAt: '2025-03-12T06:59:30.000Z' }));
    // In arrival (stream) order.
    return { setup, ids: [LOW, NORMAL_1, NORMAL_2, HIGH_1, HIGH_2] };
  };

  it('dispatches the reports of a batch most urgent first, then oldest', async () => {
    const { setup, ids } = batch();

    const failed = await dispatchBatch(setup.ports, ids, 1);

    expect(failed.size).toBe(0);
    expect(setup.sms.sent.map((m) => m.reportId)).toEqual([HIGH_1, HIGH_2, NORMAL_1, NORMAL_2, LOW]);
  });

  it('dispatches them side by side, never more at once than the bound', async () => {
    const { setup, ids } = batch();
    let running = 0;
    let most = 0;
    const sent: SmsMessage[] = [];
    setup.ports.sms = {
      async send(message) {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        sent.push(message);
        return { messageId: `m-${sent.length}` };
      },
    };

    await dispatchBatch(setup.ports, ids, 3);

    expect({ most, sent: sent.length }).toEqual({ most: 3, sent: 5 });
  });

  it('names every report it could not dispatch, and finishes the others', async () => {
    const { setup, ids } = batch();
    setup.sms.fail = (_call, message) =>
      message.reportId === NORMAL_1 || message.reportId === LOW ? new Error('bug') : undefined;

    const failed = await dispatchBatch(setup.ports, [...ids, MISSING], 2);

    expect([...failed.keys()].sort()).toEqual([NORMAL_1, LOW].sort());
    expect([HIGH_1, HIGH_2, NORMAL_2].map((id) => setup.store.report(id)?.notifyStatus)).toEqual([
      'sent',
      'sent',
      'sent',
    ]);
  });
});
