import { nextReportErasure, toReport } from '../reports/model';
import type { Clock } from '../shared/ports';
import type { RetentionPolicy } from '../shared/province';
import { type ErasureCounts, kindOf, noErasures, type QueuedItem } from './model';
import type { RetentionStore } from './store';

export interface EraseDuePorts {
  retention: RetentionStore;
  clock: Clock;
  policy: RetentionPolicy;
}

/** Queue entries listed per page; each is handled before the next page is read. */
const PAGE = 100;

/**
 * The retention job, once (daily on AWS, on the local clock's day locally): every item the retention
 * queue lists as due now loses what is due, oldest first. It reads the queue and, of each item, that
 * item (and a report's own partition when its words go), nothing else. Safe to run twice or to stop
 * anywhere: a write applies only while the item is still queued as it was listed.
 */
export async function eraseDue(ports: EraseDuePorts): Promise<ErasureCounts> {
  const now = ports.clock.now();
  const at = now.toISOString();
  const counts = noErasures();
  let after: Record<string, unknown> | undefined;
  do {
    const page = await ports.retention.dueAt(now, PAGE, after);
    for (const queued of page.items) {
      counts.due++;
      const outcome = await eraseOne(queued, at, ports);
      counts[outcome]++;
    }
    after = page.next;
  } while (after);
  return counts;
}

type Outcome = Exclude<keyof ErasureCounts, 'due'>;

async function eraseOne(queued: QueuedItem, at: string, ports: EraseDuePorts): Promise<Outcome> {
  const { retention, policy } = ports;
  const { key, erasure } = queued;
  const kind = kindOf(key);
  if (kind === 'audit') return (await retention.deleteItem(key, queued.queued)) ? 'auditRecords' : 'skipped';
  if (kind === 'digestPlan')
    return (await retention.deleteItem(key, queued.queued)) ? 'digestPlans' : 'skipped';

  const item = await retention.get(key);
  // Gone, or moved in the queue since it was listed (a case settled, a suggestion answered).
  if (!item || item.gsi4sk !== queued.queued || kind === undefined) return 'skipped';

  if (kind === 'suggestion') {
    const replies = (item.replies as Record<string, unknown>[] | undefined) ?? [];
    const hidden = item.hidden !== undefined;
    return (await retention.eraseSuggestionText(key, queued.queued, at, replies, hidden))
      ? 'suggestionTexts'
      : 'skipped';
  }
  if (kind === 'opening')
    return (await retention.eraseOpening(key, queued.queued, at)) ? 'openings' : 'skipped';
  if (kind === 'patrol')
    return (await retention.erasePatrolNotes(key, queued.queued, at)) ? 'patrolNotes' : 'skipped';

  const report = toReport(item);
  if (erasure.stage === 'contact') {
    const next = nextReportErasure({ ...report, contact: undefined }, policy);
    if (!report.contact) return (await retention.requeue(key, queued.queued, next)) ? 'moved' : 'skipped';
    return (await retention.eraseReportContact(report.id, queued.queued, at, next))
      ? 'reportContacts'
      : 'skipped';
  }
  const held = {
    mediator: typeof (item.mediation as { mediator?: unknown } | undefined)?.mediator === 'string',
    contact: report.contact !== undefined,
  };
  return (await retention.eraseReportText(report.id, queued.queued, at, held)) ? 'reportTexts' : 'skipped';
}
