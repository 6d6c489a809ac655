import { describe, expect, it } from 'vitest';
import { smsThrottle } from '../../functions/sms/store';
import { testStore } from '../support/store';

const THROTTLE = { perMinute: 1, per15Minutes: 5, perHour: 12 };
const START = Date.parse('2025-06-01T03:00:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000);
/** Two processes: each its own client on the table. */
const one = smsThrottle(testStore());
const two = smsThrottle(testStore());

function overLimits(times: number[]): number {
  let over = 0;
  for (const t of times)
    for (const [ms, limit] of [
      [60_000, THROTTLE.perMinute],
      [15 * 60_000, THROTTLE.per15Minutes],
      [60 * 60_000, THROTTLE.perHour],
    ] as const)
      if (times.filter((s) => s > t - ms && s <= t).length > limit) over++;
  return over;
}

describe('the per-phone throttle (DynamoDB)', () => {
  it('gives one slot of a minute to exactly one of many takers from two processes at once', async () => {
    const taken = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        (n % 2 ? one : two).take('P1', { now: at(0), throttle: THROTTLE, urgent: false, fromHeld: false }),
      ),
    );

    expect(taken.filter(Boolean)).toHaveLength(1);
  });

  it('never lets a phone past 1 a minute, 5 in 15 minutes and 12 an hour, and gives it all of them, over an hour of takers', async () => {
    const granted: number[] = [];
    // Two takers every 30 seconds for an hour, side by side.
    for (let second = 0; second < 3600; second += 30) {
      const answers = await Promise.all(
        [one, two].map((t) =>
          t.take('P2', { now: at(second), throttle: THROTTLE, urgent: false, fromHeld: true }),
        ),
      );
      for (const answer of answers) if (answer) granted.push(at(second).getTime());
    }

    expect({ over: overLimits(granted), granted: granted.length }).toEqual({ over: 0, granted: 12 });
    // Only the newest times are kept once they are many.
    expect((await one.state('P2'))?.times.length).toBeLessThanOrEqual(THROTTLE.perHour + 16);
  });

  it('holds SMS for a phone behind which new ones wait, queues it until its held entries are out, and then lets go', async () => {
    await one.take('P3', { now: at(0), throttle: THROTTLE, urgent: false, fromHeld: false });
    await one.hold('P3', { entry: 'b', urgent: false, to: '+84900000301', role: 'police', now: at(10) });
    await two.hold('P3', { entry: 'a', urgent: false, to: '+84900000301', role: 'police', now: at(20) });
    await two.hold('P3', { entry: 'h', urgent: true, to: '+84900000301', role: 'police', now: at(30) });
    // A minute on, the phone may be texted again, but new SMS still wait behind what is held for it.
    const newNormal = await one.take('P3', {
      now: at(70),
      throttle: THROTTLE,
      urgent: false,
      fromHeld: false,
    });
    const newUrgent = await one.take('P3', {
      now: at(70),
      throttle: THROTTLE,
      urgent: true,
      fromHeld: false,
    });
    const dueAt10 = await one.due(at(10), 10);
    const state = await one.state('P3');

    const sweep = await two.take('P3', { now: at(70), throttle: THROTTLE, urgent: true, fromHeld: true });
    await two.release('P3', { urgent: ['h'], other: [] }, at(130));
    const stillQueued = [await one.due(at(129), 10), await one.due(at(130), 10)];
    await two.release('P3', { urgent: [], other: ['a', 'b'] }, at(190));

    expect({
      newNormal,
      newUrgent,
      dueAt10,
      held: [state?.urgent, state?.other, state?.to],
      sweep,
      stillQueued,
      after: [await one.due(at(10_000), 10), (await one.state('P3'))?.other],
    }).toEqual({
      newNormal: false,
      newUrgent: false,
      dueAt10: ['P3'],
      held: [['h'], ['a', 'b'], '+84900000301'],
      sweep: true,
      stillQueued: [[], ['P3']],
      after: [[], []],
    });
  });

  it('keeps a phone queued when an entry is held while the sweep lets go of the last one', async () => {
    await one.hold('P4', { entry: 'x', urgent: false, to: '+84900000401', role: 'police', now: at(0) });
    await Promise.all([
      two.release('P4', { urgent: [], other: ['x'] }, at(60)),
      one.hold('P4', { entry: 'y', urgent: false, to: '+84900000401', role: 'police', now: at(1) }),
    ]);

    const state = await one.state('P4');
    expect({ other: state?.other, queued: await one.due(at(10_000), 10) }).toEqual({
      other: ['y'],
      queued: ['P4'],
    });
  });

  it('gives a slot back for an SMS that never went, unless another SMS took one since', async () => {
    const take = (t: typeof one, second: number) =>
      t.take('P5', { now: at(second), throttle: THROTTLE, urgent: false, fromHeld: true });
    await take(one, 0);
    await one.untake('P5', at(0));
    const again = await take(two, 1);
    await take(one, 100);
    await one.untake('P5', at(1));

    expect({ again, times: (await one.state('P5'))?.times }).toEqual({
      again: true,
      times: [at(100).getTime(), at(1).getTime()],
    });
  });
});
