import type { Playbook } from '../playbooks/model';
import type { Lang } from '../shared/i18n';

/**
 * A case's checklist: its category's playbook, each step ticked or not, by whom and when. What a tick
 * stores is an officer's id, their role and a time, never words: it may stay when the retention rules
 * erase the case's text, and a name is looked up when the case is shown.
 *
 * In the report's partition:
 * - sk CHECKLIST            {`s#<step>`: {done, at, by}, counted?}   the state: one attribute per step,
 *   so that one conditional update flips one step and answers the whole list as it now stands; `counted`
 *   true while the case is counted complete in the figures (stats `pb#`), so that the count follows
 *   what was added, not what today's playbook would have said before the tick
 * - sk STEP#<at>#<step>     {at, step, done, by}            each change, for the internal timeline;
 *   follow-up reads known item kinds only and never this one
 */
export interface StepTick {
  done: boolean;
  at: string;
  by: { officerId: string; role: string };
}

export const CHECKLIST_SK = 'CHECKLIST';
export const COUNTED_ATTRIBUTE = 'counted';
export const stepAttribute = (step: number) => `s#${step}`;
export const stepEntrySk = (at: string, step: number) => `STEP#${at}#${step}`;

/** The ticks a CHECKLIST item holds, by step. */
export function ticksOf(item: Record<string, unknown> | undefined): Map<number, StepTick> {
  const ticks = new Map<number, StepTick>();
  for (const [name, value] of Object.entries(item ?? {})) {
    const step = /^s#(\d+)$/.exec(name)?.[1];
    const tick = value as Partial<StepTick> | undefined;
    if (step && typeof tick?.at === 'string' && tick.by)
      ticks.set(Number(step), { done: tick.done === true, at: tick.at, by: tick.by });
  }
  return ticks;
}

/** The case is counted complete in the figures now (its CHECKLIST item's flag). */
export const isCounted = (item: Record<string, unknown> | undefined) => item?.[COUNTED_ATTRIBUTE] === true;

/** Every step of the playbook ticked: a playbook without steps is never "complete". */
export function isComplete(playbook: Playbook, ticks: ReadonlyMap<number, StepTick>): boolean {
  return playbook.steps.length > 0 && playbook.steps.every((s) => ticks.get(s.step)?.done === true);
}

interface ChecklistStep<Who> {
  step: number;
  text: string;
  done: boolean;
  /** Who last ticked or unticked it, and when. */
  by?: Who;
  at?: string;
}

export interface Checklist<Who> {
  category: string;
  steps: ChecklistStep<Who>[];
  complete: boolean;
}

/** The playbook's steps in the request's language, each with its tick; ticks of steps since removed are left out. */
export function checklistOf<Who>(
  playbook: Playbook,
  ticks: ReadonlyMap<number, StepTick>,
  lang: Lang,
  who: (by: StepTick['by']) => Who,
): Checklist<Who> {
  return {
    category: playbook.category,
    steps: playbook.steps.map((s) => {
      const tick = ticks.get(s.step);
      return {
        step: s.step,
        text: s.text[lang],
        done: tick?.done === true,
        ...(tick ? { by: who(tick.by), at: tick.at } : {}),
      };
    }),
    complete: isComplete(playbook, ticks),
  };
}
