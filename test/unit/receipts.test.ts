import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalReceipt,
  decodeCrockford,
  encodeCrockford,
  formatReceipt,
  idForReceipt,
  newReceipt,
  receiptForKey,
} from '../../functions/shared/receipts';

const KEY = Buffer.alloc(32, 1);
/** 16 characters of Crockford's alphabet, upper case: no I, L, O or U. */
const isCanonicalReceipt = (text: string) => /^[0-9A-HJKMNP-TV-Z]{16}$/.test(text);

describe('receipts', () => {
  it('makes 16 Crockford characters from 80 random bits, without I, L, O or U', () => {
    const receipts = Array.from({ length: 2000 }, newReceipt);

    expect(receipts.every(isCanonicalReceipt)).toBe(true);
    expect(new Set(receipts).size).toBe(2000);
    expect(receipts.join('')).not.toMatch(/[ILOU]/);
  });

  it('uses every character of the alphabet in every position over many receipts', () => {
    const receipts = Array.from({ length: 4000 }, newReceipt);
    const positions = Array.from({ length: 16 }, (_, i) => new Set(receipts.map((r) => r[i])));

    // The last character carries 5 full bits too (80 = 16 × 5): no position is biased.
    expect(positions.map((seen) => seen.size)).toEqual(Array(16).fill(32));
  });

  it('shows a receipt in four groups of four', () => {
    expect(formatReceipt('7KQ2M9XD4HTCW8RB')).toBe('7KQ2-M9XD-4HTC-W8RB');
  });

  it('encodes and decodes 80 bits without loss', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const text = encodeCrockford(bytes);
        expect(text).toHaveLength(16);
        expect(decodeCrockford(text, 10)).toEqual(Buffer.from(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses to decode text of the wrong length or with letters outside the alphabet', () => {
    expect(decodeCrockford('7KQ2M9XD4HTCW8R', 10)).toBeUndefined();
    expect(decodeCrockford('7KQ2M9XD4HTCW8RU', 10)).toBeUndefined();
  });

  it('reads a receipt whatever its case, spaces and dashes, with O as 0 and I or L as 1', () => {
    expect(canonicalReceipt(' 7kq2 m9xd-4htc—w8rb ')).toBe('7KQ2M9XD4HTCW8RB');
    expect(canonicalReceipt('O1IL-0000-0000-0000')).toBe('0111000000000000');
  });

  it('names the same id for every way of typing a receipt, and other ids for other receipts', () => {
    const variant = fc.record({
      bytes: fc.uint8Array({ minLength: 10, maxLength: 10 }),
      lower: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      separators: fc.array(fc.constantFrom('', ' ', '-', '  ', ' - '), { minLength: 16, maxLength: 16 }),
    });
    fc.assert(
      fc.property(variant, ({ bytes, lower, separators }) => {
        const receipt = encodeCrockford(bytes);
        const typed = [...receipt]
          .map((c, i) => (lower[i] ? c.toLowerCase() : c) + (separators[i] ?? ''))
          .join('')
          .replace(/0/g, 'O');
        expect(idForReceipt(KEY, 'report', typed)).toBe(idForReceipt(KEY, 'report', receipt));
      }),
      { numRuns: 1000 },
    );
    expect(idForReceipt(KEY, 'report', '7KQ2M9XD4HTCW8RB')).not.toBe(
      idForReceipt(KEY, 'report', '7KQ2M9XD4HTCW8RC'),
    );
  });

  it('names ids that depend on the key and the kind, shaped like random ids', () => {
    const ids = [
      idForReceipt(KEY, 'report', '7KQ2M9XD4HTCW8RB'),
      idForReceipt(Buffer.alloc(32, 2), 'report', '7KQ2M9XD4HTCW8RB'),
      idForReceipt(KEY, 'suggestion', '7KQ2M9XD4HTCW8RB'),
    ];

    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => /^[0-9a-hjkmnp-tv-z]{16}$/.test(id))).toBe(true);
  });

  it('derives one receipt per idempotency key and scope, whatever the case of the key', () => {
    const key = '5f0c2a9e-7b1d-4e3f-8a26-c4d9e1b07f35';
    const receipts = [
      receiptForKey(KEY, 'reports', key),
      receiptForKey(KEY, 'reports', key.toUpperCase()),
      receiptForKey(KEY, 'suggestions', key),
      receiptForKey(KEY, 'reports', '5f0c2a9e-7b1d-4e3f-8a26-c4d9e1b07f36'),
    ];

    expect(receipts.every(isCanonicalReceipt)).toBe(true);
    expect(receipts[0]).toBe(receipts[1]);
    expect(new Set(receipts).size).toBe(3);
  });
});
