import { describe, expect, it } from 'vitest';
import { ChallengeRequired, Conflict, InvalidInput, RateLimited } from '../../functions/shared/errors';
import { formatReceipt, idForReceipt, receiptForKey } from '../../functions/shared/receipts';
import { submitSuggestion } from '../../functions/suggestions/submit';
import { fixedSecrets } from './reports-fakes';
import { intakePorts } from './suggestions-fakes';

/** The id a receipt names (shared/receipts.ts), under the fakes' fixed secret. */
const idOf = async (receipt: string) =>
  idForReceipt(await fixedSecrets().key('receipt'), 'suggestion', receipt);

const valid = {
  box: 'G-QT5A',
  text: 'Đèn đường ngõ 3 bị hỏng đã hai tuần.',
  topic: 'public_services' as const,
};
const KEY = '3d9a4f1e-6c2b-4e8d-9f70-1a2b3c4d5e6f';

describe('submitSuggestion', () => {
  it('stores an anonymous online suggestion filed under its box, its place and its commune, under the id its receipt names', async () => {
    const { ports, suggestions } = intakePorts();
    const id = await idOf('RCPT000000000001');

    const answer = await submitSuggestion(valid, {}, ports);

    expect(answer).toEqual({ id, receipt: 'RCPT-0000-0000-0001', status: 'received' });
    expect([...suggestions.items.values()]).toEqual([
      {
        id,
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
    expect(Object.fromEntries(suggestions.tallies)).toEqual({ 'G-QT5A': { received: 1, online: 1 } });
  });

  it('answers a filled honeypot like a success, and stores nothing', async () => {
    const { ports, suggestions } = intakePorts();

    const answer = await submitSuggestion({ ...valid, website: 'http://spam.example' }, {}, ports);

    expect(answer).toEqual({
      id: await idOf('RCPT000000000001'),
      receipt: 'RCPT-0000-0000-0001',
      status: 'received',
    });
    expect([suggestions.items.size, suggestions.tallies.size]).toEqual([0, 0]);
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
    const receipt = receiptForKey(await fixedSecrets().key('idempotency-key'), 'suggestions', KEY);

    const first = await submitSuggestion(valid, { idempotencyKey: KEY }, ports);
    const again = await submitSuggestion({ ...valid }, { idempotencyKey: KEY }, ports);
    const other = await submitSuggestion({ ...valid, topic: 'other' }, { idempotencyKey: KEY }, ports).catch(
      (e: unknown) => e,
    );

    expect(first).toEqual({ id: await idOf(receipt), receipt: formatReceipt(receipt), status: 'received' });
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

  it('leaves nothing when the suggestion cannot be stored, and stores it on a retry with the same answer', async () => {
    const { ports, suggestions } = intakePorts();
    suggestions.failing.add('put');

    const error = await submitSuggestion(valid, { idempotencyKey: KEY }, ports).catch((e: unknown) => e);
    const storedAfterFailure = [suggestions.items.size, suggestions.tallies.size];
    suggestions.failing.clear();
    const retry = await submitSuggestion(valid, { idempotencyKey: KEY }, ports);

    expect((error as Error).name).toBe('InternalServerError');
    expect(storedAfterFailure).toEqual([0, 0]);
    expect([...suggestions.items.keys()]).toEqual([retry.id]);
  });

  it('still answers when only the counters cannot be updated', async () => {
    const { ports, suggestions } = intakePorts();
    suggestions.failing.add('tally');

    const answer = await submitSuggestion(valid, {}, ports);

    expect(answer.status).toBe('received');
    expect(suggestions.items.size).toBe(1);
  });
});
