import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatchPending } from '../../functions/dispatch/dispatcher';
import { overrideClock } from '../../functions/shared/runtime';
import { arrangeReliabilityData, handlerFixtureContext, PLACE } from '../support/reliability-context';
import {
  dispatchPortsWith,
  isSettled,
  reportItems,
  sendsPerRecipient,
} from '../support/reliability-dispatch';
import { bodyOf, eventFor, fixtureOf, requireFixture } from '../support/reliability-requests';
import {
  invoke,
  mutatingPublicRoutes,
  routeByName,
  routeName,
  useReliabilityProvince,
} from '../support/reliability-routes';
import { difference, footprint, snapshot, withoutRequestCounts } from '../support/reliability-store';
import { testStore } from '../support/store';
import { RecordingAlerts, RecordingSms } from '../unit/dispatch-fakes';

useReliabilityProvince();
const store = testStore();
let now = new Date('2025-03-12T07:00:00.000Z');
overrideClock({ now: () => now });
const context = handlerFixtureContext();
const COPIES = 10;

let made = 0;
const next = () => ++made;

beforeAll(() => arrangeReliabilityData(store, '2025-03-12'));

const sameAnswer = (result: APIGatewayProxyStructuredResultV2) => `${result.statusCode} ${result.body}`;

// Matrices of many requests: under a loaded CI machine they need more than the default 30 s.
describe('ten concurrent copies of each mutating public route', { timeout: 120_000 }, () => {
  it('knows the mutating routes of the first release', () => {
    expect(mutatingPublicRoutes().map(routeName)).toEqual(
      expect.arrayContaining(['POST /api/reports', 'POST /api/ack/{token}']),
    );
  });

  for (const route of mutatingPublicRoutes()) {
    const fixture = fixtureOf(route);
    // A variant without a key is its own request each time: not one to repeat as a copy.
    const variants = fixture
      ? Object.keys(fixture.variants).filter((v) => !fixture.keyless?.includes(v))
      : ['(no valid request known)'];
    for (const variant of variants) {
      it(`${routeName(route)} (${variant}): ten copies at once store what one stores, and get one answer`, async () => {
        const fixture = requireFixture(route);
        const make = fixture.variants[variant];
        if (!make) throw new Error(`no variant ${variant}`);
        // A first request warms the handler's caches and creates whatever a first one of the day creates.
        await invoke(route, eventFor(route, await make(context, next())));

        const single = await make(context, next());
        const beforeOne = await snapshot(store);
        const alone = await invoke(route, eventFor(route, single));
        const one = difference(beforeOne, await snapshot(store));

        const spec = await make(context, next());
        const before = await snapshot(store);
        const answers = await Promise.all(
          Array.from({ length: COPIES }, () => invoke(route, eventFor(route, spec))),
        );
        const ten = difference(before, await snapshot(store));

        expect(alone.statusCode).toBeGreaterThanOrEqual(200);
        expect(alone.statusCode).toBeLessThan(300);
        expect(answers.map((a) => a.statusCode)).toEqual(Array(COPIES).fill(alone.statusCode));
        if (fixture.idempotent) expect(new Set(answers.map(sameAnswer)).size).toBe(1);
        const bodies = answers.map(bodyOf);
        if (fixture.answersProblem && bodies.every((b) => typeof b === 'object')) {
          expect(fixture.answersProblem(bodies)).toBeUndefined();
        }
        expect(footprint(one).length).toBeGreaterThan(0);
        // Each copy is a request all the same: an Open311 key's minute counts ten (withoutRequestCounts).
        expect(footprint(withoutRequestCounts(ten))).toEqual(footprint(withoutRequestCounts(one)));
      });
    }
  }

  it('POST /api/reports without a key: ten copies at once are ten reports, nine linked to the first', async () => {
    const route = routeByName('POST /api/reports');
    const make = requireFixture(route).variants['JSON without a key'];
    if (!make) throw new Error('the keyless report variant is gone');
    const spec = await make(context, next());

    const answers = await Promise.all(
      Array.from({ length: COPIES }, () => invoke(route, eventFor(route, spec))),
    );

    expect(answers.map((a) => a.statusCode)).toEqual(Array(COPIES).fill(201));
    const ids = answers.map((a) => (bodyOf(a) as { id: string }).id);
    expect(new Set(ids).size).toBe(COPIES);
    const stored = reportItems((await snapshot(store)).values()).filter((r) => ids.includes(r.id as string));
    const originals = stored.filter((r) => r.duplicateOf === undefined);
    expect(originals).toHaveLength(1);
    expect(stored.filter((r) => r.duplicateOf === originals[0]?.id)).toHaveLength(COPIES - 1);
  });

  it('then three dispatchers at once, and the next tick, text each officer on duty once per report', async () => {
    now = new Date(now.getTime() + 2_000);
    const sms = new RecordingSms();
    const ports = dispatchPortsWith({ sms, alerts: new RecordingAlerts() });
    const pending = reportItems((await snapshot(store)).values()).filter((r) => r.notifyStatus === 'pending');

    await Promise.all([1, 2, 3].map(() => dispatchPending(ports, { limit: 100 })));
    // Runs that met each other's fresh claims leave a report for the next tick of the poller (or sweep).
    await dispatchPending(ports, { limit: 100 });

    const reports = reportItems((await snapshot(store)).values()).filter((r) =>
      pending.some((p) => p.id === r.id),
    );
    expect(pending.length).toBeGreaterThan(4);
    expect(reports.filter((r) => !isSettled(r)).map((r) => r.id)).toEqual([]);
    const texted = reports.filter((r) => r.notifyStatus === 'sent');
    expect(reports.filter((r) => r.notifyStatus !== 'sent').map((r) => r.notifyStatus)).toEqual(
      Array(reports.length - texted.length).fill('duplicate'),
    );
    const expected = new Map(
      texted.flatMap((r) => PLACE.onDutyPhones.map((phone): [string, number] => [`${r.id} → ${phone}`, 1])),
    );
    expect(sendsPerRecipient(sms.sent)).toEqual(expected);
  });
});
