import { createHmac, timingSafeEqual } from 'node:crypto';
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
