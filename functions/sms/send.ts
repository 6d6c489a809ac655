import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { faultOf } from '../shared/faults';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { type Sms, SmsError } from './model';

/** What an SNS failure means to a caller: whether the SMS may be tried again (SmsError.retryable). */
export function classifySnsError(error: unknown): SmsError {
  const e = (error ?? {}) as { name?: string; code?: string; $fault?: string };
  // Only a name or a code: SDK messages can echo the phone number.
  const reason = e.code ?? e.name ?? 'UnknownError';
  // Retried: what SNS surely refused (a later try cannot duplicate it), and its own 5xx, where a second
  // SMS beats none. Not a timeout or a reset connection, after which the SMS may well be on its way.
  const fault = faultOf(error);
  const retryable = fault === 'refused' || fault === 'server';
  return new SmsError(reason, retryable, { cause: error });
}

export type SmsSettings = Pick<Province['sms'], 'senderId' | 'maxPriceUsd'>;

/**
 * A function's one SNS client, for its SMS and its alert topic alike. It makes one attempt per
 * call: each caller retries with its own policy (the dispatcher's SMS backoff knows which failures
 * are safe to retry; its admin alerts are tried three times), so the SDK's retries would only
 * multiply theirs.
 */
export function createSnsClient(): SNSClient {
  return new SNSClient({ maxAttempts: 1 });
}

/**
 * SNS Publish to a phone number. The account's SMS settings are shared by every province deployed
 * in it, so sender ID, type and price cap travel with each message.
 */
export function createSnsSms(settings: SmsSettings, sns: SNSClient = createSnsClient()): Sms {
  return {
    async send(message) {
      try {
        const out = await sns.send(
          new PublishCommand({
            PhoneNumber: message.to,
            Message: message.body,
            MessageAttributes: {
              'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: settings.senderId },
              'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
              'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: String(settings.maxPriceUsd) },
            },
          }),
        );
        return out.MessageId ? { messageId: out.MessageId } : {};
      } catch (error) {
        throw classifySnsError(error);
      }
    },
  };
}

/** One line of the local outbox file, as GET /_local/sms shows it. */
export interface OutboxLine {
  to: string;
  body: string;
  at: string;
  reportId?: string;
}

/** Appends one JSON line; a single append of a short line is not interleaved with another process's. */
export function appendOutbox(file: string, line: OutboxLine): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(line)}\n`, 'utf8');
}

/** Locally: each SMS becomes a line of the outbox file instead of a message. */
export function createOutboxSms(file: string, clock: Clock = { now: () => new Date() }): Sms {
  return {
    async send(message) {
      const at = clock.now().toISOString();
      appendOutbox(file, { to: message.to, body: message.body, at, reportId: message.reportId });
      return { messageId: `outbox-${at}` };
    },
  };
}

/**
 * TUQUAN_SMS=sns (the default) or outbox (with TUQUAN_SMS_OUTBOX naming the file). `sns` gives the
 * function's one SNS client (asked for only when SMS go through SNS).
 */
export function smsFromEnv(
  env: NodeJS.ProcessEnv,
  settings: SmsSettings,
  clock: Clock,
  sns: () => SNSClient = createSnsClient,
): Sms {
  const kind = env.TUQUAN_SMS ?? 'sns';
  if (kind === 'outbox') {
    const file = env.TUQUAN_SMS_OUTBOX;
    if (!file) throw new Error('tuquan: TUQUAN_SMS=outbox needs TUQUAN_SMS_OUTBOX (the outbox file)');
    return createOutboxSms(file, clock);
  }
  if (kind !== 'sns') throw new Error(`tuquan: TUQUAN_SMS must be sns or outbox, not ${kind}`);
  return createSnsSms(settings, sns());
}
