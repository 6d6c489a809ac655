import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchPending, dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as createReport } from '../../functions/reports/create.handler';
import { reportPartition } from '../../functions/reports/store';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import type { Store } from '../../functions/shared/store/client';
import { smsCapReserver, smsDayKey } from '../../functions/sms/store';
import { jsonOf, lambdaContext } from '../support/events';
import { type DispatchDeps, dispatchPortsWith } from '../support/reliability-dispatch';
import { testStore } from '../support/store';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';
import { arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

const store = testStore();
let now = new Date('2025-06-01T03:00:00.000Z');
overrideClock({ now: () => now });

type Command = { input: { Key?: { pk?: string } } };

/** A client of its own on the table, whose writes to SMS counters are counted; `fail` may refuse one. */
function watchedStore(fail: (call: number) => boolean = () => false) {
  const watched: Store = testStore();
  const calls = { counter: 0 };
  const original = watched.doc.send.bind(watched.doc) as (command: unknown) => Promise<unknown>;
  vi.spyOn(watched.doc, 'send').mockImplementation(((command: Command) => {
    if (String(command.input.Key?.pk).startsWith('SMSDAY#') && fail(++calls.counter))
      return Promise.reject(
        Object.assign(new Error('down'), { name: 'InternalServerError', $fault: 'server' }),
      );
    return original(command);
  }) as never);
  return { store: watched, calls };
}

const sentOn = async (day: string) =>
  (
    await store.doc.send(
      new GetCommand({ TableName: store.table, Key: smsDayKey(day), ConsistentRead: true }),
    )
  ).Item?.sent;

const granted = (answers: boolean[]) => answers.filter(Boolean).length;

beforeAll(() => arrangeProvince(store, '2025-06-01'));
afterEach(() => vi.restoreAllMocks());

describe('the daily SMS cap (DynamoDB)', () => {
  it('grants exactly 20 of 30 reservations made at once with a cap of 20, in fewer than 30 writes', async () => {
    const { store: watched, calls } = watchedStore();
    const reserve = smsCapReserver(watched);

    const answers = await Promise.all(Array.from({ length: 30 }, () => reserve('2025-06-02', 20)));

    expect({ granted: granted(answers), sent: await sentOn('2025-06-02') }).toEqual({
      granted: 20,
      sent: 20,
    });
    expect(calls.counter).toBeLessThan(30);
  });

  it('grants 30 reservations made at once under the cap in two writes: the first, then all the others', async () => {
    const { store: watched, calls } = watchedStore();
    const reserve = smsCapReserver(watched);

    const answers = await Promise.all(Array.from({ length: 30 }, () => reserve('2025-06-03', 100)));

    expect({ granted: granted(answers), sent: await sentOn('2025-06-03'), writes: calls.counter }).toEqual({
      granted: 30,
      sent: 30,
      writes: 2,
    });
  });

  it('never grants more than the cap between two processes reserving at once', async () => {
    const one = smsCapReserver(watchedStore().store);
    const two = smsCapReserver(watchedStore().store);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) => (n % 2 ? one : two)('2025-06-04', 33)),
    );

    expect({ granted: granted(answers), sent: await sentOn('2025-06-04') }).toEqual({
      granted: 33,
      sent: 33,
    });
  });

  it('refuses without a write once the day is spent, and starts the next day from zero', async () => {
    const { store: watched, calls } = watchedStore();
    const reserve = smsCapReserver(watched);
    await Promise.all(Array.from({ length: 4 }, () => reserve('2025-06-05', 3)));
    const writesToSpend = calls.counter;

    const later = await Promise.all(Array.from({ length: 5 }, () => reserve('2025-06-05', 3)));
    const nextDay = await reserve('2025-06-06', 3);

    expect({
      later,
      writes: calls.counter - writesToSpend,
      nextDay,
      sent: await sentOn('2025-06-05'),
    }).toEqual({
      later: [false, false, false, false, false],
      writes: 1,
      nextDay: true,
      sent: 3,
    });
  });

  it('fails only the reservations whose write failed, granting nothing for them', async () => {
    const { store: watched } = watchedStore((call) => call === 1);
    const reserve = smsCapReserver(watched);

    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => reserve('2025-06-07', 10)));

    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : 'failed'))).toEqual([
      'failed',
      true,
      true,
      true,
      true,
    ]);
    expect(await sentOn('2025-06-07')).toBe(4);
  });
});

describe('the dispatcher at the daily cap (DynamoDB)', () => {
  let made = 0;
  async function submit(): Promise<string> {
    const body = {
      area: 'UONG-BI-QT5A',
      category: 'theft',
      description: `Tin báo số ${++made} khi gần hết SMS.`,
    };
    const result = await createReport(
      post('/api/reports', JSON.stringify(body), JSON_HEADERS),
      lambdaContext,
    );
    return (jsonOf(result).body as { id: string }).id;
  }
  const ports = (overrides: Partial<DispatchDeps> & { sms: RecordingSms; alerts: RecordingAlerts }) =>
    dispatchPortsWith(overrides);

  it('texts exactly the cap when twenty reports are dispatched at once, marks the rest capped and alerts once', async () => {
    // 17:30 UTC on 9 June is 10 June in Vietnam: a day of its own.
    now = new Date('2025-06-09T17:30:00.000Z');
    await arrangeProvince(store, '2025-06-09');
    const sms = new RecordingSms();
    const alerts = new RecordingAlerts();
    const { province } = runtime();
    const capped = { ...province, sms: { ...province.sms, dailyCap: 25 } };
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push(await submit());

    await dispatchPending(ports({ sms, alerts, province: capped }), { limit: 100 });

    const partitions = await Promise.all(ids.map((id) => reportPartition(store, id)));
    const statuses = new Set(partitions.map((items) => items.find((i) => i.sk === 'REPORT')?.notifyStatus));
    const notes = partitions.flat().filter((i) => String(i.sk).startsWith('NOTIFY#'));
    // Two officers on duty per report: 40 SMS wanted, 25 go; a report short of any is marked capped.
    expect({
      sent: sms.sent.length,
      counter: await sentOn('2025-06-10'),
      sentNotes: notes.filter((n) => n.state === 'sent').length,
      cappedNotes: notes.filter((n) => n.state === 'capped').length,
      statuses: [...statuses].sort(),
      alerts: alerts.alerts.map((a) => a.subject),
    }).toEqual({
      sent: 25,
      counter: 25,
      sentNotes: 25,
      cappedNotes: 15,
      statuses: ['capped', 'sent'],
      alerts: ['tuquan quang-ninh: daily SMS cap reached'],
    });
  });

  it('releases the claim of an SMS whose reservation failed, so the next run sends it: each officer texted once', async () => {
    now = new Date('2025-06-12T03:00:00.000Z');
    await arrangeProvince(store, '2025-06-12');
    const sms = new RecordingSms();
    const id = await submit();
    const doc = runtime().store.doc;
    const original = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
    let reservations = 0;
    vi.spyOn(doc, 'send').mockImplementation(((command: Command) => {
      if (String(command.input.Key?.pk).startsWith('SMSDAY#') && ++reservations === 1)
        return Promise.reject(
          Object.assign(new Error('down'), { name: 'InternalServerError', $fault: 'server' }),
        );
      return original(command);
    }) as never);
    const dispatch = ports({ sms, alerts: new RecordingAlerts() });

    const first = await dispatchReport(dispatch, id).catch((error: Error) => error.name);
    const notesAfterFirst = (await reportPartition(store, id))
      .filter((i) => String(i.sk).startsWith('NOTIFY#'))
      .map((n) => n.state);
    await dispatchReport(dispatch, id);

    const report = (await reportPartition(store, id)).find((i) => i.sk === 'REPORT');
    expect({
      first,
      notesAfterFirst,
      texted: sms.sent.map((m) => m.to).sort(),
      status: report?.notifyStatus,
      recipients: report?.recipients,
    }).toEqual({
      first: 'InternalServerError',
      notesAfterFirst: ['sent'],
      texted: ['+84900000101', '+84900000102'],
      status: 'sent',
      recipients: 2,
    });
  });
});
