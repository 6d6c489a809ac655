import {
  type FloodAlert,
  floodThreshold,
  minuteOf,
  minutesBefore,
  normalPerWindow,
  windowOf,
} from '../abuse/model';
import type { IntakeRates } from '../abuse/store';
import type { Report } from '../reports/model';
import { errorName, log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { localDate } from '../shared/time';
import type { Alerts } from '../sms/alerts';
import type { MarkOnce } from '../sms/store';
import { addMonths, localMonth } from '../stats/model';
import { notifyAdmins } from './admin-alerts';
import { levelsOf } from './model';

/** A place's normal rate is read from the figures of this many full months before the current one. */
const NORMAL_MONTHS = 3;

export interface FloodPorts {
  /** The shared rate; deps.ts keeps a read of minutes that are over for a minute. */
  rates: Pick<IntakeRates, 'count' | 'between'>;
  /**
   * The reports (incidents and duplicates) the figures counted in a place over whole months, `from` to
   * `to` (functions/stats; deps.ts keeps each place's for an hour).
   */
  reportsInMonths(area: string, from: string, to: string): Promise<number>;
  floodAlerts: { record(day: string, alert: FloodAlert): Promise<void> };
  markOnce: MarkOnce;
  alerts: Alerts;
  clock: Clock;
  province: Pick<Province, 'id' | 'rootArea' | 'name' | 'timeZone' | 'flood'>;
  sleep(ms: number): Promise<void>;
}

/**
 * Called once per report by the dispatcher's run that took it out of the queue (its figures' hook,
 * deps.ts): counts the report in the shared rate of every place from its own up to the province (the
 * rate the proofs of work scale with, abuse/difficulty.ts), and when a place's reports in the last
 * `flood.windowMinutes` reach its flood threshold (max(minReports, factor × its normal)), alerts the
 * admins once per place and local day, with the figures and no resident's words, and keeps the alert
 * for the console (pk ALERTS#<local date>, sk FLOOD#<area>). A report dispatched late (the sweep after
 * an outage) is counted in the minute it arrived and alerts nobody. Never throws: watching for floods
 * must never cost a report its dispatch.
 */
export async function watchFlood(report: Report, ports: FloodPorts): Promise<void> {
  const now = ports.clock.now();
  const minute = minuteOf(report.createdAt);
  const recent = minute >= minutesBefore(minuteOf(now), 1);
  await Promise.all(
    levelsOf(report).map((area) =>
      watchPlace(report, area, minute, recent, now, ports).catch((error: unknown) =>
        log.warn('flood watch failed', { reportId: report.id, area, error: errorName(error) }),
      ),
    ),
  );
}

async function watchPlace(
  report: Report,
  area: string,
  minute: string,
  recent: boolean,
  now: Date,
  ports: FloodPorts,
): Promise<void> {
  const { flood } = ports.province;
  const normal = await normalOf(area, now, ports);
  const threshold = floodThreshold(normal, flood);
  const inMinute = await ports.rates.count(area, minute, threshold);
  if (!recent) return;
  const { from } = windowOf(minute, flood.windowMinutes);
  const before =
    flood.windowMinutes > 1 ? await ports.rates.between(area, from, minutesBefore(minute, 1)) : [];
  const count = inMinute + before.reduce((sum, b) => sum + b.n, 0);
  if (count < threshold) return;
  const day = localDate(now, ports.province.timeZone);
  if (!(await ports.markOnce(`flood#${day}#${area}`, now.toISOString()))) return;
  const alert: FloodAlert = {
    type: 'floodAlert',
    area,
    areaName: placeName(report, area, ports.province),
    count,
    windowMinutes: flood.windowMinutes,
    normal: Math.round(normal * 100) / 100,
    at: now.toISOString(),
  };
  await ports.floodAlerts.record(day, alert);
  log.warn('flood of reports', { area, count, threshold, windowMinutes: flood.windowMinutes });
  await notifyAdmins(ports, {
    subject: `tuquan ${ports.province.id}: a flood of reports in ${alert.areaName}`,
    body:
      `${count} reports in ${alert.areaName} (${area}) in the last ${flood.windowMinutes} minutes, where ` +
      `${alert.normal} is normal (alert at ${threshold}). Every report is stored and dispatched as usual; ` +
      'proofs of work for the place are harder until it calms down. The console lists the flood.',
  });
}

/**
 * A place's normal count of reports for one window: what the figures counted there in the full months
 * before this one, spread evenly over those months' minutes. A new system (or place) has none: the
 * threshold is then the floor.
 */
async function normalOf(area: string, now: Date, ports: FloodPorts): Promise<number> {
  const month = localMonth(now, ports.province.timeZone);
  const from = addMonths(month, -NORMAL_MONTHS);
  const to = addMonths(month, -1);
  const reports = await ports.reportsInMonths(area, from, to);
  let minutes = 0;
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    const days = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).getUTCDate();
    minutes += days * 1440;
  }
  return normalPerWindow(reports, minutes, ports.province.flood);
}

/** A place's name as the report carries it: its own, its commune's or ward's, or the province's. */
function placeName(
  report: Pick<Report, 'area' | 'areaName' | 'ancestors' | 'parentName'>,
  area: string,
  province: Pick<Province, 'rootArea' | 'name'>,
): string {
  if (area === report.area) return report.areaName;
  if (area === province.rootArea) return province.name.vi;
  if (area === report.ancestors.at(-1) && report.parentName) return report.parentName;
  return area;
}
