import { getOfficers, shiftsInArea } from '../roster/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { alertsFromEnv } from '../sms/alerts';
import { cachedRoster } from '../sms/roster';
import { createSnsClient, smsFromEnv } from '../sms/send';
import { alertMarkers, smsCapReserver } from '../sms/store';
import { dynamoStatsRecorder } from '../stats/store';
import type { DispatchPorts } from './dispatcher';
import type { EscalationPorts } from './escalation';
import { dispatchStore } from './store';

/** How long the dispatcher may act on a roster read before reading it again. */
const ROSTER_TTL_MS = 10_000;

/**
 * The dispatcher's and the escalation sweep's ports, made once per process from runtime() and the
 * environment: the stream and sweep functions on AWS, and the local runtime's worker (which sets
 * TUQUAN_SMS=outbox). Once matters: the SMS cap merges the process's reservations, the recorder its
 * counts, the roster cache its reads.
 */
export const deps = once((): DispatchPorts & EscalationPorts => {
  const { store, province, clock, secrets } = runtime();
  // One SNS client for the SMS and the alert topic, made only if either of them goes to SNS.
  const sns = once(createSnsClient);
  return {
    store: dispatchStore(store),
    // An import's change to shifts or officers reaches the dispatcher within ROSTER_TTL_MS, and under
    // load a place's reports of a minute share one read.
    roster: cachedRoster(
      {
        shiftsInArea: (area, from, to) => shiftsInArea(store, area, from, to),
        officers: (ids) => getOfficers(store, ids),
      },
      { ttlMs: ROSTER_TTL_MS },
    ),
    reserveSms: smsCapReserver(store),
    markOnce: alertMarkers(store),
    sms: smsFromEnv(process.env, province.sms, clock, sns),
    alerts: alertsFromEnv(process.env, clock, sns),
    secrets,
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    stats: dynamoStatsRecorder(store, province.timeZone),
  };
});
