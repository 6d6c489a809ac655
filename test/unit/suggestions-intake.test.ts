import { describe, expect, it } from 'vitest';
import { ChallengeRequired, Conflict, InvalidInput, RateLimited } from '../../functions/shared/errors';
import { receiptDigest } from '../../functions/shared/receipts';
import { submitSuggestion } from '../../functions/suggestions/intake';
import { intakePorts } from './suggestions-fakes';

const valid = {
  box: 'G-QT5A',
  text: 'Đèn đường ngõ 3 bị hỏng đã hai tuần.',
  topic: 'public_services' as const,
};
const KEY = '3d9a4f1e-6c2b-4e8d-9f70-1a2b3c4d5e6f';

describe('submitSuggestion', () => {
  it('stores an anonymous online suggestion filed under its box, its place and its commune, with its receipt', async () => {
    const { ports, suggestions, receipts } = intakePorts();

    const answer = await submitSuggestion(valid, {}, ports);

    expect(answer).toEqual({ id: 's000000000000001', receipt: 'RCPT-0000-0000-0001', status: 'received' });
    expect([...suggestions.items.values()]).toEqual([
      {
        id: 's000000000000001',
        kind: 'online',
        box: 'G-QT5A',
        boxName: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
        area: 'UONG-BI-QT5A',
        ancestors: ['QN', 'UONG-BI'],
        commune: 'UONG-BI',
        text: valid.text,
        topic: 'public_services',
        status: 'received',
        createdAt: '2025-03-12T07:00:00.000Z',
        replies: [],
      },
    ]);
    const digest = receiptDigest(await ports.secrets.key('receipt'), 'RCPT000000000001');
    expect([...receipts.refs.entries()]).toEqual([[digest, { kind: 'suggestion', id: 's000000000000001' }]]);
    expect(Object.fromEntries(suggestions.tallies)).toEqual({ 'G-QT5A': { received: 1, online: 1 } });
  });

  it('answers a filled honeypot like a success, and stores nothing', async () => {
    const { ports, suggestions, receipts } = intakePorts();

    const answer = await submitSuggestion({ ...valid, website: 'http://spam.example' }, {}, ports);

    expect(answer).toEqual({ id: 's000000000000001', receipt: 'RCPT-0000-0000-0001', status: 'received' });
    expect([suggestions.items.size, receipts.refs.size, suggestions.tallies.size]).toEqual([0, 0, 0]);
  });

  it('refuses a box that does not exist, naming the field', async () => {
    const { ports, suggestions } = intakePorts();

    const error = await submitSuggestion({ ...valid, box: 'G-NOPE' }, {}, ports).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).fields).toEqual({ box: { key: 'field.unknown_box' } });
    expect(suggestions.items.size).toBe(0);
  });

  it('answers the first answer again for the same key and body, and Conflict for another body', async () => {
    const { ports, suggestions } = intakePorts();

    const first = await submitSuggestion(valid, { idempotencyKey: KEY }, ports);
    const again = await submitSuggestion({ ...valid }, { idempotencyKey: KEY }, ports);
    const other = await submitSuggestion({ ...valid, topic: 'other' }, { idempotencyKey: KEY }, ports).catch(
      (e: unknown) => e,
    );

    expect(again).toEqual(first);
    expect(other).toBeInstanceOf(Conflict);
    expect(suggestions.items.size).toBe(1);
    expect(suggestions.tallies.get('G-QT5A')).toEqual({ received: 1, online: 1 });
  });

  it('answers a replay before the guard, which refuses only new answers', async () => {
    const { ports } = intakePorts();
    const first = await submitSuggestion(valid, { idempotencyKey: KEY }, ports);
    const refuse = async () => {
      throw new RateLimited(30);
    };

    const replay = await submitSuggestion(valid, { idempotencyKey: KEY, admit: refuse }, ports);
    const fresh = await submitSuggestion(
      valid,
      { idempotencyKey: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f', admit: refuse },
      ports,
    ).catch((e: unknown) => e);
    const keyless = await submitSuggestion(valid, { admit: refuse }, ports).catch((e: unknown) => e);

    expect(replay).toEqual(first);
    expect([fresh, keyless].map((e) => (e as Error).name)).toEqual(['RateLimited', 'RateLimited']);
  });

  it('gives concurrent copies carrying one proof of work the answer of the copy that spent it', async () => {
    const { ports, suggestions, slept } = intakePorts();
    let spent = false;
    const admit = async () => {
      if (spent) throw new ChallengeRequired();
      spent = true;
    };

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        submitSuggestion(valid, { idempotencyKey: KEY, admit, proofOffered: true }, ports),
      ),
    );

    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(suggestions.items.size).toBe(1);
    expect(slept.length).toBeGreaterThan(0);
  });

  it('answers challenge_required at once to a request without a proof', async () => {
    const { ports, slept } = intakePorts();
    const admit = async () => {
      throw new ChallengeRequired();
    };

    const error = await submitSuggestion(valid, { idempotencyKey: KEY, admit }, ports).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ChallengeRequired);
    expect(slept).toEqual([]);
  });

  it('takes back the receipt and the idempotency record when the suggestion cannot be stored', async () => {
    const { ports, suggestions, receipts, idempotency } = intakePorts();
    suggestions.failing.add('put');

    const error = await submitSuggestion(valid, { idempotencyKey: KEY }, ports).catch((e: unknown) => e);

    expect((error as Error).name).toBe('InternalServerError');
    expect([receipts.refs.size, idempotency.records.size, suggestions.items.size]).toEqual([0, 0, 0]);
  });

  it('still answers when only the counters cannot be updated', async () => {
    const { ports, suggestions } = intakePorts();
    suggestions.failing.add('tally');

    const answer = await submitSuggestion(valid, {}, ports);

    expect(answer.status).toBe('received');
    expect(suggestions.items.size).toBe(1);
  });
});
