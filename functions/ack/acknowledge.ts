import type { TierPlan } from '../dispatch/model';
import { verifyAckToken } from '../dispatch/token';
import { PLAYBOOK, type Playbook, type PlaybookStep } from '../playbooks/model';
import type { Report } from '../reports/model';
import { reportTime } from '../reports/model';
import { NotFound } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { Secrets } from '../shared/secrets';

/** What opening a link reads: the report it names and the tier that texted it. */
interface LinkPorts {
  secrets: Pick<Secrets, 'key'>;
  clock: Clock;
  reports: { getReport(id: string): Promise<Report | undefined> };
  tiers: { getTier(id: string, tier: number): Promise<TierPlan | undefined> };
}

export interface AckPorts extends LinkPorts {
  playbooks: { getPlaybook(category: string): Promise<Playbook | undefined> };
  reports: LinkPorts['reports'] & {
    /** The first acknowledgement wins; undefined when the report does not exist. */
    acknowledge(
      id: string,
      by: { role: string; officerId?: string },
      at: string,
    ): Promise<{ first: boolean; role: string } | undefined>;
  };
}

/** What the acknowledge page shows: enough to decide, nothing about who reported or what they wrote. */
export interface AckView {
  /** The report's id, for its case in the officer console. */
  id: string;
  category: { code: string; label: { vi: string; en: string } };
  area: string;
  place: string;
  time: string;
  acknowledged: boolean;
  by?: string;
  /** Whether the one who took it is the recipient this link names (the link's own page only). */
  byYou?: boolean;
}

export interface Acknowledged {
  status: 'acknowledged';
  /** The report's id, for its case in the officer console. */
  id: string;
  by: string;
  first: boolean;
  /** The recipient this link names took it: now (`first`) or earlier, from this link or the console. */
  byYou: boolean;
  /**
   * Taken by this recipient: the first steps of the category's playbook, what to do on the way (the
   * case page has them all, as a checklist), and how many steps it has.
   */
  steps?: PlaybookStep[];
  stepCount?: number;
}

type Recipient = { role: string; officerId?: string | undefined };

/** Whether `by` (who acknowledged) is this recipient: the same officer, or the duty desk for the desk. */
function isRecipient(by: Report['acknowledgedBy'], recipient: Recipient): boolean {
  if (!by) return false;
  return recipient.officerId
    ? by.officerId === recipient.officerId
    : !by.officerId && by.role === recipient.role;
}

/** The report and recipient a link names; a malformed, forged or expired link, or a gone report → 404. */
async function openLink(token: string, ports: LinkPorts) {
  const ref = verifyAckToken(await ports.secrets.key('ack-token'), token, ports.clock.now());
  if (!ref) throw new NotFound('error.ack_link_invalid');
  const [report, tier] = await Promise.all([
    ports.reports.getReport(ref.reportId),
    ports.tiers.getTier(ref.reportId, ref.tier),
  ]);
  const recipient = tier?.recipients[ref.index];
  if (!report || !recipient) throw new NotFound('error.ack_link_invalid');
  return { report, recipient };
}

/** GET /api/ack/{token}: what the link is about. Changes nothing: chat apps open links to preview them. */
export async function showAck(token: string, ports: LinkPorts): Promise<AckView> {
  const { report, recipient } = await openLink(token, ports);
  const view = viewOf(report);
  return view.acknowledged ? { ...view, byYou: isRecipient(report.acknowledgedBy, recipient) } : view;
}

/** A report as an acknowledge page shows it (here, and in a summary's list). */
export function viewOf(report: Report): AckView {
  return {
    id: report.id,
    category: { code: report.category, label: report.categoryLabel },
    area: report.area,
    place: report.parentName ? `${report.areaName}, ${report.parentName}` : report.areaName,
    time: reportTime(report),
    acknowledged: report.acknowledgedAt !== undefined,
    ...(report.acknowledgedBy ? { by: report.acknowledgedBy.role } : {}),
  };
}

/**
 * POST /api/ack/{token}: the officer the link names takes the report, unless someone was first. Taken
 * already by this same recipient (a second tap, or the console), it says so rather than "someone".
 */
export async function acknowledge(token: string, ports: AckPorts): Promise<Acknowledged> {
  const { report, recipient } = await openLink(token, ports);
  if (isRecipient(report.acknowledgedBy, recipient)) {
    return {
      status: 'acknowledged',
      id: report.id,
      by: recipient.role,
      first: false,
      byYou: true,
      ...(await firstSteps(report.category, ports)),
    };
  }
  const by = { role: recipient.role, ...(recipient.officerId ? { officerId: recipient.officerId } : {}) };
  // Read before the write: a store that fails here answers 503 with nothing taken, and the retry takes it.
  const steps = await firstSteps(report.category, ports);
  const result = await ports.reports.acknowledge(report.id, by, ports.clock.now().toISOString());
  if (!result) throw new NotFound('error.ack_link_invalid');
  return {
    status: 'acknowledged',
    id: report.id,
    by: result.role,
    first: result.first,
    byYou: result.first,
    ...(result.first ? steps : {}),
  };
}

/** What the one who took the report does first: the playbook's opening steps, none without a playbook. */
async function firstSteps(
  category: string,
  ports: Pick<AckPorts, 'playbooks'>,
): Promise<Pick<Acknowledged, 'steps' | 'stepCount'>> {
  const playbook = await ports.playbooks.getPlaybook(category);
  if (!playbook || playbook.steps.length === 0) return {};
  return { steps: playbook.steps.slice(0, PLAYBOOK.firstSteps), stepCount: playbook.steps.length };
}
