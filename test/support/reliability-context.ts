import { dispatchReport } from '../../functions/dispatch/dispatcher';
import { dispatchStore } from '../../functions/dispatch/store';
import { newSummaryId, signSummaryToken } from '../../functions/dispatch/token';
import { runtime } from '../../functions/shared/runtime';
import type { Store } from '../../functions/shared/store/client';
import { areaBox } from '../../functions/suggestions/model';
import { boxItem } from '../../functions/suggestions/store';
import { AREAS, arrangeProvince, officers } from '../integration/reports-arrange';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';
import { ackTokenOf, dispatchPortsWith } from './reliability-dispatch';
import { bodyOf, eventFor, FIXTURES, type FixtureContext, type Place } from './reliability-requests';
import { invoke, routeByName } from './reliability-routes';
import { putItems } from './store';

/** The place every valid request names: a residential group with two officers on duty all day. */
export const PLACE: Place = {
  area: 'UONG-BI-QT5A',
  category: 'theft',
  box: 'A-UONG-BI',
  onDutyPhones: officers.filter((o) => o.areas.includes('UONG-BI-QT5A')).map((o) => o.phone),
};

/** The small province of the report tests (reports-arrange.ts), and the ward's suggestion box. */
export async function arrangeReliabilityData(store: Store, day: string): Promise<void> {
  await arrangeProvince(store, day);
  const ward = AREAS.find((a) => a.code === 'UONG-BI');
  if (!ward) throw new Error('reports-arrange.ts lost the ward UONG-BI');
  await putItems(store, [boxItem(areaBox(ward))]);
}

/**
 * The link of a summary SMS listing one report, as the sweep stores and signs it for a phone at its
 * throttle (the fixtures' provinces keep every phone under its throttle, so no summary is ever sent).
 */
export async function summaryTokenListing(store: Store, reportId: string): Promise<string> {
  const { secrets, clock } = runtime();
  const now = clock.now();
  const id = newSummaryId();
  await dispatchStore(store).putSummary({
    id,
    key: officers[0]?.id ?? 'desk',
    sentAt: now.toISOString(),
    reports: [{ reportId, tier: 0, index: 0 }],
  });
  return signSummaryToken(await secrets.key('ack-token'), id, now);
}

/**
 * Fixtures' helpers, calling the handlers directly: a receipt is a report posted through
 * POST /api/reports; an acknowledge token comes from the SMS the dispatcher sends about one.
 */
export function handlerFixtureContext(place: Place = PLACE): FixtureContext {
  let made = 0;
  const submit = async (): Promise<{ id: string; receipt: string }> => {
    const route = routeByName('POST /api/reports');
    const make = FIXTURES['POST /api/reports']?.variants['JSON with a key'];
    if (!make) throw new Error('the report fixture is gone');
    const result = await invoke(route, eventFor(route, await make(context, 900_000 + ++made)));
    if (result.statusCode !== 201)
      throw new Error(`could not post a report: ${result.statusCode} ${result.body}`);
    return bodyOf(result) as { id: string; receipt: string };
  };
  const context: FixtureContext = {
    place,
    receipt: async () => (await submit()).receipt,
    summaryToken: async () => summaryTokenListing(runtime().store, (await submit()).id),
    ackToken: async () => {
      const { id } = await submit();
      const sms = new RecordingSms();
      await dispatchReport(dispatchPortsWith({ sms, alerts: new RecordingAlerts() }), id);
      const message = sms.sent.find((m) => m.reportId === id);
      if (!message) throw new Error('the dispatcher sent no SMS to take an acknowledge link from');
      return ackTokenOf(message);
    },
  };
  return context;
}
