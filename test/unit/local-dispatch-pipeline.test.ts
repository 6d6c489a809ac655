import { afterEach, describe, expect, it } from 'vitest';
import {
  DispatchPipeline,
  type DispatchQueue,
  type PipelineOptions,
} from '../../infra/local/dispatch-pipeline';

/** A promise and the hand that settles it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * The dispatch queue in memory: `pending` lists what is queued, high urgency (`high`) first, then
 * oldest (or waits for the test when `nextPoll` is set); each dispatch waits until the test finishes
 * it, and takes the report out of the queue when it succeeds. Every start is recorded, and the most
 * runs of one report at once; every urgency read too.
 */
class HeldQueue implements DispatchQueue {
  queued: string[] = [];
  readonly high = new Set<string>();
  started: string[] = [];
  polls = 0;
  highOnlyPolls = 0;
  reads: string[] = [];
  nextPoll: ReturnType<typeof deferred<string[]>> | undefined;
  readonly mostAtOnce = new Map<string, number>();
  private readonly holds = new Map<string, ReturnType<typeof deferred<boolean>>[]>();

  async pending(limit: number, highOnly: boolean): Promise<{ id: string; high: boolean }[]> {
    this.polls++;
    if (highOnly) this.highOnlyPolls++;
    const held = this.nextPoll;
    this.nextPoll = undefined;
    const ids = held
      ? await held.promise
      : [...this.queued.filter((id) => this.high.has(id)), ...this.queued.filter((id) => !this.high.has(id))];
    return ids
      .map((id) => ({ id, high: this.high.has(id) }))
      .filter((listed) => !highOnly || listed.high)
      .slice(0, limit);
  }

  async isHigh(id: string): Promise<boolean> {
    this.reads.push(id);
    return this.high.has(id);
  }

  async dispatch(id: string): Promise<boolean> {
    this.started.push(id);
    const hold = deferred<boolean>();
    const holds = [...(this.holds.get(id) ?? []), hold];
    this.holds.set(id, holds);
    this.mostAtOnce.set(id, Math.max(this.mostAtOnce.get(id) ?? 0, holds.length));
    const ok = await hold.promise.finally(() =>
      this.holds.set(
        id,
        (this.holds.get(id) ?? []).filter((other) => other !== hold),
      ),
    );
    if (ok) this.queued = this.queued.filter((queued) => queued !== id);
    return ok;
  }

  get running(): string[] {
    return [...this.holds].filter(([, holds]) => holds.length > 0).map(([id]) => id);
  }

  finish(id: string, outcome: 'ok' | 'fail' = 'ok'): void {
    const hold = this.holds.get(id)?.[0];
    if (!hold) throw new Error(`${id} is not running`);
    if (outcome === 'ok') hold.resolve(true);
    else hold.reject(new Error('store down'));
  }
}

/** Lets promise callbacks and due timers run. */
const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await settle(2);
  }
}

const made: { pipeline: DispatchPipeline; queue: HeldQueue }[] = [];
function pipeline(queue: HeldQueue, options: Partial<PipelineOptions> = {}): DispatchPipeline {
  const one = new DispatchPipeline(queue, {
    maxInFlight: 4,
    pollEveryMs: 60_000,
    retryAfterMs: 60_000,
    ...options,
  });
  made.push({ pipeline: one, queue });
  return one;
}

afterEach(async () => {
  for (const { pipeline, queue } of made.splice(0)) {
    const stopped = pipeline.stop();
    for (const id of queue.running) queue.finish(id);
    await stopped;
  }
});

describe('DispatchPipeline', () => {
  it('starts a nudged report at once, without waiting for the next poll', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue);
    await settle();

    queue.queued.push('r1');
    dispatcher.nudge('r1');

    expect(queue.started).toEqual(['r1']);
    expect(queue.polls).toBe(1);
  });

  it('finds a report no nudge named on a poll', async () => {
    const queue = new HeldQueue();
    pipeline(queue, { pollEveryMs: 10 });
    await settle();

    queue.queued.push('written-by-hand');
    await until(() => queue.started.length > 0);

    expect(queue.started).toEqual(['written-by-hand']);
  });

  it('starts a new report while earlier ones are still being dispatched', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue);
    await settle();

    dispatcher.nudge('r1');
    dispatcher.nudge('r2');
    queue.finish('r1');
    await settle();
    dispatcher.nudge('r3');

    expect(queue.started).toEqual(['r1', 'r2', 'r3']);
    expect(queue.running).toEqual(['r2', 'r3']);
  });

  it('never runs one report twice at once, whether nudged again or listed by a poll', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { pollEveryMs: 5 });
    await settle();

    queue.queued.push('r1');
    dispatcher.nudge('r1');
    dispatcher.nudge('r1');
    await until(() => queue.polls >= 4);
    dispatcher.nudge('r1');

    expect(queue.started).toEqual(['r1']);
    expect(queue.mostAtOnce.get('r1')).toBe(1);
  });

  it('does not start again a report that finished while a poll listing it was out', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue);
    await settle();
    queue.queued.push('r1');
    dispatcher.nudge('r1');

    const poll = deferred<string[]>();
    queue.nextPoll = poll;
    dispatcher.nudge(); // a stored report the gateway could not name: poll now
    await settle();
    queue.finish('r1');
    await settle();
    poll.resolve(['r1']);
    await settle();

    expect(queue.started).toEqual(['r1']);
  });

  it('keeps at most maxInFlight going and starts the next waiting one as soon as a slot frees', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { maxInFlight: 2 });
    await settle();

    for (const id of ['r1', 'r2', 'r3', 'r4']) dispatcher.nudge(id);
    const whileFull = [...queue.started];
    queue.finish('r2');
    await settle();

    expect(whileFull).toEqual(['r1', 'r2']);
    expect(queue.started).toEqual(['r1', 'r2', 'r3']);
    expect(dispatcher.inFlightCount).toBe(2);
  });

  it('when paused, starts nothing, answers once the dispatches under way are done, and catches up on resume', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { pollEveryMs: 5 });
    await settle();
    queue.queued.push('r1');
    dispatcher.nudge('r1');

    let paused = false;
    const pausing = dispatcher.pause().then(() => {
      paused = true;
    });
    queue.queued.push('r2', 'r3');
    dispatcher.nudge('r2');
    await settle(30);
    const pausedBeforeR1Finished = paused;
    queue.finish('r1');
    await pausing;
    await settle(30);
    const startedWhilePaused = [...queue.started];
    dispatcher.resume();
    await until(() => queue.started.length === 3);

    expect(pausedBeforeR1Finished).toBe(false);
    expect(startedWhilePaused).toEqual(['r1']);
    expect(queue.started).toEqual(['r1', 'r2', 'r3']);
  });

  it('while paused, reads nothing for a nudged report: on resume its poll lists the queue most urgent first', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { pollEveryMs: 1_000 });
    await settle();
    await dispatcher.pause();
    queue.queued.push('n1', 'n2', 'h1');
    queue.high.add('h1');
    for (const id of ['n1', 'n2', 'h1']) dispatcher.nudge(id);
    await settle(30);
    const whilePaused = { reads: [...queue.reads], started: [...queue.started] };

    dispatcher.resume();
    await until(() => queue.started.length === 3);

    expect(whilePaused).toEqual({ reads: [], started: [] });
    expect(queue.started).toEqual(['h1', 'n1', 'n2']);
    expect(queue.reads).toEqual([]);
  });

  it('stop() resolves only when the dispatches in flight have finished, and nothing starts after it', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { pollEveryMs: 5 });
    await settle();
    dispatcher.nudge('r1');

    let stopped = false;
    const stopping = dispatcher.stop().then(() => {
      stopped = true;
    });
    dispatcher.nudge('r2');
    queue.queued.push('r3');
    await settle(30);
    const stoppedEarly = stopped;
    queue.finish('r1');
    await stopping;

    expect(stoppedEarly).toBe(false);
    expect(queue.started).toEqual(['r1']);
  });

  it('leaves a report whose dispatch failed to a poll after retryAfterMs', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { pollEveryMs: 5, retryAfterMs: 1_000 });
    await settle();
    queue.queued.push('r1');
    dispatcher.nudge('r1');

    queue.finish('r1', 'fail');
    await settle(50);
    const soonAfter = [...queue.started];
    await until(() => queue.started.length === 2);

    expect(soonAfter).toEqual(['r1']);
    expect(queue.started).toEqual(['r1', 'r1']);
  });

  it('starts a high-urgency report nudged behind many normal ones at once, in a slot kept for it', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { maxInFlight: 4, reservedForHigh: 1 });
    await settle();
    const normal = Array.from({ length: 20 }, (_, i) => `n${i + 1}`);
    queue.queued.push(...normal, 'urgent');
    queue.high.add('urgent');

    for (const id of normal) dispatcher.nudge(id);
    dispatcher.nudge('urgent');
    await settle();

    // Three normal ones took the unkept slots; the rest wait, the urgent one does not.
    expect(queue.started).toEqual(['n1', 'n2', 'n3', 'urgent']);
    // Its urgency was read because it had to wait for a slot; the normal ones' too, never a started one's.
    expect(queue.reads).not.toContain('n1');
    expect(queue.reads).toContain('urgent');
  });

  it('with every slot taken, starts a nudged high-urgency report in the next free slot, before normal ones nudged earlier', async () => {
    const queue = new HeldQueue();
    // No flood rule here (two slots): the order alone is under test.
    const dispatcher = pipeline(queue, { maxInFlight: 2, reservedForHigh: 0, floodSlots: 2 });
    await settle();
    queue.high.add('urgent');
    for (const id of ['n1', 'n2', 'n3', 'n4', 'n5']) dispatcher.nudge(id);
    dispatcher.nudge('urgent');
    await settle();

    queue.finish('n1');
    await settle();
    queue.finish('n2');
    await settle();

    expect(queue.started).toEqual(['n1', 'n2', 'urgent', 'n3']);
  });

  it('under a flood (more normal reports waiting than slots) runs only an eighth of the slots with normal ones', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { maxInFlight: 16, reservedForHigh: 2 });
    await settle();
    const normal = Array.from({ length: 40 }, (_, i) => `n${i + 1}`);
    for (const id of normal) dispatcher.nudge(id, false);
    const beforeTheFlood = queue.started.length;
    // 26 normal reports wait: as the first fourteen finish, only two at a time start again.
    for (const id of normal.slice(0, 14)) queue.finish(id);
    await settle();

    expect({ beforeTheFlood, whileFlooded: dispatcher.inFlightCount, started: queue.started.length }).toEqual(
      {
        beforeTheFlood: 14,
        whileFlooded: 2,
        started: 16,
      },
    );
  });

  it('takes the urgency handed over with a nudge without reading it', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { maxInFlight: 2, reservedForHigh: 1 });
    await settle();

    dispatcher.nudge('n1', false);
    dispatcher.nudge('n2', false);
    dispatcher.nudge('urgent', true);

    expect(queue.started).toEqual(['n1', 'urgent']);
    expect(queue.reads).toEqual([]);
  });

  it('finds a high-urgency report no nudge named while normal ones fill every slot but the kept one', async () => {
    const queue = new HeldQueue();
    const dispatcher = pipeline(queue, { maxInFlight: 3, reservedForHigh: 1, pollEveryMs: 5 });
    await settle();
    queue.queued.push('n1', 'n2', 'n3', 'n4');
    dispatcher.nudge('n1');
    dispatcher.nudge('n2');
    await settle();

    queue.queued.push('form-post');
    queue.high.add('form-post');
    dispatcher.nudge();
    await until(() => queue.started.includes('form-post'));

    expect(queue.started).toEqual(['n1', 'n2', 'form-post']);
    expect(queue.highOnlyPolls).toBeGreaterThan(0);
  });
});
