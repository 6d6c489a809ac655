import { describe, expect, it } from 'vitest';
import {
  CHECKLIST_SK,
  checklistOf,
  isComplete,
  type StepTick,
  ticksOf,
} from '../../functions/cases/checklist';
import { type TickStepPorts, tickStep } from '../../functions/cases/tick-step';
import type { Playbook } from '../../functions/playbooks/model';
import { Forbidden, InvalidInput } from '../../functions/shared/errors';
import { checklistFigures } from '../../functions/stats/checklists';
import type { Tally } from '../../functions/stats/model';
import { casePorts, caseReport, identityOf } from './cases-fakes';

const NOISE: Playbook = {
  category: 'noise',
  steps: [
    { step: 1, text: { vi: 'Nhắc nhở nhẹ nhàng.', en: 'Ask politely.' } },
    { step: 2, text: { vi: 'Nghe cả hai bên.', en: 'Hear both sides.' } },
    { step: 3, text: { vi: 'Ghi kết quả.', en: 'Record the outcome.' } },
  ],
};
const tick = (done: boolean, at = '2025-03-12T08:00:00.000Z'): StepTick => ({
  done,
  at,
  by: { officerId: 'UB-CA1', role: 'police' },
});

/** The case ports of cases-fakes, with a checklist kept as the store keeps it: one atomic update per tick. */
function tickPorts(playbook: Playbook | null = NOISE) {
  const setup = casePorts();
  const counted: string[] = [];
  const checklistItem = (id: string) => {
    const items = setup.partitions.get(id) ?? [];
    let item = items.find((i) => i.sk === CHECKLIST_SK);
    if (!item) {
      item = { pk: `REPORT#${id}`, sk: CHECKLIST_SK, type: 'checklist' };
      items.push(item);
    }
    return item;
  };
  const ports: TickStepPorts = {
    ...setup.ports,
    playbooks: { getPlaybook: async (category) => (category === playbook?.category ? playbook : undefined) },
    reports: {
      ...setup.ports.reports,
      setStep: async (id, step, next) => {
        const item = checklistItem(id);
        const stored = ticksOf(item).get(step);
        const changed = next.done ? stored?.done !== true : stored?.done === true;
        if (changed) item[`s#${step}`] = structuredClone(next);
        return { changed, ticks: ticksOf(structuredClone(item)), counted: item.counted === true };
      },
      markCounted: async (id, stepsNow, complete) => {
        const item = checklistItem(id);
        const ticks = ticksOf(item);
        const allDone = stepsNow.every((step) => ticks.get(step)?.done === true);
        if ((item.counted === true) === complete || allDone !== complete) return false;
        item.counted = complete;
        return true;
      },
      putStepEntry: async (id, step, stored) => {
        const items = setup.partitions.get(id) ?? [];
        const sk = `STEP#${stored.at}#${step}`;
        if (!items.some((i) => i.sk === sk)) items.push({ pk: `REPORT#${id}`, sk, step, ...stored });
      },
    },
    stats: {
      checklist: async (report, complete) => {
        counted.push(`${report.id} ${complete ? 'complete' : 'incomplete'}`);
      },
    },
  };
  return { ...setup, ports, counted };
}

const steps = (setup: ReturnType<typeof tickPorts>, id: string) =>
  (setup.partitions.get(id) ?? []).filter((i) => String(i.sk).startsWith('STEP#')).map((i) => i.sk);

describe('checklistOf', () => {
  it('shows every step of the playbook with its tick, and leaves out ticks of steps since removed', () => {
    const ticks = ticksOf({ sk: CHECKLIST_SK, 's#1': tick(true), 's#2': tick(false), 's#9': tick(true) });

    const list = checklistOf(NOISE, ticks, 'en', (by) => by.officerId);

    expect(list).toEqual({
      category: 'noise',
      steps: [
        { step: 1, text: 'Ask politely.', done: true, by: 'UB-CA1', at: '2025-03-12T08:00:00.000Z' },
        { step: 2, text: 'Hear both sides.', done: false, by: 'UB-CA1', at: '2025-03-12T08:00:00.000Z' },
        { step: 3, text: 'Record the outcome.', done: false },
      ],
      complete: false,
    });
  });

  it('is complete only when every step of a playbook with steps is ticked', () => {
    const all = new Map([1, 2, 3].map((n) => [n, tick(true)]));

    expect([
      isComplete(NOISE, all),
      isComplete(
        { ...NOISE, steps: [...NOISE.steps, { step: 4, text: { vi: 'Hỏi lại.', en: 'Check again.' } }] },
        all,
      ),
      isComplete({ category: 'noise', steps: [] }, all),
    ]).toEqual([true, false, false]);
  });
});

describe('tickStep', () => {
  it('counts a case complete once when two officers tick its last two steps at the same time', async () => {
    const setup = tickPorts();
    const report = caseReport({ category: 'noise' });
    setup.add(report);
    await tickStep(identityOf('UB-CA1'), report.id, { step: 1, done: true }, 'vi', setup.ports);

    const [a, b] = await Promise.all([
      tickStep(identityOf('UB-CA1'), report.id, { step: 2, done: true }, 'vi', setup.ports),
      tickStep(identityOf('UB-QT5A-HG'), report.id, { step: 3, done: true }, 'vi', setup.ports),
    ]);

    expect([a.complete, b.complete]).toEqual([false, true]);
    expect(setup.counted).toEqual([`${report.id} complete`]);
  });

  it('changes nothing for a step ticked already, and takes the count back when a step is unticked', async () => {
    const setup = tickPorts();
    const report = caseReport({ category: 'noise' });
    setup.add(report);
    for (const step of [1, 2, 3]) {
      setup.clock.set(`2025-03-12T08:0${step}:00.000Z`);
      await tickStep(identityOf('UB-CA1'), report.id, { step, done: true }, 'en', setup.ports);
    }

    setup.clock.set('2025-03-12T08:05:00.000Z');
    const again = await tickStep(identityOf('UB-CA1'), report.id, { step: 3, done: true }, 'en', setup.ports);
    const entries = steps(setup, report.id);
    setup.clock.set('2025-03-12T08:06:00.000Z');
    const undone = await tickStep(
      identityOf('UB-CA1'),
      report.id,
      { step: 2, done: false },
      'en',
      setup.ports,
    );

    expect(again.steps[2]).toEqual(
      expect.objectContaining({ step: 3, done: true, at: '2025-03-12T08:03:00.000Z' }),
    );
    expect(entries).toEqual([
      'STEP#2025-03-12T08:01:00.000Z#1',
      'STEP#2025-03-12T08:02:00.000Z#2',
      'STEP#2025-03-12T08:03:00.000Z#3',
    ]);
    expect(undone.complete).toBe(false);
    expect(steps(setup, report.id)).toEqual([...entries, 'STEP#2025-03-12T08:06:00.000Z#2']);
    expect(setup.counted).toEqual([`${report.id} complete`, `${report.id} incomplete`]);
  });

  it('takes back only what it counted when the playbook gained a step since the list was complete', async () => {
    const setup = tickPorts();
    const report = caseReport({ category: 'noise' });
    setup.add(report);
    for (const step of [1, 2, 3])
      await tickStep(identityOf('UB-CA1'), report.id, { step, done: true }, 'en', setup.ports);
    const longer: Playbook = {
      ...NOISE,
      steps: [...NOISE.steps, { step: 4, text: { vi: 'Hỏi lại.', en: 'Check again.' } }],
    };
    setup.ports.playbooks = { getPlaybook: async () => longer };

    const undone = await tickStep(
      identityOf('UB-CA1'),
      report.id,
      { step: 2, done: false },
      'en',
      setup.ports,
    );
    for (const step of [2, 4])
      await tickStep(identityOf('UB-CA1'), report.id, { step, done: true }, 'en', setup.ports);

    expect(undone.complete).toBe(false);
    expect(setup.counted).toEqual([
      `${report.id} complete`,
      `${report.id} incomplete`,
      `${report.id} complete`,
    ]);
  });

  it('makes up the count of a tick whose request stopped before counting, when it is sent again', async () => {
    const setup = tickPorts();
    const report = caseReport({ category: 'noise' });
    setup.add(report);
    for (const step of [1, 2])
      await tickStep(identityOf('UB-CA1'), report.id, { step, done: true }, 'en', setup.ports);
    // The last tick was stored, then the function stopped: nothing was counted.
    await setup.ports.reports.setStep(report.id, 3, tick(true));

    const retried = await tickStep(
      identityOf('UB-CA1'),
      report.id,
      { step: 3, done: true },
      'en',
      setup.ports,
    );
    const again = await tickStep(identityOf('UB-CA1'), report.id, { step: 3, done: true }, 'en', setup.ports);

    expect([retried.complete, again.complete]).toEqual([true, true]);
    expect(setup.counted).toEqual([`${report.id} complete`]);
  });

  it('never counts a duplicate report, whose incident is counted on the first one', async () => {
    const setup = tickPorts();
    const report = caseReport({ category: 'noise', duplicateOf: 'r000000000000009' });
    setup.add(report);

    for (const step of [1, 2, 3])
      await tickStep(identityOf('UB-CA1'), report.id, { step, done: true }, 'vi', setup.ports);

    expect(setup.counted).toEqual([]);
  });

  it('refuses a step the playbook lacks (or any step without a playbook) and another place’s officer', async () => {
    const setup = tickPorts();
    const noise = caseReport({ category: 'noise' });
    setup.add(noise);
    const none = tickPorts(null);
    none.add(noise);

    await expect(
      tickStep(identityOf('UB-CA1'), noise.id, { step: 4, done: true }, 'vi', setup.ports),
    ).rejects.toEqual(new InvalidInput({ step: { key: 'field.unknown_step' } }));
    await expect(
      tickStep(identityOf('UB-CA1'), noise.id, { step: 1, done: true }, 'vi', none.ports),
    ).rejects.toEqual(new InvalidInput({ step: { key: 'field.unknown_step' } }));
    await expect(
      tickStep(identityOf('HL-CA1'), noise.id, { step: 1, done: true }, 'vi', setup.ports),
    ).rejects.toBeInstanceOf(Forbidden);
    expect([steps(setup, noise.id), setup.audit.map((a) => a.action)]).toEqual([[], ['tick playbook step']]);
  });
});

describe('checklistFigures', () => {
  it('sets the completed checklists against the incidents of kinds with a playbook, in the period only', async () => {
    const counters = new Map<string, Tally>([
      ['2024-03', { 'in#noise': 40, 'pb#noise': 40 }],
      ['2025-01', { 'in#noise': 3, 'pb#noise': 2, 'in#theft': 5, 'pb#theft': 1, 'in#other': 7 }],
      ['2025-02', { 'in#noise': 1, 'pb#noise': 1 }],
    ]);

    const figures = await checklistFigures(
      { period: { from: '2025-01', to: '2025-03' }, counters },
      { playbooks: { categories: async () => ['noise', 'theft'] } },
    );
    const none = await checklistFigures(
      { period: { from: '2025-01', to: '2025-03' }, counters },
      { playbooks: { categories: async () => [] } },
    );

    expect(figures).toEqual({ checklists: { cases: 9, complete: 4, percent: 44.4 } });
    expect(none).toEqual({ checklists: { cases: 0, complete: 0, percent: null } });
  });
});
