import { MEDIATION_OUTCOMES } from '../reports/model';
import type { Lang } from '../shared/i18n';
import { neutralizeFormula } from '../shared/text';
import { type FigureInputs, type MonthFigures, previousPeriod } from './figures';
import { monthsFrom } from './model';
import type { PatrolFigures } from './patrols';

/**
 * The figures as one long table, one number a row (`indicator, area, area_name, category,
 * category_name, month, value`): what a spreadsheet pivots best. Names are in the asked language. Monthly counters of both periods first, then the period's
 * computed figures with `from..to` as their month, and last the risk spots with most incidents in the
 * period, as the page lists them: a spot is a place within the place, so its id and name stand in the
 * area columns. Zeros are left out. A byte-order mark makes spreadsheet programs read the Vietnamese
 * names as UTF-8.
 */
const CSV_HEADER = ['indicator', 'area', 'area_name', 'category', 'category_name', 'month', 'value'] as const;

/**
 * A name that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) is written
 * quoted with a `'` before it (OWASP's CSV injection advice); numbers stay numbers, negative ones too.
 */
export function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = neutralizeFormula(value);
  return text !== value || /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function figuresCsv(
  inputs: FigureInputs,
  figures: MonthFigures & Partial<PatrolFigures>,
  lang: Lang,
): string {
  const rows: (string | number)[][] = [];
  const { code, name } = inputs.area;
  const before = previousPeriod(inputs.period);
  const months = [...monthsFrom(before.from, before.to), ...monthsFrom(inputs.period.from, inputs.period.to)];
  const seen = new Set<string>();
  const childNames = new Map(inputs.children.map((c) => [c.code, c.name]));
  const categoryName = new Map(inputs.categories.map((c) => [c.code, c.label[lang]]));

  for (const month of months) {
    if (seen.has(month)) continue;
    seen.add(month);
    const tally = inputs.counters.get(month) ?? {};
    const add = (indicator: string, area: string, areaName: string, category: string, value: number) => {
      if (value > 0)
        rows.push([
          indicator,
          area,
          areaName,
          category,
          category ? (categoryName.get(category) ?? category) : '',
          month,
          value,
        ]);
    };
    for (const category of inputs.categories)
      add('incidents', code, name, category.code, tally[`in#${category.code}`] ?? 0);
    for (const category of inputs.categories) {
      for (const outcome of MEDIATION_OUTCOMES) {
        add(`mediated_${outcome}`, code, name, category.code, tally[`med#${category.code}#${outcome}`] ?? 0);
      }
    }
    // Cases whose playbook steps were all ticked, in the month they arrived.
    for (const category of inputs.categories)
      add('playbook_complete', code, name, category.code, tally[`pb#${category.code}`] ?? 0);
    for (const [counter, value] of Object.entries(tally)) {
      if (counter.startsWith('ch#'))
        add('incidents', counter.slice(3), childNames.get(counter.slice(3)) ?? '', '', value);
    }
    // Patrols recorded in the place and its places one level down, beside their incidents above.
    add('patrols', code, name, '', tally.pat ?? 0);
    for (const [counter, value] of Object.entries(tally)) {
      if (counter.startsWith('pch#'))
        add('patrols', counter.slice(4), childNames.get(counter.slice(4)) ?? '', '', value);
    }
    add('duplicates', code, name, '', tally.dup ?? 0);
    add('escalated', code, name, '', tally.esc ?? 0);
    add('sms_sent', code, name, '', tally.sms ?? 0);
    const acknowledged = Object.entries(tally).reduce((n, [k, v]) => (k.startsWith('ack#') ? n + v : n), 0);
    add('acknowledged', code, name, '', acknowledged);
  }

  const span = `${inputs.period.from}..${inputs.period.to}`;
  const summary: [string, number | null][] = [
    ['incidents_total', figures.incidents.count],
    ['incidents_same_period_last_year', figures.incidents.previous],
    ['incidents_change_percent', figures.incidents.changePercent],
    ['disputes', figures.mediation.disputes],
    ['settled_by_mediation_percent', figures.mediation.settledPercent],
    ['ack_median_within_minutes', figures.acknowledgement.medianMinutes],
    ['ack_p90_within_minutes', figures.acknowledgement.p90Minutes],
    ['escalated_percent', figures.escalation.percent],
    ['sms_sent', figures.sms.sent],
    ['sms_estimated_cost_usd', figures.sms.estimatedCostUsd],
  ];
  for (const [indicator, value] of summary)
    if (value !== null) rows.push([indicator, code, name, '', '', span, value]);
  for (const spot of figures.patrols?.spots ?? [])
    if (spot.incidents > 0)
      rows.push(['incidents_at_risk_spot', spot.id, spot.name, '', '', span, spot.incidents]);
  return `\uFEFF${[CSV_HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
