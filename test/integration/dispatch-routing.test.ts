import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DispatchPorts, dispatchReport } from '../../functions/dispatch/dispatcher';
import { type EscalationPorts, escalateDue } from '../../functions/dispatch/escalation';
import { dispatchStore } from '../../functions/dispatch/store';
import { handler as createReport } from '../../functions/reports/create.handler';
import { onDutyOfficers } from '../../functions/roster/store';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { alertMarkers, smsCapReserver, smsThrottle } from '../../functions/sms/store';
import { importProvince } from '../../infra/import/import';
import { jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';
import { allItems, JSON_HEADERS, post } from './reports-arrange';

/**
 * Routing by category on the demo province itself: its places, officers, roster and categories.csv,
 * imported as `npm start` seeds them, and reports posted through the real handler.
 */
const store = testStore();
const DEMO = new URL('../../infra/provinces/quang-ninh', import.meta.url).pathname;
let now = new Date('2026-03-12T03:00:00.000Z');
overrideClock({ now: () => now });

let sms = new RecordingSms();
type Ports = DispatchPorts & EscalationPorts;
function ports(): Ports {
  const { secrets, clock, province } = runtime();
  return {
    store: dispatchStore(store),
    roster: { onDutyOfficers: (area, at) => onDutyOfficers(store, area, at) },
    throttle: smsThrottle(store),
    reserveSms: smsCapReserver(store),
    markOnce: alertMarkers(store),
    sms,
    alerts: new RecordingAlerts(),
    secrets,
    clock,
    province,
    sleep: async () => undefined,
  };
}

let posted = 0;
async function submit(area: string, category: string, at: string): Promise<string> {
  now = new Date(at);
  const body = { area, category, description: `Tin báo thử định tuyến số ${++posted}.` };
  const result = await createReport(post('/api/reports', JSON.stringify(body), JSON_HEADERS), lambdaContext);
  return (jsonOf(result).body as { id: string }).id;
}

const tierOf = async (id: string, tier: number) =>
  (await allItems(store)).find((i) => i.pk === `REPORT#${id}` && i.sk === `TIER#${tier}`) as
    | { level: string; recipients: { key: string; role: string; informed?: boolean }[] }
    | undefined;

/**
 * 21:40 on 12 and 13 March 2026 in Quảng Ninh (UTC+7), and 09:10 on the 14th: the demo's night and day
 * shifts, in order and far enough apart that no phone's throttle holds an SMS back.
 */
const NIGHT = '2026-03-12T14:40:00.000Z';
const NEXT_NIGHT = '2026-03-13T14:40:00.000Z';
const DAY = '2026-03-14T02:10:00.000Z';

beforeAll(async () => {
  const imported = await importProvince(store, DEMO, { province: runtime().province, now });
  expect(imported.errors).toEqual([]);
}, 120_000);

afterEach(() => {
  sms = new RecordingSms();
});

describe('routing by category on the demo data (DynamoDB)', () => {
  it('texts a theft in Khu Quang Trung 5A at night to the ward’s night police officer, not the khu’s mediator', async () => {
    const id = await submit('UONG-BI-QT5A', 'theft', NIGHT);
    now = new Date(Date.parse(NIGHT) + 2000);

    await dispatchReport(ports(), id);

    expect(sms.sent.map((m) => [m.to, m.body.replace(/\/api\/ack\/\S+$/, '/api/ack/…')])).toEqual([
      [
        '+84900000041',
        'TuQuan QN: Trom cap tai san: Khu Quang Trung 5A, Uong Bi, gui 21:40. Nhan xu ly: https://tuquan.quangninh.example.vn/api/ack/…',
      ],
    ]);
    expect(await tierOf(id, 0)).toMatchObject({
      level: 'UONG-BI',
      recipients: [{ key: 'UONG-BI-CA2', role: 'police' }],
    });
  });

  it('then takes the theft nobody acknowledged to the province’s duty desk, a mobile, after the 5 minutes of high urgency', async () => {
    // The theft of the test above, still unacknowledged.
    now = new Date(Date.parse(NIGHT) + 5 * 60_000 + 2000);

    expect(await escalateDue(ports())).toBe(1);

    expect(sms.sent.map((m) => [m.to, m.body.replace(/\/api\/ack\/\S+$/, '/api/ack/…')])).toEqual([
      [
        '+84900000113',
        'TuQuan QN: Chua ai nhan! Trom cap tai san: Khu Quang Trung 5A, gui 21:40. Nhan xu ly: https://tuquan.quangninh.example.vn/api/ack/…',
      ],
    ]);
  });

  it('texts a neighbour dispute at night to the khu’s mediator, and the ward police so that they know', async () => {
    const id = await submit('UONG-BI-QT5A', 'neighbour_dispute', NEXT_NIGHT);

    await dispatchReport(ports(), id);

    // Sent side by side: the plan below holds the order.
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000041', '+84900000047']);
    expect((await tierOf(id, 0))?.recipients.map((r) => [r.key, r.role, r.informed ?? false])).toEqual([
      ['UONG-BI-QT5A-HG', 'mediator', false],
      ['UONG-BI-CA2', 'police', true],
    ]);
  });

  it('texts a fire risk by day in a Đường Hoa village to the commune police and the duty desk', async () => {
    const id = await submit('DUONG-HOA-TT', 'fire_risk', DAY);

    await dispatchReport(ports(), id);

    // Sent side by side, in no set order.
    expect(sms.sent.map((m) => m.to).sort()).toEqual(['+84900000086', '+84900000113']);
  });
});
