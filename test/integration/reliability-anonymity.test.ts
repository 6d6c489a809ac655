import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchPending } from '../../functions/dispatch/dispatcher';
import { escalateDue } from '../../functions/dispatch/escalation';
import { setLogSink } from '../../functions/shared/log';
import { overrideClock } from '../../functions/shared/runtime';
import { arrangeReliabilityData, handlerFixtureContext } from '../support/reliability-context';
import { dispatchPortsWith } from '../support/reliability-dispatch';
import {
  bodyOf,
  eventFor,
  fixtureOf,
  type RouteFixture,
  requireFixture,
} from '../support/reliability-requests';
import { invoke, publicRoutes, routeName, useReliabilityProvince } from '../support/reliability-routes';
import { idempotencyKeyOf, leaks, withSentinels } from '../support/reliability-sentinels';
import { snapshot } from '../support/reliability-store';
import { testStore } from '../support/store';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';

useReliabilityProvince();
const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });
const context = handlerFixtureContext();
const logged: string[] = [];

beforeAll(async () => {
  await arrangeReliabilityData(store, '2025-03-12');
  setLogSink((line) => logged.push(line), 'debug');
});
afterAll(() => setLogSink((line) => process.stdout.write(`${line}\n`), 'warn'));

/** A GET the suite has no valid request for still carries the sentinels, with no query. */
const fixtureFor = (route: ReturnType<typeof publicRoutes>[number]): RouteFixture =>
  route.method === 'GET'
    ? (fixtureOf(route) ?? { variants: { bare: async () => ({}) } })
    : requireFixture(route);

// Matrices of many requests: under a loaded CI machine they need more than the default 30 s.
describe('anonymity, calling the handlers', { timeout: 120_000 }, () => {
  it('keeps no address, browser, referer, cookie, idempotency key or receipt in the table, the log or an SMS', async () => {
    const secrets: string[] = [];
    let n = 0;
    for (const route of publicRoutes()) {
      for (const [variant, make] of Object.entries(fixtureFor(route).variants)) {
        const spec = await make(context, ++n);
        const key = idempotencyKeyOf(spec);
        if (key) secrets.push(key);

        const result = await invoke(route, withSentinels(eventFor(route, spec)));

        expect(result.statusCode, `${routeName(route)} (${variant}) answers a valid request`).toBeLessThan(
          300,
        );
        const receipt = (bodyOf(result) as { receipt?: unknown }).receipt;
        if (typeof receipt === 'string') secrets.push(receipt, receipt.replaceAll('-', ''));
      }
    }
    // The dispatcher texts what was stored, then the escalation sweep texts the next tier.
    const sms = new RecordingSms();
    const ports = dispatchPortsWith({ sms, alerts: new RecordingAlerts() });
    now = new Date(now.getTime() + 2_000);
    await dispatchPending(ports, { limit: 200 });
    now = new Date(now.getTime() + 61 * 60_000);
    await escalateDue(ports, { limit: 200 });

    const items = [...(await snapshot(store)).values()];
    expect(items.filter((i) => i.type === 'report').length).toBeGreaterThan(2);
    expect(sms.sent.length).toBeGreaterThan(2);
    expect(logged.length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(2);
    expect(leaks(JSON.stringify(items), secrets), 'the table').toEqual([]);
    expect(leaks(logged.join('\n'), secrets), 'the log').toEqual([]);
    expect(leaks(JSON.stringify(sms.sent), secrets), 'the SMS').toEqual([]);
  });
});
