import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { log } from '../shared/log';
import type { Clock } from '../shared/ports';
import { appendOutbox } from './send';

/** Something the province's admins must know now (the SMS cap reached, a report nobody could be texted about). */
export interface Alert {
  subject: string;
  body: string;
  reportId?: string;
}

export interface Alerts {
  notify(alert: Alert): Promise<void>;
}

/**
 * On AWS: the alarm topic, which the stack subscribes the province's alarm e-mails to. Through the
 * function's one SNS client (send.ts createSnsClient: one attempt per call); the dispatcher tries an
 * alert again itself (dispatcher.ts notifyAdmins).
 */
export function createTopicAlerts(topicArn: string, sns: SNSClient): Alerts {
  return {
    async notify(alert) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: alert.subject, Message: alert.body }));
    },
  };
}

/** Locally: a line `to: "admins"` in the SMS outbox, so that GET /_local/sms shows it beside the SMS. */
function createOutboxAlerts(file: string, clock: Clock): Alerts {
  return {
    async notify(alert) {
      appendOutbox(file, {
        to: 'admins',
        body: `${alert.subject}: ${alert.body}`,
        at: clock.now().toISOString(),
        ...(alert.reportId ? { reportId: alert.reportId } : {}),
      });
    },
  };
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
