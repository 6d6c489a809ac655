import type { MediationOutcome, Report } from '../reports/model';
import { ackBucket } from './histogram';

/**
 * What each event adds to the counters of the report's month, in every place from the province down
 * to the report's own (rolled up on write, so that a ward's figure includes its villages and one Query
 * draws a page). Flat attribute names, since ADD cannot create a nested map's path:
 * - `in#<category>`            incidents (reports that are not duplicates)
 * - `dup`                      reports linked to an earlier one as duplicates
 * - `ch#<child area>`          incidents in each place one level down (on ancestors only)
 * - `med#<category>#<outcome>` mediations recorded in the console, by outcome
 * - `ack#<minutes>`            acknowledgements, by the lower edge of their time bucket (histogram.ts)
 * - `esc`                      reports escalated at least once
 * - `sms`                      SMS handed to the provider
 * Every count lands in the month the report arrived, so that "share mediated" and "time to
 * acknowledge" speak of the same reports as "incidents".
 */
export type Tally = Record<string, number>;

export const tallies = {
  stored: (report: Pick<Report, 'category' | 'duplicateOf'>): { own: Tally; child: boolean } =>
    report.duplicateOf
      ? { own: { dup: 1 }, child: false }
      : { own: { [`in#${report.category}`]: 1 }, child: true },
  /** A report's arrival and the SMS its first tier handed over, counted together when it is dispatched. */
  dispatched: (
    report: Pick<Report, 'category' | 'duplicateOf'>,
    sms: number,
  ): { own: Tally; child: boolean } => {
    const { own, child } = tallies.stored(report);
    return { own: sms > 0 ? { ...own, sms } : own, child };
  },
  /** A tier of escalation reached: the report counts as escalated at its first. */
  escalatedTo: (tier: number, sms: number): Tally => ({
    ...(tier === 1 ? { esc: 1 } : {}),
    ...(sms > 0 ? { sms } : {}),
  }),
  acknowledged: (report: Pick<Report, 'createdAt'>, at: string): Tally => ({
    [`ack#${ackBucket(Date.parse(at) - Date.parse(report.createdAt))}`]: 1,
  }),
  mediated: (report: Pick<Report, 'category'>, outcome: MediationOutcome): Tally => ({
    [`med#${report.category}#${outcome}`]: 1,
  }),
};

/** The places a report counts in, province first, its own place last. */
export function levelsOf(report: { area: string; ancestors: readonly string[] }): string[] {
  return [...report.ancestors, report.area];
}

/**
 * What each place adds for one event: the tally in every place from the province down, and with
 * `child` each ancestor also one more incident for the place one level down on the report's way.
 */
export function countsByPlace(
  report: { area: string; ancestors: readonly string[] },
  tally: Tally,
  options: { child?: boolean } = {},
): { area: string; tally: Tally }[] {
  const levels = levelsOf(report);
  return levels.map((area, i) => {
    const next = levels[i + 1];
    return { area, tally: options.child && next ? { ...tally, [`ch#${next}`]: 1 } : tally };
  });
}

/** The sum of tallies, counter by counter. */
export function sumTallies(list: readonly Tally[]): Tally {
  const sum: Tally = {};
  for (const tally of list) for (const [name, n] of Object.entries(tally)) sum[name] = (sum[name] ?? 0) + n;
  return sum;
}
