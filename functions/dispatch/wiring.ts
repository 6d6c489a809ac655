import type { SNSClient } from '@aws-sdk/client-sns';
import { getOfficers, shiftsInArea } from '../roster/store';
import { log } from '../shared/log';
import type { Clock } from '../shared/ports';
import { runtime } from '../shared/runtime';
import { type Alerts, createOutboxAlerts, createTopicAlerts } from '../sms/alerts';
import { cachedRoster } from '../sms/roster';
import { createSnsClient, smsFromEnv } from '../sms/send';
import { dynamoStatsRecorder } from '../stats/recorder';
import type { DispatchPorts } from './ports';
import { dynamoDispatchStore } from './store';

let ports: DispatchPorts | undefined;

/** How long the dispatcher may act on a roster read before reading it again. */
export const ROSTER_TTL_MS = 10_000;

/**
 * The dispatcher's ports, made once per process from runtime() and the environment: the stream and
 * sweep functions on AWS, and the local runtime's polling loop (which sets TUQUAN_SMS=outbox). Made
 * once matters: the store merges the process's SMS reservations, the recorder its counts.
 */
export function dispatchPorts(): DispatchPorts {
  if (ports) return ports;
  const { store, province, clock, secrets } = runtime();
  // One SNS client for the SMS and the alert topic, made here only if either of them goes to SNS.
  let snsClient: SNSClient | undefined;
  const sns = () => {
    snsClient ??= createSnsClient();
    return snsClient;
  };
  ports = {
    store: dynamoDispatchStore(store),
    // Kept 10 s per process (roster-cache.ts): an import's change to shifts or officers reaches the
    // dispatcher within 10 seconds, and under load a place's reports of a minute share one read.
    roster: cachedRoster(
      {
        shiftsInArea: (area, from, to) => shiftsInArea(store, area, from, to),
        officers: (ids) => getOfficers(store, ids),
      },
      { ttlMs: ROSTER_TTL_MS },
    ),
    sms: smsFromEnv(process.env, province.sms, clock, sns),
    alerts: alertsFromEnv(process.env, clock, sns),
    secrets,
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    stats: dynamoStatsRecorder(store, province.timeZone),
  };
  return ports;
}

/**
 * TUQUAN_ALERT_TOPIC_ARN on AWS (through the function's one SNS client, `sns`); the SMS outbox
 * locally; else the log, at error level, for an alarm.
 */
export function alertsFromEnv(env: NodeJS.ProcessEnv, clock: Clock, sns: () => SNSClient): Alerts {
  if (env.TUQUAN_ALERT_TOPIC_ARN) return createTopicAlerts(env.TUQUAN_ALERT_TOPIC_ARN, sns());
  if (env.TUQUAN_SMS === 'outbox' && env.TUQUAN_SMS_OUTBOX)
    return createOutboxAlerts(env.TUQUAN_SMS_OUTBOX, clock);
  return {
    notify: async (alert) => log.error('admin alert', { subject: alert.subject, reportId: alert.reportId }),
  };
}
