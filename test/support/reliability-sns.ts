import { PublishCommand, type PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { verifyAckToken } from '../../functions/dispatch/token';
import type { Clock } from '../../functions/shared/ports';

/**
 * SNS for the reliability suite: aws-sdk-client-mock on the SNS client, so that the real adapters
 * (sms/send.ts createSnsSms, sms/alerts.ts createTopicAlerts) meet SNS's own errors. Each SMS
 * publish is attributed to its report and recipient through the acknowledge token it carries, and
 * recorded with what became of it: delivered, refused (nothing went out), or unknown (it may have).
 */
const serviceError = (name: string, fault: 'client' | 'server', status: number) => () =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status, attempts: 1 } });

const SNS_FAULTS = {
  throttled: serviceError('ThrottledException', 'client', 400),
  'KMS throttled': serviceError('KMSThrottlingException', 'client', 400),
  'server error (500)': serviceError('InternalErrorException', 'server', 500),
  'connection refused': () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  /** The request left and no answer came: the SMS may have gone. */
  timeout: () => Object.assign(new Error('Connection timed out'), { name: 'TimeoutError' }),
  'invalid number': serviceError('InvalidParameterException', 'client', 400),
} satisfies Record<string, () => Error>;

export type SnsFault = keyof typeof SNS_FAULTS;
/** `crash …`: the process dies during the publish, which never returns (after SNS took it, or before). */
export type SnsOutcome = 'deliver' | SnsFault | 'crash after delivery' | 'crash before delivery';

export interface SmsSend {
  reportId: string;
  to: string;
  /** 1 for the first publish to this recipient about this report. */
  attempt: number;
  outcome: 'delivered' | 'refused' | 'unknown';
  fault?: SnsFault;
}

export interface SnsCall {
  reportId: string;
  to: string;
  attempt: number;
}

export const TOPIC_ARN = 'arn:aws:sns:ap-southeast-1:000000000000:tuquan-alarms';

export class SnsLedger {
  sends: SmsSend[] = [];
  alerts: { subject: string; message: string }[] = [];
  /** Publishes during which the process died. */
  crashes = 0;
  /** What SNS does with each SMS publish. */
  script: (call: SnsCall) => SnsOutcome = () => 'deliver';
  /** What SNS does with each publish to the alarm topic. */
  alertScript: () => 'deliver' | SnsFault = () => 'deliver';

  /** Publishes that reached or may have reached a phone, per "report → phone": none may exceed 1. */
  reachedPerRecipient(reportIds?: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.sends) {
      if (s.outcome === 'refused' || (reportIds && !reportIds.includes(s.reportId))) continue;
      const key = `${s.reportId} → ${s.to}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  alertsAbout(reportId: string): string[] {
    return this.alerts.filter((a) => a.message.includes(reportId)).map((a) => a.subject);
  }
}

/** Mocks every SNS client; SMS publishes follow `ledger.script`, alarm-topic publishes `ledger.alertScript`. */
export function mockSns(ackKey: Buffer, clock: Clock): { ledger: SnsLedger; restore(): void } {
  const ledger = new SnsLedger();
  const sns = mockClient(SNSClient);
  let ids = 0;
  sns.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
    if (input.TopicArn) {
      const outcome = ledger.alertScript();
      if (outcome !== 'deliver') throw SNS_FAULTS[outcome]();
      ledger.alerts.push({ subject: String(input.Subject), message: String(input.Message) });
      return { MessageId: `alert-${++ids}` };
    }
    const token = /\/api\/ack\/([A-Za-z0-9_-]+)/.exec(String(input.Message))?.[1] ?? '';
    const ref = verifyAckToken(ackKey, token, clock.now());
    if (!ref) throw new Error('an SMS whose acknowledge link does not verify');
    const to = String(input.PhoneNumber);
    const attempt = ledger.sends.filter((s) => s.reportId === ref.reportId && s.to === to).length + 1;
    const outcome = ledger.script({ reportId: ref.reportId, to, attempt });
    const record = (result: SmsSend['outcome'], fault?: SnsFault) =>
      ledger.sends.push({
        reportId: ref.reportId,
        to,
        attempt,
        outcome: result,
        ...(fault ? { fault } : {}),
      });
    switch (outcome) {
      case 'deliver':
        record('delivered');
        return { MessageId: `sms-${++ids}` };
      case 'crash after delivery':
        record('delivered');
        ledger.crashes++;
        return new Promise(() => undefined);
      case 'crash before delivery':
        ledger.crashes++;
        return new Promise(() => undefined);
      case 'timeout':
        record('unknown', outcome);
        throw SNS_FAULTS[outcome]();
      default:
        record('refused', outcome);
        throw SNS_FAULTS[outcome]();
    }
  });
  return { ledger, restore: () => sns.restore() };
}
