import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { faultOf } from '../shared/faults';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';

/** One SMS to one phone (E.164). `reportId` is for the local outbox and logs, never for the text. */
export interface SmsMessage {
  to: string;
  body: string;
  reportId: string;
}

/** Sends one SMS, or throws SmsError saying whether trying again may help. */
export interface Sms {
  send(message: SmsMessage): Promise<{ messageId?: string }>;
}

/**
 * A send that did not happen. `retryable` says the provider refused it for now (throttling, a
 * server error, no connection) and nothing went out; other failures are final, and so are those
 * whose outcome is unknown (a timeout after the request left), since trying again could send twice.
 */
export class SmsError extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(reason, options);
    this.name = 'SmsError';
  }
}

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

/**
 * GSM 03.38's basic character set: a text made only of these is sent 7 bits a character, 160 to a
 * segment. Anything else (a Vietnamese diacritic, a curly quote) switches the whole SMS to UCS-2 and
 * 70 characters a segment; extension characters ([ ] { } ~ ^ | \ €) take two places.
 */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
export const SMS_SEGMENT_CHARS = 160;

const BASIC = new Set(GSM7_BASIC);

export function isGsm7Basic(text: string): boolean {
  for (const char of text) if (!BASIC.has(char)) return false;
  return true;
}

/** True when the text goes out as one GSM-7 segment. */
export function fitsOneSegment(text: string): boolean {
  return isGsm7Basic(text) && [...text].length <= SMS_SEGMENT_CHARS;
}

const PUNCTUATION: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '…': '...',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '\u00a0': ' ',
};

/**
 * Vietnamese without diacritics, in GSM-7's basic set: "Phường Uông Bí – Tổ 5" → "Phuong Uong Bi - To 5".
 * Case and ordinary punctuation are kept (unlike foldForSearch); what has no plain form is dropped.
 */
export function toGsm7(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/./gsu, (char) => {
      const mapped = PUNCTUATION[char] ?? char;
      if (/^[A-Za-z0-9 .,:;!?'"()\-+/&%#*=<>@_$]+$/.test(mapped)) return mapped;
      return /\s/.test(char) ? ' ' : '';
    })
    .replace(/ {2,}/g, ' ')
    .trim();
}
