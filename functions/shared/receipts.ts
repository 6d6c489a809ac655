import { createHmac, randomBytes } from 'node:crypto';

/**
 * Receipts: what a resident keeps to follow up a report or a suggestion. 80 bits from a CSPRNG,
 * written as 16 Crockford base32 characters in four groups (7KQ2-M9XD-4HTC-W8RB). The alphabet has
 * no I, L, O or U, and reading folds O→0 and I/L→1, so a code read aloud or typed by hand still
 * matches. Only an HMAC of the code under a server key is ever stored: the id of what it names.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_BYTES = 10;

export function encodeCrockford(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes canonical Crockford text (upper case, no separators); undefined if it is not. */
export function decodeCrockford(text: string, byteLength: number): Buffer | undefined {
  if (text.length !== Math.ceil((byteLength * 8) / 5)) return undefined;
  const out = Buffer.alloc(byteLength);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of text) {
    const value = CROCKFORD.indexOf(char);
    if (value < 0) return undefined;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (index < byteLength) out[index++] = (buffer >> bits) & 0xff;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

export function newReceipt(): string {
  return encodeCrockford(randomBytes(RECEIPT_BYTES));
}

/** 7KQ2M9XD4HTCW8RB → 7KQ2-M9XD-4HTC-W8RB */
export function formatReceipt(receipt: string): string {
  return receipt.match(/.{1,4}/g)?.join('-') ?? receipt;
}

/**
 * A receipt as a person typed it, made canonical: case, spaces and dashes ignored, O read as 0 and
 * I/L as 1. Anything else that cannot be a receipt is still folded the same way (never rejected
 * early), so that a guess costs the same work as a real code.
 */
export function canonicalReceipt(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * What a receipt leads to. Reports and suggestions share one look-up, so that follow-up is one
 * route whatever was submitted.
 */
export interface ReceiptRef {
  kind: 'report' | 'suggestion';
  id: string;
}

/** Report and suggestion ids have as many bits as a receipt: 80, in lower-case Crockford base32. */
export const ID_BYTES = 10;

/**
 * The id a receipt files its submission under: an HMAC of the folded receipt under the receipt key.
 * So a follow-up finds a report or a suggestion with one read by its key (no pointer item, no index),
 * nothing stored gives a receipt back, and one write stores a submission with everything a follow-up
 * needs. The kind is in the MAC, so one receipt names a different id for each kind.
 */
export function idForReceipt(key: Buffer, kind: ReceiptRef['kind'], receipt: string): string {
  const mac = createHmac('sha256', key)
    .update(`${kind}\n${canonicalReceipt(receipt)}`, 'utf8')
    .digest();
  return encodeCrockford(mac.subarray(0, ID_BYTES)).toLowerCase();
}

/**
 * The receipt of a submission made with an idempotency key (api.md allows it: "derive the receipt
 * from the key under a secret"): every copy of one submit gets the same receipt, and so the same id,
 * without anything stored first. The scope keeps a report's and a suggestion's apart.
 */
export function receiptForKey(key: Buffer, scope: string, idempotencyKey: string): string {
  const mac = createHmac('sha256', key).update(`${scope}\n${idempotencyKey.toLowerCase()}`, 'utf8').digest();
  return encodeCrockford(mac.subarray(0, RECEIPT_BYTES));
}
