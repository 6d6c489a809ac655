import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { REPORT_ID_BYTES, reportIdBytes, reportIdFromBytes } from '../reports/model';

/**
 * The acknowledge link's token: short enough to leave room in a 160-character SMS, signed so that
 * nobody can make one, and expiring. It names the report, and the officer by their place in the
 * tier's recipient list (kept on the report's TIER item), never by phone or name.
 *
 *   report id (10 bytes) | tier (3 bits) index (5 bits) | expiry, hours since 1970 (3 bytes) | HMAC (6 bytes)
 *
 * 20 bytes → 27 base64url characters. A forger needs both an unpublished 80-bit report id and a
 * 48-bit MAC, guessed online against a rate-limited endpoint.
 */
export const ACK_LINK_HOURS = 72;
export const MAX_TIER = 7;
export const MAX_RECIPIENT_INDEX = 31;

const BODY_BYTES = REPORT_ID_BYTES + 1 + 3;
const MAC_BYTES = 6;
const TOKEN_BYTES = BODY_BYTES + MAC_BYTES;
export const TOKEN_CHARS = Math.ceil((TOKEN_BYTES * 4) / 3);

interface AckRef {
  reportId: string;
  tier: number;
  index: number;
}

export function signAckToken(key: Buffer, ref: AckRef, sentAt: Date): string {
  const id = reportIdBytes(ref.reportId);
  if (!id) throw new Error('not a report id');
  if (ref.tier > MAX_TIER || ref.index > MAX_RECIPIENT_INDEX)
    throw new Error('tier or recipient out of range');
  const body = Buffer.alloc(BODY_BYTES);
  id.copy(body, 0);
  body[REPORT_ID_BYTES] = (ref.tier << 5) | ref.index;
  body.writeUIntBE(Math.ceil(sentAt.getTime() / 3_600_000) + ACK_LINK_HOURS, REPORT_ID_BYTES + 1, 3);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

/** The reference a token names, or undefined if it is malformed, forged or expired. */
export function verifyAckToken(key: Buffer, token: string, now: Date): AckRef | undefined {
  if (token.length !== TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES) return undefined;
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(key, body), bytes.subarray(BODY_BYTES))) return undefined;
  const expiresHour = body.readUIntBE(REPORT_ID_BYTES + 1, 3);
  if (now.getTime() >= expiresHour * 3_600_000) return undefined;
  const packed = body[REPORT_ID_BYTES] ?? 0;
  return {
    reportId: reportIdFromBytes(body.subarray(0, REPORT_ID_BYTES)),
    tier: packed >> 5,
    index: packed & 31,
  };
}

function mac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(body).digest().subarray(0, MAC_BYTES);
}

/**
 * A summary link's token: the summary's id (10 random bytes, its key in the table), an expiry like an
 * acknowledge link's, and a MAC under the same key but over a different message (a summary token can
 * never pass as an acknowledge token, nor the reverse: their lengths differ too).
 *
 *   summary id (10 bytes) | expiry, hours since 1970 (3 bytes) | HMAC (6 bytes) → 26 base64url characters
 */
const SUMMARY_ID_BYTES = 10;
const SUMMARY_BODY_BYTES = SUMMARY_ID_BYTES + 3;
export const SUMMARY_TOKEN_CHARS = Math.ceil(((SUMMARY_BODY_BYTES + MAC_BYTES) * 4) / 3);
const SUMMARY_DOMAIN = Buffer.from('tuquan summary link\0');

export function newSummaryId(): string {
  return randomBytes(SUMMARY_ID_BYTES).toString('base64url');
}

export function signSummaryToken(key: Buffer, summaryId: string, sentAt: Date): string {
  const id = Buffer.from(summaryId, 'base64url');
  if (id.length !== SUMMARY_ID_BYTES) throw new Error('not a summary id');
  const body = Buffer.alloc(SUMMARY_BODY_BYTES);
  id.copy(body, 0);
  body.writeUIntBE(Math.ceil(sentAt.getTime() / 3_600_000) + ACK_LINK_HOURS, SUMMARY_ID_BYTES, 3);
  return Buffer.concat([body, summaryMac(key, body)]).toString('base64url');
}

/** The summary id a token names, or undefined if it is malformed, forged or expired. */
export function verifySummaryToken(key: Buffer, token: string, now: Date): string | undefined {
  if (token.length !== SUMMARY_TOKEN_CHARS || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== SUMMARY_BODY_BYTES + MAC_BYTES) return undefined;
  const body = bytes.subarray(0, SUMMARY_BODY_BYTES);
  if (!timingSafeEqual(summaryMac(key, body), bytes.subarray(SUMMARY_BODY_BYTES))) return undefined;
  if (now.getTime() >= body.readUIntBE(SUMMARY_ID_BYTES, 3) * 3_600_000) return undefined;
  return body.subarray(0, SUMMARY_ID_BYTES).toString('base64url');
}

function summaryMac(key: Buffer, body: Buffer): Buffer {
  return createHmac('sha256', key).update(SUMMARY_DOMAIN).update(body).digest().subarray(0, MAC_BYTES);
}
