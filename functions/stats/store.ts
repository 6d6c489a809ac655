import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Report } from '../reports/model';
import { type CoalesceOptions, coalescing } from '../shared/coalesce';
import { errorName, log, metric } from '../shared/log';
import type { Store } from '../shared/store/client';
import { queryAll } from '../shared/store/query';
import { localDate } from '../shared/time';
import {
  type Counted,
  countsByPlace,
  localMonth,
  type SmsCounter,
  type StatsRecorder,
  summaryCounts,
  sumTallies,
  type Tally,
  tallies,
} from './model';

/**
 * Counters in the one table, one item per (place, month) and, for the SMS, per (place, local day):
 *   pk STATS#<area>  sk MONTH#<YYYY-MM>      { area, month, <counter>: n, … }   (names in model.ts)
 *   pk STATS#<area>  sk DAY#<YYYY-MM-DD>     { area, day, sms…: n }             (SmsCounter, model.ts)
 * Every count is one UpdateItem ADD per place from the province down: no read, no transaction, and
 * concurrent writers never lose a count. Figures for a place and a period are one Query.
 */
const statsKeys = {
  partition: (area: string) => `STATS#${area}`,
  month: (area: string, month: string) => ({ pk: `STATS#${area}`, sk: `MONTH#${month}` }),
  day: (area: string, day: string) => ({ pk: `STATS#${area}`, sk: `DAY#${day}` }),
};

/**
 * Adds a tally to one place's counters for one month (or day, `YYYY-MM-DD`): one UpdateItem ADD, no
 * read, so concurrent writers never lose a count. The write paths reach it through the coalescing
 * writers below.
 */
async function addToCounter(store: Store, area: string, period: string, tally: Tally): Promise<void> {
  const daily = period.length > 7;
  const names: Record<string, string> = {
    '#type': 'type',
    '#area': 'area',
    '#period': daily ? 'day' : 'month',
  };
  const values: Record<string, unknown> = { ':type': 'stats', ':area': area, ':period': period };
  const adds = Object.entries(tally).map(([name, n], j) => {
    names[`#c${j}`] = name;
    values[`:c${j}`] = n;
    return `#c${j} :c${j}`;
  });
  await store.doc.send(
    new UpdateCommand({
      TableName: store.table,
      Key: daily ? statsKeys.day(area, period) : statsKeys.month(area, period),
      UpdateExpression: `SET #type = :type, #area = :area, #period = :period ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** The SMS counters of one place for every day in [from, to] (`YYYY-MM-DD`), by day; days without any are absent. */
export function dayCountersOfPlace(
  store: Store,
  area: string,
  from: string,
  to: string,
): Promise<Map<string, Tally>> {
  return countersBetween(store, area, { prefix: 'DAY#', key: 'day' }, from, to);
}

/** The counters of one place for every month in [from, to], by month; months without any are absent. */
export function countersOfPlace(
  store: Store,
  area: string,
  from: string,
  to: string,
): Promise<Map<string, Tally>> {
  return countersBetween(store, area, { prefix: 'MONTH#', key: 'month' }, from, to);
}

/** One place's counter items of one period kind in [from, to], their numbers by the item's period. */
async function countersBetween(
  store: Store,
  area: string,
  period: { prefix: 'DAY#' | 'MONTH#'; key: 'day' | 'month' },
  from: string,
  to: string,
): Promise<Map<string, Tally>> {
  const items = await queryAll(store, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': statsKeys.partition(area),
      ':from': `${period.prefix}${from}`,
      ':to': `${period.prefix}${to}`,
    },
  });
  const counters = new Map<string, Tally>();
  for (const item of items) {
    const tally: Tally = {};
    for (const [name, value] of Object.entries(item)) if (typeof value === 'number') tally[name] = value;
    counters.set(item[period.key] as string, tally);
  }
  return counters;
}

/** Adds a tally to one place's counters for one month (or day); settles when the write carrying it has. */
type CounterWriter = (area: string, month: string, tally: Tally) => Promise<void>;

/**
 * The figures' writer for a process: every report adds to the same few items (the province's month
 * above all), and a store writes one item's updates one after another, so counts sent one by one queue
 * behind each other (measured on dynalite under 20 submitters: 92 ms a count on average, 340 ms p99,
 * against 25 ms for a plain Put) and DynamoDB gives one item one partition's throughput. Here the
 * counts for an item that arrive while an update of it is in flight are summed into its next update:
 * one UpdateItem per item per round trip, whatever the rate. A count is never sent twice, so never
 * counted twice; if its update fails, the caller's promise rejects (and the recorder logs it lost).
 */
export function coalescingCounters(store: Store, options: CoalesceOptions = {}): CounterWriter {
  const add = coalescing<{ area: string; month: string; tally: Tally }, void>(async (_key, inputs) => {
    const first = inputs[0];
    const sum = sumTallies(inputs.map((i) => i.tally));
    if (first && Object.keys(sum).length > 0) await addToCounter(store, first.area, first.month, sum);
    return inputs.map(() => ({ ok: true, value: undefined }));
  }, options);
  return (area, month, tally) => add(`${area}\n${month}`, { area, month, tally });
}

/**
 * The recorder of a process. Its counts go through one coalescing writer (coalescingCounters), so that the
 * process's concurrent counts for one place and month make one UpdateItem per round trip: make it once
 * per process (in a folder's deps) rather than per request.
 */
export function dynamoStatsRecorder(
  store: Store,
  timeZone: string,
  counters: CounterWriter = coalescingCounters(store),
): StatsRecorder {
  const add = async (event: string, report: Counted, tally: Tally, child = false) => {
    if (Object.keys(tally).length === 0) return;
    const month = localMonth(report.createdAt, timeZone);
    const writes = await Promise.allSettled(
      countsByPlace(report, tally, { child }).map((place) => counters(place.area, month, place.tally)),
    );
    const failed = writes.find((w) => w.status === 'rejected');
    if (failed)
      log.error('stats count lost', { event, reportId: report.id, error: errorName(failed.reason) });
  };
  return {
    dispatched: (report, smsSent) => {
      const { own, child } = tallies.dispatched(report, smsSent);
      return add('dispatched', report, own, child);
    },
    escalated: (report, tier, smsSent) => add('escalated', report, tallies.escalatedTo(tier, smsSent)),
    acknowledged: (report, at) => add('acknowledged', report, tallies.acknowledged(report, at)),
    mediated: (report, outcome) => add('mediated', report, tallies.mediated(report, outcome)),
    checklist: (report, complete) => add('checklist', report, tallies.checklist(report, complete)),
  };
}

/**
 * The send path's SMS counter for a process (the dispatcher's and the sweep's): per day in the
 * province's time zone, through the same coalescing writer as the month's counts (make it once per
 * process, in deps, sharing that writer).
 */
export function dynamoSmsCounter(
  store: Store,
  timeZone: string,
  counters: CounterWriter = coalescingCounters(store),
): SmsCounter {
  const add = async (what: string, id: string, writes: Promise<void>[]) => {
    const failed = (await Promise.allSettled(writes)).find((w) => w.status === 'rejected');
    if (failed) log.error('stats count lost', { event: what, reportId: id, error: errorName(failed.reason) });
  };
  return {
    report: (report, counts, at, options = {}) => {
      const tally: Tally = {};
      if (counts.sent > 0) tally.sms = counts.sent;
      if (counts.held > 0) tally.smsHeld = counts.held;
      if (counts.capped > 0) tally.smsCapped = counts.capped;
      if (Object.keys(tally).length === 0) return Promise.resolve();
      const day = localDate(at, timeZone);
      const month = localMonth(report.createdAt, timeZone);
      const writes = countsByPlace(report, tally).flatMap((place) => [
        counters(place.area, day, place.tally),
        ...(options.later && counts.sent > 0 ? [counters(place.area, month, { sms: counts.sent })] : []),
      ]);
      return add('sms', report.id, writes);
    },
    summary: (reports, at) => {
      const day = localDate(at, timeZone);
      const month = localMonth(at, timeZone);
      const writes = summaryCounts(reports).flatMap((place) => [
        counters(place.area, day, place.tally),
        counters(place.area, month, { sms: 1 }),
      ]);
      return add('sms summary', reports[0]?.id ?? '', writes);
    },
  };
}

/**
 * The acknowledge link's hook: only the first acknowledgement counts, with its time since the report
 * arrived. The report is read again for its place and time (one read, on the first tap only).
 */
export function countingAcknowledge<R extends { first: boolean }>(
  acknowledge: (id: string, by: { role: string; officerId?: string }, at: string) => Promise<R | undefined>,
  getReport: (id: string) => Promise<Report | undefined>,
  stats: Pick<StatsRecorder, 'acknowledged'>,
): (id: string, by: { role: string; officerId?: string }, at: string) => Promise<R | undefined> {
  return async (id, by, at) => {
    const result = await acknowledge(id, by, at);
    if (result?.first) {
      const report = await getReport(id).catch(() => undefined);
      if (report) {
        metric('TimeToAcknowledge', Date.parse(at) - Date.parse(report.createdAt), 'Milliseconds');
        await stats.acknowledged(report, at);
      }
    }
    return result;
  };
}
