import { floodAlerts, intakeRates } from '../abuse/store';
import type { Report } from '../reports/model';
import { getOfficers, shiftsInArea } from '../roster/store';
import { cacheFound } from '../shared/cache';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { type Alerts, alertsFromEnv } from '../sms/alerts';
import { cachedRoster } from '../sms/roster';
import { createSnsClient, smsFromEnv } from '../sms/send';
import { alertMarkers, smsCapReserver, smsThrottle } from '../sms/store';
import { reportsCounted, type StatsRecorder } from '../stats/model';
import { coalescingCounters, countersOfPlace, dynamoSmsCounter, dynamoStatsRecorder } from '../stats/store';
import type { DispatchPorts } from './dispatcher';
import type { EscalationPorts } from './escalation';
import { type FloodPorts, watchFlood } from './flood';
import { dispatchStore } from './store';
import type { HeldPorts } from './summaries';

/** How long the dispatcher may act on a roster read before reading it again. */
const ROSTER_TTL_MS = 10_000;

/** How long the dispatcher keeps a category's route (its roles) before reading it again. */
const CATEGORY_TTL_MS = 60_000;

/**
 * The dispatcher's and the escalation sweep's ports, made once per process from runtime() and the
 * environment: the stream and sweep functions on AWS, and the local runtime's worker (which sets
 * TUQUAN_SMS=outbox). Once matters: the SMS cap merges the process's reservations, the recorder its
 * counts, the roster cache its reads.
 */
export const deps = once((): DispatchPorts & EscalationPorts & HeldPorts => {
  const { store, province, clock, secrets } = runtime();
  // One SNS client for the SMS and the alert topic, made only if either of them goes to SNS.
  const sns = once(createSnsClient);
  // One coalescing writer for the month's and the day's counters of the process.
  const counters = coalescingCounters(store);
  const dispatch = dispatchStore(store);
  return {
    // Categories change only at an import: who a category goes to reaches the dispatcher within a minute.
    store: { ...dispatch, getCategory: cacheFound(dispatch.getCategory, { ttlMs: CATEGORY_TTL_MS }) },
    // An import's change to shifts or officers reaches the dispatcher within ROSTER_TTL_MS, and under
    // load a place's reports of a minute share one read.
    roster: cachedRoster(
      {
        shiftsInArea: (area, from, to) => shiftsInArea(store, area, from, to),
        officers: (ids) => getOfficers(store, ids),
      },
      { ttlMs: ROSTER_TTL_MS },
    ),
    throttle: smsThrottle(store),
    reserveSms: smsCapReserver(store),
    markOnce: alertMarkers(store),
    sms: smsFromEnv(process.env, province.sms, clock, sns),
    alerts: alertsFromEnv(process.env, clock, sns),
    secrets,
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    smsStats: dynamoSmsCounter(store, province.timeZone, counters),
    stats: watchingFloods(
      dynamoStatsRecorder(store, province.timeZone, counters),
      floodPorts(alertsFromEnv(process.env, clock, sns)),
    ),
  };
});

/**
 * The figures' hook also feeds the flood watch (flood.ts): it is where each report is counted once, by
 * the run that took it out of the queue, off the intake path.
 */
function watchingFloods(figures: StatsRecorder, ports: FloodPorts) {
  return {
    ...figures,
    dispatched: async (report: Report, smsSent: number) => {
      await Promise.all([figures.dispatched(report, smsSent), watchFlood(report, ports)]);
    },
  };
}

/** Minutes that are over are read once a minute per place; a place's normal once an hour. */
function floodPorts(alerts: Alerts): FloodPorts {
  const { store, province, clock } = runtime();
  const rates = intakeRates(store);
  const between = cacheFound(
    (key: string) => {
      const [area = '', from = '', to = ''] = key.split('\n');
      return rates.between(area, from, to);
    },
    { ttlMs: 60_000 },
  );
  const reports = cacheFound(
    async (key: string) => {
      const [area = '', from = '', to = ''] = key.split('\n');
      const months = await countersOfPlace(store, area, from, to);
      return [...months.values()].reduce((sum, tally) => sum + reportsCounted(tally), 0);
    },
    { ttlMs: 3_600_000 },
  );
  return {
    rates: {
      count: rates.count,
      between: async (area, from, to) => (await between(`${area}\n${from}\n${to}`)) ?? [],
    },
    reportsInMonths: async (area, from, to) => (await reports(`${area}\n${from}\n${to}`)) ?? 0,
    floodAlerts: floodAlerts(store),
    markOnce: alertMarkers(store),
    alerts,
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
