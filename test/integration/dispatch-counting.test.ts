import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { dispatchPending, dispatchReport } from '../../functions/dispatch/dispatcher';
import { handler as createReport } from '../../functions/reports/create.handler';
import { reportPartition } from '../../functions/reports/store';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { countersOfPlace, dayCountersOfPlace } from '../../functions/stats/store';
import { jsonOf, lambdaContext } from '../support/events';
import { type DispatchDeps, dispatchPortsWith } from '../support/reliability-dispatch';
import { testStore } from '../support/store';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';
import { arrangeProvince, JSON_HEADERS, post } from './reports-arrange';

/**
 * The figures count a report where the dispatcher takes it out of the dispatch queue: once, by the
 * run whose conditional update did it, whatever other runs (a second poller, the sweep, a retried
 * stream record) do to the same report at the same time. Each test has a month of its own.
 */
const store = testStore();
let now = new Date('2025-01-10T03:00:00.000Z');
overrideClock({ now: () => now });

let sms = new RecordingSms();
const ports = (overrides: Partial<DispatchDeps> = {}) =>
  dispatchPortsWith({ sms, alerts: new RecordingAlerts(), ...overrides });

let made = 0;
async function submit(description = `Tin báo thử số ${++made} cho bộ đếm.`): Promise<string> {
  const body = { area: 'UONG-BI-QT5A', category: 'theft', description };
  const result = await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext);
  expect(result.statusCode).toBe(201);
  return (jsonOf(result).body as { id: string }).id;
}

/** The month's counters of the group, its ward and the province. */
async function counters(month: string) {
  const of = async (area: string) => (await countersOfPlace(store, area, month, month)).get(month) ?? {};
  return { province: await of('QN'), ward: await of('UONG-BI'), group: await of('UONG-BI-QT5A') };
}

const ONE_INCIDENT_TWO_SMS = {
  province: { 'in#theft': 1, 'ch#UONG-BI': 1, sms: 2 },
  ward: { 'in#theft': 1, 'ch#UONG-BI-QT5A': 1, sms: 2 },
  group: { 'in#theft': 1, sms: 2 },
};

async function inMonth(month: string): Promise<void> {
  now = new Date(`${month}-10T03:00:00.000Z`);
  await arrangeProvince(store, `${month}-10`);
}

beforeAll(() => arrangeProvince(store, '2025-01-10'));
afterEach(() => vi.restoreAllMocks());

describe('counting a report for the figures, in the dispatcher (DynamoDB)', () => {
  it('counts a report dispatched by three dispatchers at once as one incident, with its two SMS', async () => {
    await inMonth('2025-02');
    sms = new RecordingSms();
    const id = await submit();

    await Promise.allSettled([1, 2, 3].map(() => dispatchReport(ports(), id)));
    // Runs that met another's fresh claim leave the report to the next tick.
    await dispatchPending(ports(), { limit: 100 });

    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000101', '+84900000102']);
    expect(await counters('2025-02')).toEqual(ONE_INCIDENT_TWO_SMS);
  });

  it('does not count again in a run that read the report as waiting just before another took it out', async () => {
    await inMonth('2025-03');
    sms = new RecordingSms();
    const id = await submit();
    const dispatch = ports();
    const waiting = await dispatch.store.getReport(id);
    await dispatchReport(dispatch, id);
    const late = ports({
      store: { ...dispatch.store, getReport: async (which) => (which === id ? waiting : undefined) },
    });

    const again = await dispatchReport(late, id);

    expect({ again, sent: sms.sent.length }).toEqual({ again: true, sent: 2 });
    expect(await counters('2025-03')).toEqual(ONE_INCIDENT_TWO_SMS);
  });

  it('counts a duplicate dispatched by two dispatchers at once once, as a duplicate, with no SMS', async () => {
    await inMonth('2025-04');
    sms = new RecordingSms();
    const text = 'Hai thanh niên lạ mặt đi thử cửa từng nhà trong ngõ.';
    const original = await submit(text);
    const duplicate = await submit(text);
    await dispatchReport(ports(), original);

    await Promise.all([dispatchReport(ports(), duplicate), dispatchReport(ports(), duplicate)]);

    const item = (await reportPartition(store, duplicate)).find((i) => i.sk === 'REPORT');
    expect([item?.duplicateOf, item?.notifyStatus, sms.sent.length]).toEqual([original, 'duplicate', 2]);
    expect(await counters('2025-04')).toEqual({
      province: { ...ONE_INCIDENT_TWO_SMS.province, dup: 1 },
      ward: { ...ONE_INCIDENT_TWO_SMS.ward, dup: 1 },
      group: { ...ONE_INCIDENT_TWO_SMS.group, dup: 1 },
    });
  });

  it('counts twenty reports dispatched side by side as twenty, in fewer writes than places times reports', async () => {
    await inMonth('2025-05');
    sms = new RecordingSms();
    for (let n = 0; n < 20; n++) await submit();
    const doc = runtime().store.doc;
    const original = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
    let counts = 0;
    // Month counter writes only: the day's SMS counters (DAY# items, one count per report and tier) are
    // the send path's own.
    vi.spyOn(doc, 'send').mockImplementation(((command: {
      input: { Key?: { pk?: string; sk?: string } };
    }) => {
      if (
        String(command.input.Key?.pk).startsWith('STATS#') &&
        String(command.input.Key?.sk).startsWith('MONTH#')
      )
        counts++;
      return original(command);
    }) as never);

    await dispatchPending(ports(), { limit: 100 });

    expect(sms.sent).toHaveLength(40);
    expect(await counters('2025-05')).toEqual({
      province: { 'in#theft': 20, 'ch#UONG-BI': 20, sms: 40 },
      ward: { 'in#theft': 20, 'ch#UONG-BI-QT5A': 20, sms: 40 },
      group: { 'in#theft': 20, sms: 40 },
    });
    // One count per report in each of 3 places would be 60 writes; before, 60 + 120 (one per SMS).
    expect(counts).toBeLessThan(60);
    expect(
      (await dayCountersOfPlace(store, 'QN', '2025-05-10', '2025-05-10')).get('2025-05-10'),
    ).toMatchObject({
      sms: 40,
    });
  });
});
