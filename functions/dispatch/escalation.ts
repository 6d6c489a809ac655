import type { Report } from '../reports/model';
import { errorName, log } from '../shared/log';
import type { RosterReader } from '../sms/roster';
import { alertUnsent, DispatchBusy, fanOut, planTier, type TierPorts } from './dispatcher';
import { ackDueAt, DESK, levelsOf } from './model';
import type { DispatchStore } from './store';
import { MAX_TIER } from './token';

export interface EscalationPorts extends TierPorts {
  store: TierPorts['store'] &
    Pick<
      DispatchStore,
      | 'getReport'
      | 'dueForEscalation'
      | 'getTier'
      | 'putTier'
      | 'notifications'
      | 'advanceEscalation'
      | 'clearAckDue'
    >;
  roster: RosterReader;
  /** The figures' hook, called by the one sweep that moved the report up a tier; it never throws. */
  stats?: { escalated(report: Report, tier: number, smsSent: number): Promise<void> };
}

/**
 * The escalation sweep (every minute on AWS, every tick locally): reports nobody acknowledged in
 * the province's minutes for their urgency go to the next tier up the area tree, officers on duty
 * there now, and last to the province's duty desk. It queries the acknowledgement queue by due
 * time; it never scans. Returns how many reports were escalated.
 */
export async function escalateDue(ports: EscalationPorts, options: { limit?: number } = {}): Promise<number> {
  const now = ports.clock.now();
  const due = await ports.store.dueForEscalation(now.toISOString(), options.limit ?? 50);
  let escalated = 0;
  for (const { id, dueKey } of due) {
    try {
      if (await escalateReport(ports, id, dueKey, now)) escalated++;
    } catch (error) {
      if (!(error instanceof DispatchBusy))
        log.error('escalation failed', { reportId: id, error: errorName(error) });
    }
  }
  return escalated;
}

async function escalateReport(
  ports: EscalationPorts,
  id: string,
  dueKey: string,
  now: Date,
): Promise<boolean> {
  const report = await ports.store.getReport(id);
  if (!report || report.acknowledgedAt || report.status !== 'received') {
    // Acknowledged (or taken up in the console) since: it leaves the queue here, lazily.
    await ports.store.clearAckDue(id, dueKey);
    return false;
  }
  const tier = (report.escalationTier ?? 0) + 1;
  // The tier's plan is its once-only marker: a sweep that died after storing it resumes with it.
  let plan = await ports.store.getTier(id, tier);
  if (!plan) {
    const texted = new Set((await ports.store.notifications(id)).map((n) => n.key));
    const fresh =
      tier <= MAX_TIER ? await planTier(ports, report, tier, now, nextLevel(report), texted) : undefined;
    if (!fresh) {
      await ports.store.clearAckDue(id, dueKey);
      return false;
    }
    plan = await ports.store.putTier(id, fresh);
  }
  const outcome = await fanOut(ports, report, plan);
  const moved = await ports.store.advanceEscalation(id, dueKey, {
    tier,
    level: plan.level,
    ...(plan.level !== DESK ? { ackDue: ackDueAt(ports.province, report, now) } : {}),
  });
  log.info('report escalated', { reportId: id, tier, reached: plan.level, sent: outcome.sent });
  // Counted by the one sweep that moved the report from this due time: overlapping sweeps count once.
  if (moved) await ports.stats?.escalated(report, tier, outcome.sent);
  if (outcome.sent === 0 && outcome.failed > 0) await alertUnsent(ports, report, tier);
  return true;
}

/** The first level above the one last reached; past the province when the desk was reached. */
function nextLevel(report: Report): number {
  const levels = levelsOf(report);
  if (report.notifiedLevel === DESK) return levels.length;
  const index = report.notifiedLevel ? levels.indexOf(report.notifiedLevel) : 0;
  return index + 1;
}
