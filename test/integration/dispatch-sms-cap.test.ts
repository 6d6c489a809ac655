import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatchPending, dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as createReport } from '../../functions/reports/create.handler';
import { reportPartition } from '../../functions/reports/store';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import type { Store } from '../../functions/shared/store/client';
import type { Reservation, SmsBudget } from '../../functions/sms/model';
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

const granted = (answers: Reservation[]) => answers.filter((a) => a.granted).length;

/** A budget of `cap` with no reserve and no commune's share: the cap alone. */
const only = (cap: number): SmsBudget => ({ cap, normalLimit: cap, communeLimit: cap });
const priority = { priority: true };

beforeAll(() => arrangeProvince(store, '2025-06-01'));
afterEach(() => vi.restoreAllMocks());

describe('the daily SMS cap (DynamoDB)', () => {
  it('grants exactly 20 of 30 reservations made at once with a cap of 20, in fewer than 30 writes', async () => {
    const { store: watched, calls } = watchedStore();
    const reserve = smsCapReserver(watched);

    const answers = await Promise.all(
      Array.from({ length: 30 }, () => reserve('2025-06-02', only(20), priority)),
    );

    expect({ granted: granted(answers), sent: await sentOn('2025-06-02') }).toEqual({
      granted: 20,
      sent: 20,
    });
    expect(calls.counter).toBeLessThan(30);
  });

  it('grants 30 reservations made at once under the cap in two writes: the first, then all the others', async () => {
    const { store: watched, calls } = watchedStore();
    const reserve = smsCapReserver(watched);

    const answers = await Promise.all(
      Array.from({ length: 30 }, () => reserve('2025-06-03', only(100), priority)),
    );

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
      Array.from({ length: 50 }, (_, n) => (n % 2 ? one : two)('2025-06-04', only(33), priority)),
    );

    expect({ granted: granted(answers), sent: await sentOn('2025-06-04') }).toEqual({
      granted: 33,
      sent: 33,
    });
  });

  it('refuses without a write once the day is spent, and starts the next day from zero', async () => {
    const { store: watched, calls } = watchedStore();
    const reserve = smsCapReserver(watched);
    await Promise.all(Array.from({ length: 4 }, () => reserve('2025-06-05', only(3), priority)));
    const writesToSpend = calls.counter;

    const later = await Promise.all(
      Array.from({ length: 5 }, () => reserve('2025-06-05', only(3), priority)),
    );
    const nextDay = await reserve('2025-06-06', only(3), priority);

    expect({
      later,
      writes: calls.counter - writesToSpend,
      nextDay,
      sent: await sentOn('2025-06-05'),
    }).toEqual({
      later: Array(5).fill({ granted: false, reason: 'cap' }),
      writes: 1,
      nextDay: { granted: true, spent: 1 },
      sent: 3,
    });
  });

  it('fails only the reservations whose write failed, granting nothing for them', async () => {
    const { store: watched } = watchedStore((call) => call === 1);
    const reserve = smsCapReserver(watched);

    const answers = await Promise.allSettled(
      Array.from({ length: 5 }, () => reserve('2025-06-07', only(10), priority)),
    );

    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value.granted : 'failed'))).toEqual([
      'failed',
      true,
      true,
      true,
      true,
    ]);
    expect(await sentOn('2025-06-07')).toBe(4);
  });
});

describe("the reserve and the communes' shares of the daily cap (DynamoDB)", () => {
  const counter = async (day: string) =>
    (
      await store.doc.send(
        new GetCommand({ TableName: store.table, Key: smsDayKey(day), ConsistentRead: true }),
      )
    ).Item;

  it('grants normal SMS exactly up to the reserve between two processes, then priority SMS exactly up to the cap', async () => {
    const one = smsCapReserver(watchedStore().store);
    const two = smsCapReserver(watchedStore().store);
    const budget = { cap: 30, normalLimit: 24, communeLimit: 30 };

    const normal = await Promise.all(
      Array.from({ length: 40 }, (_, n) => (n % 2 ? one : two)('2025-06-20', budget, { priority: false })),
    );
    const high = await Promise.all(
      Array.from({ length: 10 }, (_, n) => (n % 2 ? one : two)('2025-06-20', budget, { priority: true })),
    );

    expect({
      normal: granted(normal),
      refusedBy: [...new Set(normal.filter((a) => !a.granted).map((a) => !a.granted && a.reason))],
      high: granted(high),
      sent: await sentOn('2025-06-20'),
    }).toEqual({ normal: 24, refusedBy: ['reserve'], high: 6, sent: 30 });
    // Each grant knows the count it made: 1 to 30, once each (the one that reaches a share alerts).
    const counts = [...normal, ...high].flatMap((a) => (a.granted ? [a.spent] : [])).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("stops each commune's normal SMS exactly at its share between two processes, and never a priority one", async () => {
    const one = smsCapReserver(watchedStore().store);
    const two = smsCapReserver(watchedStore().store);
    const budget = { cap: 100, normalLimit: 100, communeLimit: 12 };

    const normal = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        (n % 2 ? one : two)('2025-06-21', budget, {
          priority: false,
          commune: n % 3 ? 'UONG-BI' : 'HA-LONG',
        }),
      ),
    );
    const high = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        (n % 2 ? one : two)('2025-06-21', budget, { priority: true, commune: 'UONG-BI' }),
      ),
    );

    const item = await counter('2025-06-21');
    expect({
      normal: granted(normal),
      refusedBy: [...new Set(normal.filter((a) => !a.granted).map((a) => !a.granted && a.reason))],
      high: granted(high),
      sent: item?.sent,
      uongBi: item?.['c#UONG-BI'],
      haLong: item?.['c#HA-LONG'],
    }).toEqual({ normal: 24, refusedBy: ['share'], high: 5, sent: 29, uongBi: 17, haLong: 12 });
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
    // The whole cap alone: no reserve, no commune's share, one alert, and no phone's throttle in reach
    // (those have tests of their own).
    const capped = {
      ...province,
      sms: {
        ...province.sms,
        dailyCap: 25,
        reservePercent: 0,
        communeSharePercent: 100,
        alertPercents: [100],
        throttle: { perMinute: 100, per15Minutes: 100, perHour: 100 },
      },
    };
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) ids.push(await submit());

    await dispatchPending(ports({ sms, alerts, province: capped }), { limit: 100 });

    const partitions = await Promise.all(ids.map((id) => reportPartition(store, id)));
    const statuses = new Set(partitions.map((items) => items.find((i) => i.sk === 'REPORT')?.notifyStatus));
    // The first dispatch's SMS (a report that texted nobody then goes up the tree at once, capped too).
    const notes = partitions.flat().filter((i) => String(i.sk).startsWith('NOTIFY#') && i.tier === 0);
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
