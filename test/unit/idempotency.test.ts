import { describe, expect, it } from 'vitest';
import { Conflict } from '../../functions/shared/errors';
import { canonicalJson, rememberAnswer, seal, unseal } from '../../functions/shared/idempotency';
import { fixedSecrets, MemoryIdempotency, mutableClock } from './reports-fakes';

const KEY = '0b7e3c1a-8d4f-4c2b-9a61-2f1e5d7c9b30';

function setup() {
  const idempotency = new MemoryIdempotency();
  const clock = mutableClock('2025-03-12T07:00:00.000Z');
  return { ports: { idempotency, secrets: fixedSecrets(), clock }, idempotency, clock };
}

describe('rememberAnswer', () => {
  it('records the proposed answer the first time and gives it back for the same key and body', async () => {
    const { ports } = setup();
    let proposals = 0;
    const propose = () => ({ id: `id-${++proposals}`, receipt: 'SECRETRECEIPT001' });

    const first = await rememberAnswer(
      ports,
      { scope: 'reports', key: KEY, body: { a: 1, b: 'x' } },
      propose,
    );
    const again = await rememberAnswer(
      ports,
      { scope: 'reports', key: KEY, body: { b: 'x', a: 1 } },
      propose,
    );

    expect({ answer: first.answer, replay: first.replay }).toEqual({
      answer: { id: 'id-1', receipt: 'SECRETRECEIPT001' },
      replay: false,
    });
    expect({ answer: again.answer, replay: again.replay }).toEqual({
      answer: { id: 'id-1', receipt: 'SECRETRECEIPT001' },
      replay: true,
    });
  });

  it('refuses the same key with another body', async () => {
    const { ports } = setup();
    await rememberAnswer(ports, { scope: 'reports', key: KEY, body: { a: 1 } }, () => ({ id: 'x' }));

    const error = await rememberAnswer(ports, { scope: 'reports', key: KEY, body: { a: 2 } }, () => ({
      id: 'y',
    })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).messageKey).toBe('error.idempotency_conflict');
  });

  it('keeps scopes apart: the same key may serve a report and a suggestion', async () => {
    const { ports } = setup();
    const report = await rememberAnswer(ports, { scope: 'reports', key: KEY, body: {} }, () => ({ id: 'r' }));
    const suggestion = await rememberAnswer(
      ports,
      { scope: 'suggestions', key: KEY, body: { other: true } },
      () => ({
        id: 's',
      }),
    );

    expect([report.answer, suggestion.answer, suggestion.replay]).toEqual([{ id: 'r' }, { id: 's' }, false]);
  });

  it('forgets a key after 24 hours', async () => {
    const { ports, clock } = setup();
    await rememberAnswer(ports, { scope: 'reports', key: KEY, body: {} }, () => ({ id: 'old' }));

    clock.advance(24 * 60 - 1);
    const within = await rememberAnswer(ports, { scope: 'reports', key: KEY, body: {} }, () => ({
      id: 'new',
    }));
    clock.advance(2);
    const after = await rememberAnswer(ports, { scope: 'reports', key: KEY, body: {} }, () => ({
      id: 'new',
    }));

    expect([within.answer, after.answer, after.replay]).toEqual([{ id: 'old' }, { id: 'new' }, false]);
  });

  it('stores neither the key, nor the body, nor the answer in plain form', async () => {
    const { ports, idempotency } = setup();
    await rememberAnswer(ports, { scope: 'reports', key: KEY, body: { text: 'Trộm xe máy' } }, () => ({
      receipt: '7KQ2M9XD4HTCW8RB',
    }));

    const stored = JSON.stringify([...idempotency.records.entries()]);
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain('Trộm');
    expect(stored).not.toContain('7KQ2M9XD4HTCW8RB');
  });

  it('lets the request that made the promise take it back, and nobody else', async () => {
    const { ports, idempotency } = setup();
    const first = await rememberAnswer(ports, { scope: 'reports', key: KEY, body: {} }, () => ({ id: 'a' }));
    const replay = await rememberAnswer(ports, { scope: 'reports', key: KEY, body: {} }, () => ({ id: 'b' }));

    await replay.release();
    const afterReplayRelease = idempotency.records.size;
    await first.release();

    expect([afterReplayRelease, idempotency.records.size]).toEqual([1, 0]);
  });
});

describe('sealing', () => {
  it('opens only under the same key and record id', () => {
    const key = Buffer.alloc(32, 3);
    const sealed = seal(key, 'reports#abc', '{"receipt":"X"}');

    expect(unseal(key, 'reports#abc', sealed)).toBe('{"receipt":"X"}');
    expect(() => unseal(key, 'reports#other', sealed)).toThrow();
    expect(() => unseal(Buffer.alloc(32, 4), 'reports#abc', sealed)).toThrow();
  });

  it('writes canonical JSON with keys sorted at every depth and undefined left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });
});
