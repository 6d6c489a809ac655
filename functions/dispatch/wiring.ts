import { onDutyOfficers } from '../roster/store';
import { log } from '../shared/log';
import type { Clock } from '../shared/ports';
import { runtime } from '../shared/runtime';
import { smsFromEnv } from '../shared/sms';
import { dynamoStatsRecorder } from '../stats/recorder';
import { type Alerts, createOutboxAlerts, createTopicAlerts } from './alerts';
import type { DispatchPorts } from './ports';
import { dynamoDispatchStore } from './store';

let ports: DispatchPorts | undefined;

/**
 * The dispatcher's ports, made once per process from runtime() and the environment: the stream and
 * sweep functions on AWS, and the local runtime's polling loop (which sets TUQUAN_SMS=outbox).
 */
export function dispatchPorts(): DispatchPorts {
  if (ports) return ports;
  const { store, province, clock, secrets } = runtime();
  ports = {
    store: dynamoDispatchStore(store),
    roster: { onDutyOfficers: (area, at) => onDutyOfficers(store, area, at) },
    sms: smsFromEnv(process.env, province.sms, clock),
    alerts: alertsFromEnv(process.env, clock),
    secrets,
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    stats: dynamoStatsRecorder(store, province.timeZone),
  };
  return ports;
}

/** TUQUAN_ALERT_TOPIC_ARN on AWS; the SMS outbox locally; else the log, at error level, for an alarm. */
export function alertsFromEnv(env: NodeJS.ProcessEnv, clock: Clock): Alerts {
  if (env.TUQUAN_ALERT_TOPIC_ARN) return createTopicAlerts(env.TUQUAN_ALERT_TOPIC_ARN);
  if (env.TUQUAN_SMS === 'outbox' && env.TUQUAN_SMS_OUTBOX)
    return createOutboxAlerts(env.TUQUAN_SMS_OUTBOX, clock);
  return {
    notify: async (alert) => log.error('admin alert', { subject: alert.subject, reportId: alert.reportId }),
  };
}
