import { describe, expect, it } from 'vitest';
import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
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
      /^Chua ai nhan! Trom cap tai san: Khu Quang Trung 5A, Uong Bi, 14:00 12\/03\. Xac nhan: /,
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
