/** One line of the bench's table: a figure, the baseline measured in the same run, their ratio. */
export interface Row {
  /** Which of the measures: 'bundle', 'intake', 'dispatch', 'flood', 'import', 'page', 'cost'. */
  section: string;
  measure: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
  /** Whether the goal was met; '—' when there is no goal or nothing was measured. */
  met: 'yes' | 'no' | '—';
}

export const goalMet = (ok: boolean): Row['met'] => (ok ? 'yes' : 'no');

const HEADER = ['Measure', 'Figure', 'Baseline (same run)', 'Ratio', 'Goal', 'Met'];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i === 0 ? '---' : i === 5 ? ':-:' : '---')).join('|')}|`,
  ];
  for (const row of rows)
    lines.push(
      `| ${[row.measure, row.figure, row.baseline, row.ratio, row.goal, row.met].map(cell).join(' | ')} |`,
    );
  return lines.join('\n');
}
