import { describe, expect, it } from 'vitest';
import { coalescing, type Outcome } from '../../functions/shared/coalesce';

/** A write whose calls are recorded and finished by hand, one at a time. */
function manualWrites() {
  const calls: { key: string; inputs: number[]; finish(fail?: Error): void }[] = [];
  const write = (key: string, inputs: number[]) =>
    new Promise<Outcome<number>[]>((resolve, reject) => {
      calls.push({
        key,
        inputs,
        finish: (fail) => (fail ? reject(fail) : resolve(inputs.map((n) => ({ ok: true, value: n * 10 })))),
      });
    });
  return { calls, write };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('coalescing', () => {
  it('writes an idle key at once, and merges everything that arrives meanwhile into one next write', async () => {
    const { calls, write } = manualWrites();
    const add = coalescing(write);

    const answers = [1, 2, 3, 4].map((n) => add('k', n));
    await tick();
    const whileFirst = calls.map((c) => c.inputs);
    calls[0]?.finish();
    await tick();
    calls[1]?.finish();

    expect({ whileFirst, writes: calls.map((c) => c.inputs), answers: await Promise.all(answers) }).toEqual({
      whileFirst: [[1]],
      writes: [[1], [2, 3, 4]],
      answers: [10, 20, 30, 40],
    });
  });

  it('keeps keys apart: another key is written at once, beside the one in flight', async () => {
    const { calls, write } = manualWrites();
    const add = coalescing(write);

    const answers = [add('a', 1), add('b', 2), add('a', 3)];
    await tick();
    const inFlight = calls.map((c) => [c.key, c.inputs]);
    for (const call of calls) call.finish();
    await tick();
    for (const call of calls.slice(2)) call.finish();

    expect({ inFlight, answers: await Promise.all(answers) }).toEqual({
      inFlight: [
        ['a', [1]],
        ['b', [2]],
      ],
      answers: [10, 20, 30],
    });
  });

  it('fails exactly the callers whose write failed, and goes on with the next write', async () => {
    const { calls, write } = manualWrites();
    const add = coalescing(write);

    const answers = [1, 2, 3].map((n) => add('k', n).catch((error: Error) => error.message));
    await tick();
    calls[0]?.finish(new Error('down'));
    await tick();
    calls[1]?.finish();

    expect(await Promise.all(answers)).toEqual(['down', 20, 30]);
  });

  it('gives each caller its own outcome from a write that answers some and fails others', async () => {
    const add = coalescing<number, number>(async (_key, inputs) =>
      inputs.map((n) => (n % 2 ? { ok: true, value: n } : { ok: false, error: new Error(`no ${n}`) })),
    );

    const answers = await Promise.allSettled([1, 2, 3].map((n) => add('k', n)));

    expect(answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message))).toEqual([
      1,
      'no 2',
      3,
    ]);
  });

  it('lets callers past a write in flight for longer than staleAfterMs, while those merged behind it wait for it', async () => {
    const { calls, write } = manualWrites();
    let now = 0;
    const add = coalescing(write, { staleAfterMs: 50, now: () => now });

    const first = add('k', 1);
    const behind = add('k', 2);
    now = 51;
    const past = add('k', 3);
    await tick();
    const writesBeforeFirstEnds = calls.map((c) => c.inputs);
    calls[1]?.finish();
    const pastAnswer = await past;
    calls[0]?.finish();
    await tick();
    calls[2]?.finish();

    expect({
      writesBeforeFirstEnds,
      pastAnswer,
      rest: await Promise.all([first, behind]),
      writes: calls.map((c) => c.inputs),
    }).toEqual({
      writesBeforeFirstEnds: [[1], [3]],
      pastAnswer: 30,
      rest: [10, 20],
      writes: [[1], [3], [2]],
    });
  });
});
