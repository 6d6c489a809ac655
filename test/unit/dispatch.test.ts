import { describe, expect, it } from 'vitest';
import { DispatchBusy, dispatchPending, dispatchReport } from '../../functions/dispatch/dispatcher';
import { TOKEN_CHARS, verifyAckToken } from '../../functions/dispatch/token';
import { SmsError } from '../../functions/sms/model';
import { dispatchSetup, officer, PROVINCE, report } from './dispatch-fakes';
import { fixedSecrets } from './reports-fakes';

const ackLink = /https:\/\/tuquan\.quangninh\.example\.vn\/api\/ack\/([A-Za-z0-9_-]+)$/;

describe('dispatchReport', () => {
  it('texts each officer on duty in the place once, with no word of the report, and queues the acknowledgement', async () => {
    const { ports, store, sms } = dispatchSetup({
      'UONG-BI-QT5A': [officer('A1', 'group_head'), officer('A2')],
    });
    store.add(report());

    expect(await dispatchReport(ports, 'r000000000000001')).toBe(true);

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900000101', '+84900000102']);
    const body = sms.sent[0]?.body ?? '';
    expect(body).toMatch(
      /^Trom cap tai san: Khu Quang Trung 5A, Uong Bi, 14:00 12\/03\. Xac nhan: https:\/\/\S+$/,
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

  it('keeps the report and records the SMS as failed with its reason after the last attempt, then alerts', async () => {
    const { ports, store, sms, alerts } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1')] });
    sms.fail = throttled;
    store.add(report());

    await dispatchReport(ports, 'r000000000000001');

    expect(sms.calls).toBe(3);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({
      state: 'failed',
      attempts: 3,
      reason: 'ThrottledException',
    });
    expect(store.report('r000000000000001')).toMatchObject({ notifyStatus: 'failed', recipients: 0 });
    // Still waits for an acknowledgement, so that escalation reaches the next tier.
    expect(store.queueOf('r000000000000001')?.pk).toBe('ACKDUE');
    expect(alerts.alerts).toEqual([
      {
        subject: 'tuquan quang-ninh: a report reached nobody by SMS',
        body: 'Report r000000000000001 (tier 0): every SMS failed after retries. It is stored and listed in the console, marked "failed".',
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

  it('never resends an SMS whose run died while sending it: it waits, then records it as interrupted', async () => {
    const { ports, store, sms, clock } = dispatchSetup({ 'UONG-BI-QT5A': [officer('A1'), officer('A2')] });
    store.add(report());
    await store.putTier('r000000000000001', {
      tier: 0,
      level: 'UONG-BI-QT5A',
      at: '2025-03-12T07:00:01.000Z',
      recipients: [
        { key: 'A1', to: '+84900000101', role: 'police', officerId: 'A1' },
        { key: 'A2', to: '+84900000102', role: 'police', officerId: 'A2' },
      ],
    });
    // A run killed between claiming A1's SMS and settling it: the SMS may or may not have gone.
    await store.claimNotification('r000000000000001', {
      key: 'A1',
      tier: 0,
      index: 0,
      to: '+84900000101',
      role: 'police',
      state: 'sending',
      claim: 'dead-run',
      claimedAt: '2025-03-12T07:00:01.000Z',
    });

    await expect(dispatchReport(ports, 'r000000000000001')).rejects.toBeInstanceOf(DispatchBusy);
    clock.advance(3);
    await dispatchReport(ports, 'r000000000000001');

    expect(sms.sent.map((m) => m.to)).toEqual(['+84900000102']);
    expect(store.notes.get('r000000000000001#A1')).toMatchObject({ state: 'failed', reason: 'interrupted' });
    expect(store.report('r000000000000001')).toMatchObject({ notifyStatus: 'partial', recipients: 1 });
  });
});

describe('the daily SMS cap', () => {
  const capped = { ...PROVINCE, sms: { ...PROVINCE.sms, dailyCap: 2 } };

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
});
