import { monthsFrom, type Tally } from './model';

/** The categories that have a playbook now (playbooks/store.ts). */
export interface ChecklistFiguresPorts {
  playbooks: { categories(): Promise<string[]> };
}

export interface ChecklistFigures {
  /**
   * Of the period's incidents in categories with a playbook, those whose every step was ticked
   * (counter `pb#<category>`, model.ts), and their share in percent to one decimal; null without any.
   */
  checklists: { cases: number; complete: number; percent: number | null };
}

/**
 * The share of cases whose playbook steps were all ticked, from the month counters the other figures
 * are drawn from: incidents and completed checklists of the categories that have a playbook, in the
 * months of the period (a case counts in the month it arrived, wherever it was ticked).
 */
export async function checklistFigures(
  input: { period: { from: string; to: string }; counters: ReadonlyMap<string, Tally> },
  ports: ChecklistFiguresPorts,
): Promise<ChecklistFigures> {
  const categories = await ports.playbooks.categories();
  let cases = 0;
  let complete = 0;
  for (const month of monthsFrom(input.period.from, input.period.to)) {
    const tally = input.counters.get(month) ?? {};
    for (const code of categories) {
      cases += tally[`in#${code}`] ?? 0;
      complete += tally[`pb#${code}`] ?? 0;
    }
  }
  // Never above the cases: a duplicate's checklist is not counted, and a counter lost to a failed write
  // must not make the share exceed the whole.
  complete = Math.max(0, Math.min(complete, cases));
  return {
    checklists: {
      cases,
      complete,
      percent: cases === 0 ? null : Math.round((complete / cases) * 1000) / 10,
    },
  };
}
