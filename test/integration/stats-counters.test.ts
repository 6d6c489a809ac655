import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../functions/shared/log';
import type { Store } from '../../functions/shared/store/client';
import { coalescingCounters, countersOfPlace, dynamoStatsRecorder } from '../../functions/stats/store';
import { testStore } from '../support/store';

type Command = { constructor: { name: string }; input: { Key?: { pk?: string; sk?: string } } };

/** A store whose sends are recorded (`Update STATS#QN MONTH#2025-03`); `fail` may refuse or hang one. */
function watchedStore(fail: (call: number) => 'refuse' | 'hang' | undefined = () => undefined) {
  const store: Store = testStore();
  const sends: string[] = [];
  const original = store.doc.send.bind(store.doc) as (command: unknown) => Promise<unknown>;
  vi.spyOn(store.doc, 'send').mockImplementation(((command: Command) => {
    sends.push(
      `${command.constructor.name.replace('Command', '')} ${command.input.Key?.pk} ${command.input.Key?.sk}`,
    );
    const what = fail(sends.length);
    if (what === 'hang') return new Promise(() => undefined);
    if (what === 'refuse')
      return Promise.reject(
        Object.assign(new Error('down'), { name: 'InternalServerError', $fault: 'server' }),
      );
    return original(command);
  }) as never);
  return { store, sends };
}

afterEach(() => vi.restoreAllMocks());

/** A place's counters for a month, read with a client of its own (not the one watched). */
const counts = async (area: string, month: string) =>
  (await countersOfPlace(testStore(), area, month, month)).get(month) ?? {};

describe('coalescingCounters (DynamoDB)', () => {
  it('lands 50 concurrent counts for one place as 50, in fewer than 50 writes', async () => {
    const { store, sends } = watchedStore();
    const add = coalescingCounters(store);

    await Promise.all(Array.from({ length: 50 }, () => add('C-ONE', '2025-03', { 'in#theft': 1 })));

    const writes = sends.filter((s) => s === 'Update STATS#C-ONE MONTH#2025-03');
    expect(await counts('C-ONE', '2025-03')).toEqual({ 'in#theft': 50 });
    expect(writes.length).toBeLessThan(50);
    // The first goes alone; the 49 that arrive while it is in flight go in the next one.
    expect(writes).toHaveLength(2);
  });

  it('keeps places, months and counters apart, each landing exactly', async () => {
    const { store } = watchedStore();
    const add = coalescingCounters(store);
    const work: Promise<void>[] = [];
    for (let n = 0; n < 60; n++) {
      const place = n % 2 ? 'C-TWO' : 'C-THREE';
      const month = n % 3 ? '2025-04' : '2025-05';
      work.push(add(place, month, n % 4 ? { dup: 1 } : { dup: 1, sms: 2 }));
    }

    await Promise.all(work);

    // n odd → C-TWO, even → C-THREE; n divisible by 3 → May; n divisible by 4 (even only) adds 2 SMS.
    expect({
      twoApril: await counts('C-TWO', '2025-04'),
      twoMay: await counts('C-TWO', '2025-05'),
      threeApril: await counts('C-THREE', '2025-04'),
      threeMay: await counts('C-THREE', '2025-05'),
    }).toEqual({
      twoApril: { dup: 20 },
      twoMay: { dup: 10 },
      threeApril: { dup: 20, sms: 20 },
      threeMay: { dup: 10, sms: 10 },
    });
  });

  it('loses only the counts its failed write carried, telling exactly their callers', async () => {
    const { store } = watchedStore((call) => (call === 1 ? 'refuse' : undefined));
    const add = coalescingCounters(store);

    const answers = await Promise.allSettled(
      Array.from({ length: 10 }, () => add('C-FOUR', '2025-03', { esc: 1 })),
    );

    expect(answers.map((a) => a.status)).toEqual(['rejected', ...Array(9).fill('fulfilled')]);
    expect(await counts('C-FOUR', '2025-03')).toEqual({ esc: 1 * 9 });
  });

  it('goes on past a write that never returns: later counts land, those merged behind it wait with it', async () => {
    const { store } = watchedStore((call) => (call === 1 ? 'hang' : undefined));
    const add = coalescingCounters(store, { staleAfterMs: 30 });
    const settled: string[] = [];

    void add('C-FIVE', '2025-03', { sms: 1 }).then(() => settled.push('hung'));
    void add('C-FIVE', '2025-03', { sms: 10 }).then(() => settled.push('behind'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await add('C-FIVE', '2025-03', { sms: 100 });

    expect({ settled, counts: await counts('C-FIVE', '2025-03') }).toEqual({
      settled: [],
      counts: { sms: 100 },
    });
  });
});

describe('dynamoStatsRecorder (DynamoDB)', () => {
  it("counts a dispatched report's arrival and SMS in every place up the tree, each place's item written once", async () => {
    const { store, sends } = watchedStore();
    const stats = dynamoStatsRecorder(store, 'Asia/Ho_Chi_Minh');
    const report = {
      id: 'r1',
      area: 'R-GROUP',
      ancestors: ['R-PROVINCE', 'R-WARD'],
      category: 'theft',
      createdAt: '2025-03-31T18:00:00.000Z',
    };

    await stats.dispatched(report, 2);

    // 18:00 UTC on 31 March is 1 April in Vietnam.
    expect({
      province: await counts('R-PROVINCE', '2025-04'),
      ward: await counts('R-WARD', '2025-04'),
      group: await counts('R-GROUP', '2025-04'),
      sends: sends.sort(),
    }).toEqual({
      province: { 'in#theft': 1, 'ch#R-WARD': 1, sms: 2 },
      ward: { 'in#theft': 1, 'ch#R-GROUP': 1, sms: 2 },
      group: { 'in#theft': 1, sms: 2 },
      sends: [
        'Update STATS#R-GROUP MONTH#2025-04',
        'Update STATS#R-PROVINCE MONTH#2025-04',
        'Update STATS#R-WARD MONTH#2025-04',
      ],
    });
  });

  it('logs a count it could not write, once, and answers all the same', async () => {
    const { store } = watchedStore(() => 'refuse');
    const stats = dynamoStatsRecorder(store, 'Asia/Ho_Chi_Minh');
    const report = {
      id: 'r2',
      area: 'R-LOST',
      ancestors: ['R-UP'],
      category: 'noise',
      createdAt: '2025-03-02T00:00:00Z',
    };
    const logged: string[] = [];
    setLogSink((line) => logged.push(line), 'warn');

    const answer = await stats
      .dispatched(report, 1)
      .finally(() => setLogSink((line) => process.stdout.write(`${line}\n`), 'info'));

    expect(answer).toBeUndefined();
    expect(logged.map((line) => JSON.parse(line)).map(({ time: _t, ...rest }) => rest)).toEqual([
      {
        level: 'error',
        message: 'stats count lost',
        event: 'dispatched',
        reportId: 'r2',
        error: 'InternalServerError',
      },
    ]);
    expect(await counts('R-LOST', '2025-03')).toEqual({});
  });
});
