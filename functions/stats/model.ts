import type { MediationOutcome, Report } from '../reports/model';

/** The province's own goals, shown beside its figures (design.md). */
export const GOALS = {
  /** Fewer incidents than the same period last year, where the model works well. */
  reductionPercent: { from: 15, to: 25 },
  /** Civil disputes and minor conflicts settled by mediation inside the community. */
  mediationPercent: { from: 70, to: 85 },
} as const;

export interface Period {
  from: string;
  to: string;
}

/**
 * What each event adds to the counters of the report's month, in every place from the province down
 * to the report's own (rolled up on write, so that a ward's figure includes its villages and one Query
 * draws a page). Flat attribute names, since ADD cannot create a nested map's path:
 * - `in#<category>`            incidents (reports that are not duplicates)
 * - `dup`                      reports linked to an earlier one as duplicates
 * - `ch#<child area>`          incidents in each place one level down (on ancestors only)
 * - `med#<category>#<outcome>` mediations recorded in the console, by outcome
 * - `ack#<minutes>`            acknowledgements, by the lower edge of their time bucket (ACK_BUCKETS below)
 * - `esc`                      reports escalated at least once
 * - `sms`                      SMS handed to the provider
 * - `pb#<category>`            cases whose playbook steps are all ticked (−1 when one is unticked again)
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
  checklist: (report: Pick<Report, 'category'>, complete: boolean): Tally => ({
    [`pb#${report.category}`]: complete ? 1 : -1,
  }),
};

/** The places a report counts in, province first, its own place last. */
function levelsOf(report: { area: string; ancestors: readonly string[] }): string[] {
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

/** The reports a tally counts: its incidents and its duplicates (what a report's arrival adds). */
export function reportsCounted(tally: Tally): number {
  let n = 0;
  for (const [name, value] of Object.entries(tally)) if (name.startsWith('in#') || name === 'dup') n += value;
  return n;
}

/** The sum of tallies, counter by counter. */
export function sumTallies(list: readonly Tally[]): Tally {
  const sum: Tally = {};
  for (const tally of list) for (const [name, n] of Object.entries(tally)) sum[name] = (sum[name] ?? 0) + n;
  return sum;
}

/**
 * Times to acknowledge, kept as a bounded histogram per (area, month): counters can be added on write
 * and summed over months and places, which exact samples cannot without storing every one.
 *
 * Buckets by their lower edge in whole minutes: one a minute up to half an hour (where nearly every
 * acknowledgement falls), then wider. A percentile is read by nearest rank and answered as the upper
 * edge of its bucket, "acknowledged within N minutes": never better than the truth, exact to the
 * minute below 30 minutes.
 */
export const ACK_BUCKETS: readonly number[] = [
  ...Array.from({ length: 30 }, (_, i) => i),
  30,
  35,
  40,
  45,
  50,
  55,
  60,
  75,
  90,
  105,
  120,
  180,
  240,
  360,
  480,
  720,
  1440,
  2880,
  4320,
  10080,
];

/** The lower edge of the bucket that holds an acknowledgement after `ms` milliseconds. */
export function ackBucket(ms: number): number {
  const minutes = Math.max(0, ms) / 60_000;
  let edge = 0;
  for (const lower of ACK_BUCKETS) {
    if (minutes >= lower) edge = lower;
    else break;
  }
  return edge;
}

/** The bucket after `lower`'s: its upper edge. The last bucket (a week or more) answers its lower edge. */
export function upperEdge(lower: number): number {
  const i = ACK_BUCKETS.indexOf(lower);
  return ACK_BUCKETS[i + 1] ?? lower;
}

/**
 * The p-th percentile (0 < p ≤ 1) by nearest rank: the smallest bucket whose running count reaches
 * ceil(p × n), answered as its upper edge. Undefined when nothing was acknowledged.
 */
export function percentileWithin(counts: ReadonlyMap<number, number>, p: number): number | undefined {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * total));
  let running = 0;
  for (const lower of ACK_BUCKETS) {
    running += counts.get(lower) ?? 0;
    if (running >= rank) return upperEdge(lower);
  }
  return undefined;
}

/**
 * Months as the province counts them: `YYYY-MM` on its own wall clock (a report at 23:30 on 31 March
 * in Hạ Long is a March report, though it is 16:30 UTC).
 */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

export function localMonth(at: Date | string, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(typeof at === 'string' ? new Date(at) : at);
  const year = parts.find((p) => p.type === 'year')?.value ?? '0000';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included; empty when `to` comes first. */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  return months;
}

export type Counted = Pick<Report, 'id' | 'area' | 'ancestors' | 'category' | 'createdAt' | 'duplicateOf'>;

/**
 * The write paths' hook into the figures. Each is called once, by the run whose conditional write made
 * the fact true (the report taken out of the dispatch queue, moved up a tier, the first acknowledgement,
 * a status change), so a retried or concurrent run never counts twice. A count that fails is logged and
 * lost, never thrown: the figures must not cost a resident their report or an officer their SMS.
 */
export interface StatsRecorder {
  /**
   * A report taken out of the dispatch queue: its arrival (an incident, or a duplicate) and the SMS its
   * first tier handed over. Counted by the dispatcher, not at intake, so that a report is counted by
   * the one writer that already decides once and for all that it has been dealt with.
   */
  dispatched(report: Counted, smsSent: number): Promise<void>;
  /** A report moved up to `tier`: escalated (at tier 1) and the SMS that tier handed over. */
  escalated(report: Counted, tier: number, smsSent: number): Promise<void>;
  acknowledged(report: Counted, at: string): Promise<void>;
  mediated(report: Counted, outcome: MediationOutcome): Promise<void>;
  /** A case's playbook checklist became complete (every step ticked), or stopped being so. */
  checklist(report: Counted, complete: boolean): Promise<void>;
}

/**
 * The day's SMS counters, per (place, local date), in every place from the province down to the
 * report's own, like the month's (flat names, ADD only):
 * - `sms`           SMS handed to the provider (a report's own, and summaries)
 * - `smsHeld`       SMS held because the recipient's phone was at its throttle
 * - `smsCapped`     SMS the day's budget refused (the cap, the reserve, or the commune's share)
 * - `smsSummaries`  summary SMS, counted once in each place one of its reports lies in
 * - `smsGrouped`    reports those summaries carried
 * SmsCounts are those of one report, as one run settled them.
 */
export interface SmsCounts {
  sent: number;
  held: number;
  capped: number;
}

/** A report as the SMS counters place it. */
export type Placed = Pick<Report, 'id' | 'area' | 'ancestors' | 'createdAt'>;

/**
 * The send path's hook into the day's SMS figures. Each is called once, by the run whose conditional
 * write settled that SMS; a count that fails is logged and lost, never thrown.
 */
export interface SmsCounter {
  /**
   * The SMS about one report that one run settled (a tier's, or one the sweep sent): handed over, held
   * at a phone's throttle, refused by the budget. `later`: handed over by the sweep after being held,
   * so not in the month's `sms` yet (the dispatcher counts what its tiers hand over there).
   */
  report(report: Placed, counts: SmsCounts, at: Date, options?: { later?: boolean }): Promise<void>;
  /** One summary SMS handed over, with the reports it carried (in the month's `sms` too). */
  summary(reports: readonly Placed[], at: Date): Promise<void>;
}

/** What a summary adds to each place: one SMS and one summary wherever any of its reports lies, and its reports there. */
export function summaryCounts(reports: readonly Placed[]): { area: string; tally: Tally }[] {
  const places = new Map<string, number>();
  for (const report of reports)
    for (const area of [...report.ancestors, report.area]) places.set(area, (places.get(area) ?? 0) + 1);
  return [...places].map(([area, n]) => ({ area, tally: { sms: 1, smsSummaries: 1, smsGrouped: n } }));
}
