import type { Lang } from '../shared/i18n';

/**
 * A playbook (quy trình xử lý): the few numbered steps the province expects of whoever takes a report of
 * one category, in the order of the work, each in Vietnamese and English (playbooks.csv).
 */
export const PLAYBOOK = {
  /** Steps of one category: a phone screen's worth, read at night by someone on the way. */
  maxSteps: 10,
  /** Characters of one step's text in either language. */
  maxText: 300,
  /** Steps the acknowledge page shows once the officer has taken the report. */
  firstSteps: 3,
} as const;

export interface PlaybookStep {
  /** 1, 2, 3… without gaps. */
  step: number;
  text: { vi: string; en: string };
}

export interface Playbook {
  category: string;
  steps: PlaybookStep[];
}

/** A step as an answer in one language gives it. */
export interface StepText {
  step: number;
  text: string;
}

/** The steps in the request's language, in order. */
export function stepsIn(playbook: Playbook | undefined, lang: Lang): StepText[] {
  return (playbook?.steps ?? []).map((s) => ({ step: s.step, text: s.text[lang] }));
}
