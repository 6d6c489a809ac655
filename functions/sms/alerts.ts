import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
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
 * function's one SNS client (shared/sms.ts createSnsClient: one attempt per call); the dispatcher
 * tries an alert again itself (dispatcher.ts notifyAdmins).
 */
export function createTopicAlerts(topicArn: string, sns: SNSClient): Alerts {
  return {
    async notify(alert) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: alert.subject, Message: alert.body }));
    },
  };
}

/** Locally: a line `to: "admins"` in the SMS outbox, so that GET /_local/sms shows it beside the SMS. */
export function createOutboxAlerts(file: string, clock: Clock): Alerts {
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
