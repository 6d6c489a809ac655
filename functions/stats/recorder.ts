import type { MediationOutcome, Report } from '../reports/model';
import { errorName, log } from '../shared/log';
import type { Store } from '../shared/store/client';
import { type CounterWriter, coalescingCounters } from './counters';
import { localMonth } from './months';
import { countsByPlace, type Tally, tallies } from './tally';

type Counted = Pick<Report, 'id' | 'area' | 'ancestors' | 'category' | 'createdAt' | 'duplicateOf'>;

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
}

/**
 * The recorder of a process. Its counts go through one coalescing writer (counters.ts), so that the
 * process's concurrent counts for one place and month make one UpdateItem per round trip: make it once
 * per process (each wiring does, at import) rather than per request.
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
      if (report) await stats.acknowledged(report, at);
    }
    return result;
  };
}
