import { errorName, log } from '../shared/log';
import { type ClimbPorts, DispatchBusy, escalateReport } from './dispatcher';
import type { DispatchStore } from './store';

export interface EscalationPorts extends ClimbPorts {
  store: ClimbPorts['store'] & Pick<DispatchStore, 'dueForEscalation'>;
}

/**
 * The escalation sweep (every minute on AWS, every tick locally): reports nobody acknowledged in
 * the province's minutes for their urgency go to the next tier up the area tree, officers on duty
 * there now, and last to the province's duty desk (dispatcher.ts, escalateReport: a tier that texts
 * nobody is followed by the next at once). It also resumes a run that died between tiers: such a
 * report was queued due at once. It queries the acknowledgement queue by due time; it never scans.
 * Returns how many reports were escalated.
 */
export async function escalateDue(ports: EscalationPorts, options: { limit?: number } = {}): Promise<number> {
  const now = ports.clock.now();
  const due = await ports.store.dueForEscalation(now.toISOString(), options.limit ?? 50);
  let escalated = 0;
  for (const { id, dueKey } of due) {
    try {
      if (await escalateReport(ports, id, dueKey)) escalated++;
    } catch (error) {
      if (!(error instanceof DispatchBusy))
        log.error('escalation failed', { reportId: id, error: errorName(error) });
    }
  }
  return escalated;
}
