/**
 * What sms/ means by an SMS, whichever sender takes it (SNS, the local outbox): the port every texting
 * use case calls, its one error, and the rules of a text that goes out as a single GSM-7 segment.
 */

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
