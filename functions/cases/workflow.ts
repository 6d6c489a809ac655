import type { ReportStatus } from '../reports/model';

/**
 * The case workflow: received → acknowledged → in_progress → resolved | mediated | referred → closed.
 * A case may skip forward (a mediator who settled a quarrel on the spot records it at once), never go
 * back, and closes only once it has an outcome.
 */
const STAGE: Record<ReportStatus, number> = {
  received: 0,
  acknowledged: 1,
  in_progress: 2,
  resolved: 3,
  mediated: 3,
  referred: 3,
  closed: 4,
};

const ORDER: readonly ReportStatus[] = [
  'acknowledged',
  'in_progress',
  'resolved',
  'mediated',
  'referred',
  'closed',
];

/** Where a case may go from `current`, in the workflow's order. */
export function nextStatuses(current: ReportStatus): ReportStatus[] {
  const stage = STAGE[current];
  if (stage === 3) return ['closed'];
  return ORDER.filter((next) => STAGE[next] > stage && STAGE[next] <= 3);
}

export function canMove(from: ReportStatus, to: ReportStatus): boolean {
  return nextStatuses(from).includes(to);
}
