import { describe, expect, it } from 'vitest';
import type { ReportInput } from '../../functions/reports/schema';
import { submitReport } from '../../functions/reports/submit';
import {
  ChallengeRequired,
  Conflict,
  FormRefused,
  InvalidInput,
  RateLimited,
} from '../../functions/shared/errors';
import { formatReceipt, idForReceipt, receiptForKey } from '../../functions/shared/receipts';
import { fixedSecrets, intakePorts } from './reports-fakes';

const KEY = '5f0c2a9e-7b1d-4e3f-8a26-c4d9e1b07f35';
const input: ReportInput = {
  area: 'QN-UB-T5',
  category: 'theft',
  description: 'Xe máy bị lấy trộm trước cửa nhà số 12.',
};

/** The id a receipt names (shared/receipts.ts), under the fakes' fixed secret. */
const idOf = async (receipt: string) => idForReceipt(await fixedSecrets().key('receipt'), 'report', receipt);
/** The receipt an idempotency key gives a report, under the fakes' fixed secret. */
const receiptOfKey = async (key: string) =>
  receiptForKey(await fixedSecrets().key('idempotency-key'), 'reports', key);

describe('submitReport', () => {
  it('stores the report under the id its receipt names, in the dispatch queue, and answers both', async () => {
    const { ports, reports } = intakePorts();
    const id = await idOf('RCPT000000000001');

    const answer = await submitReport(
      { ...input, occurredAt: '2025-03-12T13:30:00+07:00', place: 'Ngõ 3' },
      {},
      ports,
    );

    expect(answer).toEqual({ id, receipt: 'RCPT-0000-0000-0001', status: 'received' });
    expect([...reports.reports.values()]).toEqual([
      {
        id,
        area: 'QN-UB-T5',
        areaName: 'Tổ dân phố 5',
        parentName: 'Phường Uông Bí',
        ancestors: ['QN', 'QN-UB'],
        category: 'theft',
        categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
        urgency: 'normal',
        description: 'Xe máy bị lấy trộm trước cửa nhà số 12.',
        occurredAt: '2025-03-12T06:30:00.000Z',
        place: 'Ngõ 3',
        createdAt: '2025-03-12T07:00:00.000Z',
        status: 'received',
        notifyStatus: 'pending',
      },
    ]);
    expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{16}$/);
  });

  it('keeps a contact only when one was typed, and names no province as a parent', async () => {
    const { ports, reports } = intakePorts();

    await submitReport({ ...input, area: 'QN-UB', contact: {} }, {}, ports);
    await submitReport(
      { ...input, description: 'Một việc khác hẳn.', contact: { phone: '+84912345678' } },
      {},
      ports,
    );

    const [anonymous, named] = [...reports.reports.values()];
    expect([anonymous?.contact, anonymous?.parentName, named?.contact]).toEqual([
      undefined,
      undefined,
      { phone: '+84912345678' },
    ]);
  });

  it('names every field the store or the clock refuses, at once, and stores nothing', async () => {
    const { ports, reports } = intakePorts();

    const error = await submitReport(
      { ...input, area: 'QN-NOPE', category: 'alien', occurredAt: '2025-03-12T07:10:00Z' },
      {},
      ports,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({
      area: { key: 'field.unknown_area' },
      category: { key: 'field.unknown_category' },
      occurredAt: { key: 'field.time_in_future' },
    });
    expect([reports.reports.size, reports.slots.size, reports.puts]).toEqual([0, 0, 0]);
  });

  it('takes incidents up to 30 days old, and a phone clock a few minutes ahead', async () => {
    const { ports } = intakePorts();
    const at = (iso: string) =>
      submitReport({ ...input, description: `Việc lúc ${iso}`, occurredAt: iso }, {}, ports).then(
        () => 'ok',
        (e: InvalidInput) => e.fields.occurredAt,
      );

    expect(await at('2025-03-12T07:04:00Z')).toBe('ok');
    expect(await at('2025-02-10T07:00:01Z')).toBe('ok');
    expect(await at('2025-02-10T06:59:59Z')).toEqual({ key: 'field.time_too_old', params: { days: 30 } });
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const { ports, reports } = intakePorts();

    const answer = await submitReport(
      { ...input, website: 'http://spam.example' },
      { idempotencyKey: KEY },
      ports,
    );

    expect(answer).toEqual({
      id: await idOf('RCPT000000000001'),
      receipt: 'RCPT-0000-0000-0001',
      status: 'received',
    });
    expect([reports.reports.size, reports.slots.size, reports.puts]).toEqual([0, 0, 0]);
  });
});

describe('submitReport without an idempotency key', () => {
  it('links the same place, category and text within 10 minutes to the first report', async () => {
    const { ports, reports, clock } = intakePorts();

    const first = await submitReport(input, {}, ports);
    clock.advance(9);
    const again = await submitReport(
      { ...input, description: '  XE MÁY bị lấy trộm trước cửa nhà số 12 ' },
      {},
      ports,
    );
    const elsewhere = await submitReport({ ...input, area: 'QN-UB' }, {}, ports);
    clock.advance(2);
    const later = await submitReport(input, {}, ports);

    expect(new Set([first.receipt, again.receipt, elsewhere.receipt, later.receipt]).size).toBe(4);
    expect([...reports.reports.values()].map((r) => [r.id, r.duplicateOf])).toEqual([
      [first.id, undefined],
      [again.id, first.id],
      [elsewhere.id, undefined],
      [later.id, undefined],
    ]);
  });

  it('gives the duplicate slot back when the report cannot be written', async () => {
    const { ports, reports } = intakePorts();
    reports.failing.add('put');

    await expect(submitReport(input, {}, ports)).rejects.toThrow('store down');

    expect([reports.reports.size, reports.slots.size]).toEqual([0, 0]);
  });

  it('keeps the duplicate slot when the report landed but the answer was lost, so a retry links to it', async () => {
    const { ports, reports } = intakePorts();
    reports.losingAnswers = true;

    const error = await submitReport(input, {}, ports).catch((e: unknown) => e);
    reports.losingAnswers = false;
    const retry = await submitReport(input, {}, ports);

    expect((error as Error).name).toBe('TimeoutError');
    const [landed] = [...reports.reports.keys()];
    expect([reports.reports.size, reports.slots.size]).toEqual([2, 1]);
    expect(reports.reports.get(retry.id)?.duplicateOf).toBe(landed);
  });
});

describe('submitReport with an idempotency key', () => {
  it('stores the report in one write, under the id the receipt derived from the key names', async () => {
    const { ports, reports } = intakePorts();
    const receipt = await receiptOfKey(KEY);

    const answer = await submitReport(input, { idempotencyKey: KEY }, ports);

    expect(answer).toEqual({ id: await idOf(receipt), receipt: formatReceipt(receipt), status: 'received' });
    expect([[...reports.reports.keys()], reports.puts, reports.slots.size]).toEqual([[answer.id], 1, 0]);
  });

  it('answers the first answer again for the same body, and stores one report', async () => {
    const { ports, reports } = intakePorts();

    const first = await submitReport(
      { ...input, occurredAt: '2025-03-12T13:30:00+07:00' },
      { idempotencyKey: KEY },
      ports,
    );
    // The same report written another way: an empty contact, the same instant in UTC.
    const again = await submitReport(
      { ...input, contact: {}, occurredAt: '2025-03-12T06:30:00Z' },
      { idempotencyKey: KEY },
      ports,
    );

    expect(again).toEqual(first);
    expect(reports.reports.size).toBe(1);
  });

  it('refuses the same key with another body', async () => {
    const { ports } = intakePorts();
    await submitReport(input, { idempotencyKey: KEY }, ports);

    await expect(
      submitReport({ ...input, description: 'Một nội dung khác.' }, { idempotencyKey: KEY }, ports),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it('refuses a key already used by a report sent without one', async () => {
    const { ports, reports } = intakePorts();
    const receipt = await receiptOfKey(KEY);
    const { newReceipt } = ports;
    ports.newReceipt = () => receipt;
    await submitReport(input, {}, ports);
    ports.newReceipt = newReceipt;

    await expect(submitReport(input, { idempotencyKey: KEY }, ports)).rejects.toBeInstanceOf(Conflict);
    expect(reports.reports.size).toBe(1);
  });

  it('stores one report for ten concurrent copies, all answered alike', async () => {
    const { ports, reports } = intakePorts();

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => submitReport(input, { idempotencyKey: KEY }, ports)),
    );

    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(reports.reports.size).toBe(1);
  });

  it('stores the report on a retry after a failed write, with the same answer', async () => {
    const { ports, reports } = intakePorts();
    reports.failing.add('put');
    await expect(submitReport(input, { idempotencyKey: KEY }, ports)).rejects.toThrow('store down');
    const storedAfterFailure = reports.reports.size;

    reports.failing.clear();
    const retry = await submitReport(input, { idempotencyKey: KEY }, ports);

    expect(storedAfterFailure).toBe(0);
    expect(retry.receipt).toBe(formatReceipt(await receiptOfKey(KEY)));
    expect([...reports.reports.keys()]).toEqual([retry.id]);
  });

  it('answers a write whose answer was lost from what the store holds', async () => {
    const { ports, reports } = intakePorts();
    reports.losingAnswers = true;

    const answer = await submitReport(input, { idempotencyKey: KEY }, ports);

    expect(answer.receipt).toBe(formatReceipt(await receiptOfKey(KEY)));
    expect([...reports.reports.keys()]).toEqual([answer.id]);
  });

  it('does not link to earlier reports: a key already says which posts are the same', async () => {
    const { ports, reports } = intakePorts();

    await submitReport(input, {}, ports);
    await submitReport(input, { idempotencyKey: KEY }, ports);

    expect([...reports.reports.values()].map((r) => r.duplicateOf)).toEqual([undefined, undefined]);
  });

  it('answers a replay even when the limiter refuses, and stores nothing new for a refused post', async () => {
    const { ports, reports } = intakePorts();
    const refuse = async () => {
      throw new RateLimited(30);
    };
    const first = await submitReport(input, { idempotencyKey: KEY }, ports);

    const replay = await submitReport(input, { idempotencyKey: KEY, admit: refuse }, ports);
    const refusedKeyed = await submitReport(
      { ...input, description: 'Bị giới hạn.' },
      { idempotencyKey: 'a3bb189e-8bf9-4888-9912-ace4e6543002', admit: refuse },
      ports,
    ).catch((e: unknown) => e);
    const refused = await submitReport(
      { ...input, description: 'Bị giới hạn.' },
      { admit: refuse },
      ports,
    ).catch((e: unknown) => e);

    expect(replay).toEqual(first);
    expect([refusedKeyed, refused].map((e) => e instanceof RateLimited)).toEqual([true, true]);
    expect([reports.reports.size, reports.slots.size]).toEqual([1, 0]);
  });

  it('gives concurrent copies carrying one proof of work the answer of the copy that spent it', async () => {
    const { ports, reports, slept } = intakePorts();
    let spent = false;
    const admit = async () => {
      if (spent) throw new ChallengeRequired();
      spent = true;
    };

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        submitReport(input, { idempotencyKey: KEY, admit, proofOffered: true }, ports),
      ),
    );

    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(reports.reports.size).toBe(1);
    expect(slept.length).toBeGreaterThan(0);
  });

  it('answers a form sent again after its token expired from the stored answer, and refuses a new one', async () => {
    const { ports, reports, slept } = intakePorts();
    const expired = async () => {
      throw new FormRefused('expired', { path: '/api/reports', idempotencyKey: KEY, formToken: 'fresh' });
    };
    const first = await submitReport(input, { idempotencyKey: KEY }, ports);

    const again = await submitReport(input, { idempotencyKey: KEY, admit: expired }, ports);
    const fresh = await submitReport(
      { ...input, description: 'Một biểu mẫu khác, quá hạn.' },
      { idempotencyKey: 'a3bb189e-8bf9-4888-9912-ace4e6543002', admit: expired },
      ports,
    ).catch((e: unknown) => e);

    expect(again).toEqual(first);
    expect(fresh).toBeInstanceOf(FormRefused);
    expect([slept, reports.reports.size]).toEqual([[], 1]);
  });

  it('answers challenge_required at once to a request without a proof', async () => {
    const { ports, reports, slept } = intakePorts();
    const admit = async () => {
      throw new ChallengeRequired();
    };

    const error = await submitReport(input, { idempotencyKey: KEY, admit }, ports).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ChallengeRequired);
    expect([slept, reports.reports.size]).toEqual([[], 0]);
  });
});
