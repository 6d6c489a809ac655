import { createChallenge, verifySolution } from 'altcha-lib/v1';
import { describe, expect, it } from 'vitest';
import { ReportInputSchema } from '../../functions/reports/schema';
import { SuggestionInputSchema } from '../../functions/suggestions/schema';
import { solveChallenge } from '../../site/src/scripts/altcha';
import {
  errorMessage,
  fieldErrors,
  fieldId,
  groupReceipt,
  newKey,
  reportBody,
  suggestionBody,
  withOffset,
} from '../../site/src/scripts/pure';

const VIETNAM = () => 420;

describe('groupReceipt', () => {
  it('writes a receipt in four groups of four, upper case', () => {
    expect(groupReceipt('7kq2m9xd4htcw8rb')).toBe('7KQ2-M9XD-4HTC-W8RB');
  });

  it('regroups a receipt that came with spaces or dashes', () => {
    expect(groupReceipt(' 7KQ2 M9XD-4HTC w8rb ')).toBe('7KQ2-M9XD-4HTC-W8RB');
  });
});

describe('fieldId', () => {
  it('names a nested API field as the flat form field', () => {
    expect(['contact.phone', 'contact.name', 'description'].map(fieldId)).toEqual([
      'contactPhone',
      'contactName',
      'description',
    ]);
  });
});

describe('withOffset', () => {
  it('adds seconds and the offset east of UTC', () => {
    expect(withOffset('2026-03-02T21:15', 420)).toBe('2026-03-02T21:15:00+07:00');
  });

  it('writes an offset west of UTC, with its minutes', () => {
    expect(withOffset('2026-03-02T21:15:30', -210)).toBe('2026-03-02T21:15:30-03:30');
  });
});

describe('reportBody', () => {
  it('builds the JSON the report schema accepts from a full form', () => {
    const body = reportBody(
      {
        area: 'QN-UB-QT5A',
        category: 'theft',
        description: 'Mất xe máy trước cửa nhà văn hóa khu.',
        occurredAt: '2026-03-02T21:15',
        place: 'Nhà văn hóa khu 5A',
        contactName: 'Nguyễn Văn An',
        contactPhone: '0912 345 678',
        website: '',
        lang: 'vi',
        idempotencyKey: '0b9c3f4e-2a53-4a8e-9b1f-6c1e2d3f4a5b',
      },
      VIETNAM,
    );

    expect(body).toEqual({
      area: 'QN-UB-QT5A',
      category: 'theft',
      description: 'Mất xe máy trước cửa nhà văn hóa khu.',
      occurredAt: '2026-03-02T21:15:00+07:00',
      place: 'Nhà văn hóa khu 5A',
      contact: { name: 'Nguyễn Văn An', phone: '0912 345 678' },
    });
    expect(ReportInputSchema.safeParse(body).success).toBe(true);
  });

  it('leaves out what was left empty, so an anonymous report has no contact at all', () => {
    const body = reportBody(
      {
        area: 'QN-UB',
        category: 'noise',
        description: 'Hát karaoke quá 23 giờ.',
        occurredAt: '',
        place: '  ',
        contactName: '',
        contactPhone: '',
        website: '',
      },
      VIETNAM,
    );

    expect(body).toEqual({ area: 'QN-UB', category: 'noise', description: 'Hát karaoke quá 23 giờ.' });
    expect(ReportInputSchema.safeParse(body).success).toBe(true);
  });

  it('passes a filled honeypot on, for the API to recognise', () => {
    const body = reportBody(
      { area: 'QN-UB', category: 'noise', description: 'x'.repeat(20), website: 'http://spam.example' },
      VIETNAM,
    );

    expect(body.website).toBe('http://spam.example');
  });
});

describe('suggestionBody', () => {
  it('builds the JSON the suggestion schema accepts, with no contact', () => {
    const body = suggestionBody({
      box: 'G-TQ-QT5A',
      text: 'Đề nghị lắp thêm đèn ở ngõ 12.',
      topic: 'security',
      website: '',
      lang: 'vi',
      idempotencyKey: 'k',
    });

    expect(body).toEqual({ box: 'G-TQ-QT5A', text: 'Đề nghị lắp thêm đèn ở ngõ 12.', topic: 'security' });
    expect(SuggestionInputSchema.safeParse(body).success).toBe(true);
  });

  it('leaves out a topic not chosen', () => {
    expect(suggestionBody({ box: 'A-QN-UB', text: 'Góp ý về giờ tiếp dân.', topic: '' })).toEqual({
      box: 'A-QN-UB',
      text: 'Góp ý về giờ tiếp dân.',
    });
  });
});

describe('fieldErrors and errorMessage', () => {
  it('keys the API field problems by form field id', () => {
    const answer = {
      error: {
        code: 'invalid_input',
        message: 'Thông tin chưa hợp lệ.',
        fields: { description: 'Cần ít nhất 10 ký tự.', 'contact.phone': 'Số điện thoại không hợp lệ.' },
      },
    };

    expect(fieldErrors(answer)).toEqual({
      description: 'Cần ít nhất 10 ký tự.',
      contactPhone: 'Số điện thoại không hợp lệ.',
    });
    expect(errorMessage(answer)).toBe('Thông tin chưa hợp lệ.');
  });

  it('finds nothing in an answer that is not an API error', () => {
    expect([fieldErrors(null), fieldErrors('Bad Gateway'), errorMessage({ message: 'Not Found' })]).toEqual([
      {},
      {},
      undefined,
    ]);
  });
});

describe('newKey', () => {
  it('uses crypto.randomUUID where the browser has it', () => {
    expect(newKey({ getRandomValues: (a) => a, randomUUID: () => 'from-browser' })).toBe('from-browser');
  });

  it('makes a version 4 UUID from random bytes where it has not (plain http)', () => {
    const key = newKey({ getRandomValues: (a) => a.fill(0xff) });

    expect(key).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});

describe('solveChallenge', () => {
  it('finds the number of an ALTCHA v1 challenge and answers what the server verifies', async () => {
    const challenge = await createChallenge({ hmacKey: 'test-key', maxnumber: 2000, number: 1234 });

    const solution = await solveChallenge(challenge, crypto.subtle);

    expect(solution).toBeDefined();
    expect(JSON.parse(atob(String(solution)))).toEqual({
      algorithm: 'SHA-256',
      challenge: challenge.challenge,
      number: 1234,
      salt: challenge.salt,
      signature: challenge.signature,
    });
    expect(await verifySolution(String(solution), 'test-key')).toBe(true);
  });

  it('gives up past maxnumber', async () => {
    const challenge = await createChallenge({ hmacKey: 'test-key', maxnumber: 2000, number: 1500 });

    expect(await solveChallenge({ ...challenge, maxnumber: 1000 }, crypto.subtle)).toBeUndefined();
  });

  it('does not try an algorithm it cannot compute', async () => {
    const challenge = await createChallenge({ hmacKey: 'test-key', maxnumber: 10, number: 1 });

    expect(await solveChallenge({ ...challenge, algorithm: 'SHA-512' }, crypto.subtle)).toBeUndefined();
  });
});
