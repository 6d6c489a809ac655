import { formatZoned } from '../shared/time';
import { cell } from '../stats/csv';
import type { ExportedCase } from './model';

/**
 * The province's cases as one row each, for reporting upward: codes, names of places and categories,
 * times on the province's clock with their offset, and numbers. Never a resident's words, name or
 * phone, nor an officer's: the rows are made from ExportedCase, which holds none.
 */
export const CASES_CSV_HEADER = [
  'case_id',
  'received_at',
  'commune_code',
  'commune_name',
  'place_code',
  'place_name',
  'category',
  'category_label_vi',
  'urgency',
  'status',
  'settled_at',
  'mediation_outcome',
  'acknowledged_at',
  'minutes_to_acknowledge',
  'escalation_tier',
  'duplicate_of',
] as const;

/**
 * The commune, ward or special zone a case belongs to: the area under the province on its path (the
 * case's own area when it was filed at that level).
 */
export function communeOf(c: Pick<ExportedCase, 'area' | 'ancestors'>): string | undefined {
  return c.ancestors.length === 0 ? undefined : (c.ancestors[1] ?? c.area);
}

/** Minutes from arrival to the first acknowledgement, to a tenth. */
function minutesBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 6_000) / 10;
}

/**
 * The CSV file: a header row, then one row per case in the order given. Text that a spreadsheet would
 * run as a formula is neutralized as the figures' CSV does; a byte-order mark makes spreadsheet
 * programs read the Vietnamese names as UTF-8.
 */
export function casesCsv(
  cases: readonly ExportedCase[],
  communeNames: ReadonlyMap<string, string>,
  timeZone: string,
): string {
  const at = (iso: string | undefined) => (iso ? formatZoned(new Date(iso), timeZone) : '');
  const rows = cases.map((c) => {
    const commune = communeOf(c);
    return [
      c.id,
      at(c.createdAt),
      commune ?? '',
      commune === c.area ? c.areaName : commune ? (communeNames.get(commune) ?? '') : '',
      c.area,
      c.areaName,
      c.category,
      c.categoryLabel.vi,
      c.urgency,
      c.status,
      at(c.settledAt),
      c.outcome ?? '',
      at(c.acknowledgedAt),
      c.acknowledgedAt ? minutesBetween(c.createdAt, c.acknowledgedAt) : '',
      c.escalationTier ?? 0,
      c.duplicateOf ?? '',
    ];
  });
  return `\uFEFF${[CASES_CSV_HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
