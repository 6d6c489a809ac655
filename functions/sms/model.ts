import type { Province } from '../shared/province';

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

/**
 * The day's SMS budget of a province, in SMS: `cap` in all; normal SMS stop at `normalLimit` (the rest,
 * the reserve, is for priority SMS: high-urgency reports, to officers or the duty desk); and normal SMS of one
 * commune or ward stop once that place has spent `communeLimit` (its SMS of either class counted).
 */
export interface SmsBudget {
  cap: number;
  normalLimit: number;
  communeLimit: number;
}

/** The province's budget: the reserve is rounded up (high urgency never gets less than promised). */
export function smsBudget(
  sms: Pick<Province['sms'], 'dailyCap' | 'reservePercent' | 'communeSharePercent'>,
): SmsBudget {
  const cap = sms.dailyCap;
  const reserve = Math.ceil((cap * sms.reservePercent) / 100);
  return {
    cap,
    normalLimit: cap - reserve,
    communeLimit: Math.max(1, Math.floor((cap * sms.communeSharePercent) / 100)),
  };
}

/**
 * What one SMS asks of the budget: `priority` for a high-urgency report (to an officer or the duty desk); `commune`, the
 * first level under the province of what it is about (none for an SMS about several places).
 */
export interface SmsAsk {
  priority: boolean;
  commune?: string;
}

/**
 * A reservation's answer: granted, with the day's count once it is taken (so that exactly one SMS of
 * the day is the one that reaches a share of the cap), or refused by the whole cap, by the reserve
 * (a normal SMS once the day reached `normalLimit`) or by the commune's share.
 */
export type Reservation =
  | { granted: true; spent: number }
  | { granted: false; reason: 'cap' | 'reserve' | 'share' };

/** The day's count at which `percent` of the cap is reached (the SMS that makes it so alerts the admins). */
export function alertThreshold(cap: number, percent: number): number {
  return Math.max(1, Math.ceil((cap * percent) / 100));
}

/** A phone's throttle as sliding windows: at most `limit` SMS in any `ms`. */
export type Throttle = Province['sms']['throttle'];

/**
 * A slot is taken, and its time kept, before the SMS leaves; the phone sees it when it is sent, a send's
 * latency later. Each window is kept this much longer, so that two SMS sent to one phone are never
 * closer than the window however long the first one's send took (up to this).
 */
const SEND_MARGIN_MS = 2_000;

export function throttleWindows(throttle: Throttle): { ms: number; limit: number }[] {
  return [
    { ms: 60_000 + SEND_MARGIN_MS, limit: throttle.perMinute },
    { ms: 15 * 60_000 + SEND_MARGIN_MS, limit: throttle.per15Minutes },
    { ms: 60 * 60_000 + SEND_MARGIN_MS, limit: throttle.perHour },
  ];
}

/**
 * The earliest instant (ms) at or after `now` when one more SMS may go to a phone that was texted at
 * `times` (ms, newest first): for each window, the limit-th newest SMS must have left it.
 */
export function nextFreeAt(times: readonly number[], throttle: Throttle, now: number): number {
  let free = now;
  for (const { ms, limit } of throttleWindows(throttle)) {
    const oldestCounted = times[limit - 1];
    if (oldestCounted !== undefined) free = Math.max(free, oldestCounted + ms);
  }
  return free;
}
