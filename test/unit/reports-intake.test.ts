import { describe, expect, it } from 'vitest';
import { replayedReport, submitReport } from '../../functions/reports/intake';
import type { ReportInput } from '../../functions/reports/schema';
import { Conflict, InvalidInput, RateLimited } from '../../functions/shared/errors';
import { receiptDigest } from '../../functions/shared/receipts';
import { fixedSecrets, intakePorts } from './reports-fakes';

const KEY = '5f0c2a9e-7b1d-4e3f-8a26-c4d9e1b07f35';
const input: ReportInput = {
  area: 'QN-UB-T5',
  category: 'theft',
  description: 'Xe máy bị lấy trộm trước cửa nhà số 12.',
};

describe('submitReport', () => {
  it('stores the report with its receipt, in the dispatch queue, and answers id and receipt', async () => {
    const { ports, reports } = intakePorts();

    const answer = await submitReport(
      { ...input, occurredAt: '2025-03-12T13:30:00+07:00', place: 'Ngõ 3' },
      {},
      ports,
    );

    expect(answer).toEqual({ id: 'r000000000000001', receipt: 'RCPT-0000-0000-0001', status: 'received' });
    expect([...reports.reports.values()]).toEqual([
      {
        id: 'r000000000000001',
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
    const digest = receiptDigest(await fixedSecrets().key('receipt'), 'rcpt 0000 0000 0001');
    expect([...reports.receipts.entries()]).toEqual([[digest, { kind: 'report', id: 'r000000000000001' }]]);
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
    expect([reports.reports.size, reports.receipts.size, reports.slots.size]).toEqual([0, 0, 0]);
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
    const { ports, reports, idempotency } = intakePorts();

    const answer = await submitReport(
      { ...input, website: 'http://spam.example' },
      { idempotencyKey: KEY },
      ports,
    );

    expect(answer).toEqual({ id: 'r000000000000001', receipt: 'RCPT-0000-0000-0001', status: 'received' });
    expect([reports.reports.size, reports.receipts.size, idempotency.records.size]).toEqual([0, 0, 0]);
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
      ['r000000000000001', undefined],
      ['r000000000000002', 'r000000000000001'],
      ['r000000000000003', undefined],
      ['r000000000000004', undefined],
    ]);
  });

  it('undoes the receipt and the duplicate slot when the report cannot be written', async () => {
    const { ports, reports } = intakePorts();
    reports.failing.add('putReport');

    await expect(submitReport(input, {}, ports)).rejects.toThrow('store down');

    expect([reports.reports.size, reports.receipts.size, reports.slots.size]).toEqual([0, 0, 0]);
  });
});

describe('submitReport with an idempotency key', () => {
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
    expect([reports.reports.size, reports.receipts.size]).toEqual([1, 1]);
  });

  it('refuses the same key with another body', async () => {
    const { ports } = intakePorts();
    await submitReport(input, { idempotencyKey: KEY }, ports);

    await expect(
      submitReport({ ...input, description: 'Một nội dung khác.' }, { idempotencyKey: KEY }, ports),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it('stores one report for ten concurrent copies, all answered alike', async () => {
    const { ports, reports } = intakePorts();

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => submitReport(input, { idempotencyKey: KEY }, ports)),
    );

    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect([reports.reports.size, reports.receipts.size]).toEqual([1, 1]);
  });

  it('takes its promise back when the report cannot be written, so that a retry stores it', async () => {
    const { ports, reports, idempotency } = intakePorts();
    reports.failing.add('putReport');
    await expect(submitReport(input, { idempotencyKey: KEY }, ports)).rejects.toThrow('store down');
    const leftAfterFailure = [reports.receipts.size, idempotency.records.size];

    reports.failing.clear();
    const retry = await submitReport(input, { idempotencyKey: KEY }, ports);

    expect(leftAfterFailure).toEqual([0, 0]);
    expect(retry.status).toBe('received');
    expect([...reports.reports.keys()]).toEqual([retry.id]);
  });

  it('does not link to earlier reports: a key already says which posts are the same', async () => {
    const { ports, reports } = intakePorts();

    await submitReport(input, {}, ports);
    await submitReport(input, { idempotencyKey: KEY }, ports);

    expect([...reports.reports.values()].map((r) => r.duplicateOf)).toEqual([undefined, undefined]);
  });

  it('lets a limiter find the answer a replay will get, before anything is stored or counted', async () => {
    const { ports, idempotency } = intakePorts();
    const before = await replayedReport(input, KEY, ports);
    const first = await submitReport(input, { idempotencyKey: KEY }, ports);

    const replay = await replayedReport({ ...input, contact: {} }, KEY, ports);

    expect([before, replay, idempotency.records.size]).toEqual([undefined, first, 1]);
    await expect(replayedReport({ ...input, place: 'khác' }, KEY, ports)).rejects.toBeInstanceOf(Conflict);
  });

  it('asks the limiter before storing anything new, but never for a replay', async () => {
    const { ports, reports } = intakePorts();
    let asked = 0;
    const admit = async () => {
      asked++;
    };
    const refuse = async () => {
      throw new RateLimited(30);
    };

    await submitReport(input, { idempotencyKey: KEY, admit }, ports);
    await submitReport(input, { idempotencyKey: KEY, admit: refuse }, ports);
    await submitReport({ ...input, description: 'Không có khóa chống trùng.' }, { admit }, ports);
    const refused = await submitReport(
      { ...input, description: 'Bị giới hạn.' },
      { admit: refuse },
      ports,
    ).catch((e: unknown) => e);

    expect(asked).toBe(2);
    expect(refused).toBeInstanceOf(RateLimited);
    expect(reports.reports.size).toBe(2);
  });
});
