import type { ReportWriter } from '../reports/intake';
import type { Report } from '../reports/report';
import { errorName, log } from '../shared/log';
import type { Store } from '../shared/store/client';
import { localMonth } from './months';
import { addToCounters, markCountedOnce } from './store';
import { type MediationOutcome, type Tally, tallies } from './tally';

type Counted = Pick<Report, 'id' | 'area' | 'ancestors' | 'category' | 'createdAt' | 'duplicateOf'>;

/**
 * The write paths' hook into the figures. Each is called once, after the write that makes the fact
 * true has succeeded (the report stored, the first acknowledgement, a status change, an SMS handed
 * over), so a retried request never counts twice. A count that fails is logged and lost, never
 * thrown: the figures must not cost a resident their report or an officer their SMS.
 */
export interface StatsRecorder {
  stored(report: Counted): Promise<void>;
  acknowledged(report: Counted, at: string): Promise<void>;
  mediated(report: Counted, outcome: MediationOutcome): Promise<void>;
  escalated(report: Counted): Promise<void>;
  smsSent(report: Counted): Promise<void>;
}

export function dynamoStatsRecorder(store: Store, timeZone: string): StatsRecorder {
  const add = async (event: string, report: Counted, tally: Tally, child = false) => {
    try {
      await addToCounters(store, report, localMonth(report.createdAt, timeZone), tally, { child });
    } catch (error) {
      log.error('stats count lost', { event, reportId: report.id, error: errorName(error) });
    }
  };
  return {
    stored: (report) => {
      const { own, child } = tallies.stored(report);
      return add('stored', report, own, child);
    },
    acknowledged: (report, at) => add('acknowledged', report, tallies.acknowledged(report, at)),
    mediated: (report, outcome) => add('mediated', report, tallies.mediated(report, outcome)),
    smsSent: (report) => add('sms', report, tallies.smsSent()),
    escalated: async (report) => {
      try {
        if (!(await markCountedOnce(store, report.id, 'escalated'))) return;
      } catch (error) {
        log.error('stats count lost', { event: 'escalated', reportId: report.id, error: errorName(error) });
        return;
      }
      await add('escalated', report, tallies.escalated());
    },
  };
}

/** Intake's hook: a report is counted when its write creates it, never when a replay finds it stored. */
export function countingReportWriter(
  writer: ReportWriter,
  stats: Pick<StatsRecorder, 'stored'>,
): ReportWriter {
  return {
    ...writer,
    putReport: async (report) => {
      const result = await writer.putReport(report);
      if (result === 'created') await stats.stored(report);
      return result;
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
      if (report) await stats.acknowledged(report, at);
    }
    return result;
  };
}
