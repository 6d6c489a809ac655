import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../functions/routes';
import { setLogSink } from '../../functions/shared/log';
import { overrideClock, runtime } from '../../functions/shared/runtime';
import { arrangeReliabilityData, handlerFixtureContext } from '../support/reliability-context';
import {
  isWrite,
  STORE_FAULT_NAMES,
  type StoreFaultPlan,
  tapStore,
  targetsOf,
  typeOfSignature,
} from '../support/reliability-faults';
import { eventFor, fixtureOf, type RequestSpec, requireFixture } from '../support/reliability-requests';
import {
  invoke,
  mutatingPublicRoutes,
  routeName,
  useReliabilityProvince,
} from '../support/reliability-routes';
import {
  describeDifference,
  difference,
  footprint,
  snapshot,
  withoutRequestCounts,
} from '../support/reliability-store';
import { testStore } from '../support/store';

useReliabilityProvince();
const store = testStore();
overrideClock({ now: () => new Date('2025-03-12T07:00:00.000Z') });
const context = handlerFixtureContext();
const logged: string[] = [];
setLogSink((line) => logged.push(line), 'warn');

/**
 * Counters kept on write are best-effort by design: a count that fails is logged and lost, never the
 * request (functions/stats/store.ts; suggestions' tallyFailed). Everything else a request writes
 * must be all there or not there at all.
 */
// An Open311 key's minute counts every request before the report is written, a failed one too
// (functions/open311; reliability-store.ts withoutRequestCounts).
const BEST_EFFORT = new Set(['stats', 'boxTally', 'open311Rate']);

let made = 0;
const next = () => ++made;

beforeAll(() => arrangeReliabilityData(store, '2025-03-12'));
afterAll(() => setLogSink((line) => process.stdout.write(`${line}\n`), 'warn'));

interface Baseline {
  calls: string[];
  /** What one request stores when nothing fails. */
  one: string[];
  /** The same, without the best-effort counters. */
  essential: string[];
  types: Map<string, string | undefined>;
}

const essentialOf = (entries: string[]) => entries.filter((e) => !BEST_EFFORT.has(e.split(' ')[1] ?? ''));

/** One request made with nothing failing: its store calls, in order, and what it stored. */
async function baseline(route: RouteDef, make: (n: number) => Promise<RequestSpec>): Promise<Baseline> {
  // A first request warms the handler's caches, so that the calls measured are those of every later one.
  await invoke(route, eventFor(route, await make(next())));
  const spec = await make(next());
  const before = await snapshot(store);
  const tap = tapStore(runtime().store.doc);
  const result = await invoke(route, eventFor(route, spec)).finally(tap.restore);
  await tap.settled();
  const after = await snapshot(store);
  expect(result.statusCode).toBeLessThan(300);
  const one = footprint(difference(before, after));
  return {
    calls: tap.calls,
    one,
    essential: essentialOf(one),
    types: new Map(tap.calls.map((c) => [c, typeOfSignature(c, after)])),
  };
}

/** Sends a request with a store fault planned; the fault must have happened. */
async function withFault(route: RouteDef, spec: RequestSpec, plan: StoreFaultPlan) {
  const tap = tapStore(runtime().store.doc, plan);
  const result = await invoke(route, eventFor(route, spec)).finally(tap.restore);
  await tap.settled();
  expect(tap.fired(), `the planned fault on ${plan.target} #${plan.occurrence ?? 1} happened`).toBe(true);
  return result;
}

function expectUnavailable(result: APIGatewayProxyStructuredResultV2): void {
  expect(result.statusCode).toBe(503);
  expect(result.headers?.['retry-after']).toBe('5');
}

const ok = (result: APIGatewayProxyStructuredResultV2) =>
  (result.statusCode ?? 0) >= 200 && (result.statusCode ?? 0) < 300;

/**
 * A request answered 2xx despite a fault stored everything one request stores, but perhaps a count
 * (the fault hit a counter, or a read only the count needed); and nothing more.
 */
function expectAllButCounts(stored: string[], base: Baseline, where: string): void {
  expect(minus(stored, base.one), `${where}: stored more than one request does`).toEqual([]);
  expect(essentialOf(minus(base.one, stored)), `${where}: answered 2xx without storing it all`).toEqual([]);
}

/** Entries of `a` not in `b`, as multisets. */
function minus(a: string[], b: string[]): string[] {
  const rest = [...b];
  return a.filter((entry) => {
    const i = rest.indexOf(entry);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

// Matrices of many requests: under a loaded CI machine they need more than the default 30 s.
describe('store faults during intake, on every mutating public route', { timeout: 120_000 }, () => {
  for (const route of mutatingPublicRoutes()) {
    const fixture = fixtureOf(route);
    const variants = fixture ? Object.keys(fixture.variants) : ['(no valid request known)'];
    for (const variant of variants) {
      const keyed = !fixture?.idempotent || !fixture.keyless?.includes(variant);

      describe(`${routeName(route)} (${variant})`, () => {
        let base: Baseline;
        const make = (n: number) => {
          const fn = requireFixture(route).variants[variant];
          if (!fn) throw new Error(`no variant ${variant}`);
          return fn(context, n);
        };
        beforeAll(async () => {
          base = await baseline(route, make);
        });

        it('a failing store call, one at a time, each way the store fails: 503 with Retry-After and nothing written, or a count lost; the retry then stores it all', async () => {
          expect(base.calls.length).toBeGreaterThan(0);
          for (const [i, { target, occurrence }] of targetsOf(base.calls).entries()) {
            const fault = STORE_FAULT_NAMES[
              i % STORE_FAULT_NAMES.length
            ] as (typeof STORE_FAULT_NAMES)[number];
            const spec = await make(next());
            const before = await snapshot(store);
            const result = await withFault(route, spec, { target, occurrence, fault });
            const after = await snapshot(store);
            const where = `${fault} on ${target} #${occurrence}`;

            if (ok(result)) {
              expectAllButCounts(footprint(difference(before, after)), base, where);
              continue;
            }
            expectUnavailable(result);
            expect(describeDifference(withoutRequestCounts(difference(before, after))), where).toEqual([]);
            const retried = await invoke(route, eventFor(route, spec));
            expect(ok(retried), `${where}: the retry`).toBe(true);
            expect(footprint(difference(after, await snapshot(store))), `${where}: the retry`).toEqual(
              base.one,
            );
          }
        });

        it('every way the store fails, on the write that commits: 503 with Retry-After, nothing written', async () => {
          const commit = base.calls
            .filter((c) => isWrite(c) && !BEST_EFFORT.has(base.types.get(c) ?? ''))
            .at(-1);
          expect(commit).toBeDefined();
          for (const fault of STORE_FAULT_NAMES) {
            const spec = await make(next());
            const before = await snapshot(store);
            const result = await withFault(route, spec, { target: commit as string, fault });
            expectUnavailable(result);
            expect(
              describeDifference(withoutRequestCounts(difference(before, await snapshot(store)))),
              fault,
            ).toEqual([]);
          }
        });

        if (keyed) {
          // With a key, the item's id follows from the key (shared/submit-once.ts): after a lost
          // answer a consistent read finds what landed and answers from it; a retry converges on it.
          it('a write that lands but whose answer is lost: answered from what landed (or 503), and the retry gets the same answer and stores nothing more', async () => {
            const commit = base.calls
              .filter((c) => isWrite(c) && !BEST_EFFORT.has(base.types.get(c) ?? ''))
              .at(-1);
            for (const { target, occurrence } of targetsOf(base.calls)) {
              if (!isWrite(target) || BEST_EFFORT.has(base.types.get(target) ?? '')) continue;
              const spec = await make(next());
              const before = await snapshot(store);
              const result = await withFault(route, spec, {
                target,
                occurrence,
                fault: 'timeout',
                applied: true,
              });
              const retried = await invoke(route, eventFor(route, spec));
              const stored = essentialOf(footprint(difference(before, await snapshot(store))));
              const where = `answer lost after ${target} #${occurrence}`;
              if (ok(result)) expect(retried.body, where).toBe(result.body);
              else expectUnavailable(result);
              expect(ok(retried), where).toBe(true);
              // The commit write itself: exactly one record. An earlier write whose answer is lost may
              // leave something nobody was shown (a duplicate slot): harmless, but nothing may be lost.
              if (target === commit) expect(stored, where).toEqual(base.essential);
              else expect(minus(base.essential, stored), where).toEqual([]);
            }
          });

          it('the store down from any call on: 503, and once it is back the retry stores exactly one', async () => {
            for (const { target, occurrence } of targetsOf(base.calls)) {
              if (BEST_EFFORT.has(base.types.get(target) ?? '')) continue;
              const spec = await make(next());
              const before = await snapshot(store);
              const result = await withFault(route, spec, {
                target,
                occurrence,
                fault: 'service unavailable (503)',
                persistent: true,
              });
              const where = `down from ${target} #${occurrence}`;
              if (ok(result)) {
                expectAllButCounts(footprint(difference(before, await snapshot(store))), base, where);
                continue;
              }
              expectUnavailable(result);
              const retried = await invoke(route, eventFor(route, spec));
              expect(ok(retried), where).toBe(true);
              expect(essentialOf(footprint(difference(before, await snapshot(store)))), where).toEqual(
                base.essential,
              );
            }
          });
        }
      });
    }
  }
});
