import type { Summary } from '../dispatch/model';
import { signAckToken, verifySummaryToken } from '../dispatch/token';
import type { Report } from '../reports/model';
import { NotFound } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { Secrets } from '../shared/secrets';
import { type AckView, viewOf } from './acknowledge';

/** What opening a summary link reads: the summary it names and the reports it carried. */
export interface SummaryPorts {
  secrets: Pick<Secrets, 'key'>;
  clock: Clock;
  reports: { getReport(id: string): Promise<Report | undefined> };
  summaries: { getSummary(id: string): Promise<Summary | undefined> };
}

/** One report of a summary: what its own acknowledge page shows, and that page's link. */
interface SummaryItem extends AckView {
  /** The report's own acknowledge link (`/api/ack/<token>`): GET shows it, POST acknowledges it. */
  ack: string;
}

export interface SummaryView {
  sentAt: string;
  reports: SummaryItem[];
}

/**
 * GET /api/ack/summary/{token}: the reports one summary SMS carried, oldest first, each with its own
 * acknowledge link — signed as that report's SMS would have been (its tier and place in that tier's
 * plan, the summary's time), so that acknowledging one from here is acknowledging it by its own link.
 * Changes nothing (phones and chat apps open links to preview them). A malformed, forged or expired
 * link, or a summary that is not there → 404.
 */
export async function showSummary(token: string, ports: SummaryPorts): Promise<SummaryView> {
  const key = await ports.secrets.key('ack-token');
  const id = verifySummaryToken(key, token, ports.clock.now());
  const summary = id ? await ports.summaries.getSummary(id) : undefined;
  if (!summary) throw new NotFound('error.ack_link_invalid');
  const sentAt = new Date(summary.sentAt);
  const reports = await Promise.all(
    summary.reports.map(async (ref) => {
      const report = await ports.reports.getReport(ref.reportId);
      if (!report) return undefined;
      const ack = signAckToken(key, { reportId: ref.reportId, tier: ref.tier, index: ref.index }, sentAt);
      return { ...viewOf(report), ack: `/api/ack/${ack}` };
    }),
  );
  return { sentAt: summary.sentAt, reports: reports.filter((r): r is SummaryItem => r !== undefined) };
}
