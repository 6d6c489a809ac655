import { type Report, toReport } from '../reports/model';
import type { Suggestion } from '../suggestions/model';

/** One step a resident sees. `note` is only ever what an officer wrote for the resident. */
export interface TimelineEntry {
  at: string;
  status: string;
  /** How many people were texted (dispatched, escalated). */
  recipients?: number;
  /** The role of the officer (acknowledged): never a name or a phone. */
  by?: string;
  note?: string;
}

interface PublicReply {
  at: string;
  text: string;
}

/**
 * Which report a receipt names, so that the person sees it is theirs: its kind, its place (the names
 * the report was filed under) and its times. Never its text, the exact spot typed, nor the contact.
 */
export interface ReportAbout {
  category: { vi: string; en: string };
  place: string;
  /** When it happened, if the resident said. */
  occurredAt?: string;
  receivedAt: string;
}

/** What follow-up shows of anything submitted with a receipt: a report or a suggestion. */
export interface FollowUpView {
  kind: 'report' | 'suggestion';
  /** Reports only: which report this is. */
  about?: ReportAbout;
  status: string;
  duplicateOf?: string;
  /**
   * Reports only: true while the report still holds the name or phone the resident left, so that the
   * page can offer to remove them. The details themselves are never in the answer.
   */
  contactGiven?: true;
  /** Reports only: when the contact details were removed, and whether by the resident or the retention rules. */
  contactRemoved?: { at: string; by: 'resident' | 'retention' };
  timeline: TimelineEntry[];
  replies: PublicReply[];
}

/**
 * A report as its resident may see it, from the items of its partition. Built by picking the few
 * public fields out of known item kinds: notifications (phones), internal notes (sk NOTE#) and
 * anything not listed here can never leak into the answer. Officers' later updates are EVENT#
 * items `{at, status, publicNote?}`; their answers to the resident are REPLY# items `{at, text}`.
 */
export function reportFollowUp(items: readonly Record<string, unknown>[]): FollowUpView | undefined {
  const reportItem = items.find((item) => item.sk === 'REPORT');
  if (!reportItem) return undefined;
  const report: Report = toReport(reportItem);
  const timeline: TimelineEntry[] = [{ at: report.createdAt, status: 'received' }];
  if (report.dispatchedAt && (report.recipients ?? 0) > 0) {
    timeline.push({ at: report.dispatchedAt, status: 'dispatched', recipients: report.recipients ?? 0 });
  }
  const sentByTier = new Map<number, number>();
  for (const item of items) {
    if (typeof item.sk === 'string' && item.sk.startsWith('NOTIFY#') && item.state === 'sent') {
      const tier = Number(item.tier);
      sentByTier.set(tier, (sentByTier.get(tier) ?? 0) + 1);
    }
  }
  const replies: PublicReply[] = [];
  for (const item of items) {
    const sk = typeof item.sk === 'string' ? item.sk : '';
    if (sk.startsWith('TIER#') && Number(item.tier) > 0) {
      const sent = sentByTier.get(Number(item.tier)) ?? 0;
      if (sent > 0) timeline.push({ at: item.at as string, status: 'escalated', recipients: sent });
    } else if (
      sk.startsWith('EVENT#') &&
      typeof item.at === 'string' &&
      typeof item.status === 'string' &&
      // The console's acknowledgement also sets the report's acknowledgedAt, shown once below.
      item.status !== 'acknowledged'
    ) {
      timeline.push({
        at: item.at,
        status: item.status,
        ...(typeof item.publicNote === 'string' && item.publicNote !== '' ? { note: item.publicNote } : {}),
      });
    } else if (
      // An answer erased under the retention rules (empty) is no answer to show.
      sk.startsWith('REPLY#') &&
      typeof item.at === 'string' &&
      typeof item.text === 'string' &&
      item.text !== ''
    ) {
      replies.push({ at: item.at, text: item.text });
    }
  }
  if (report.acknowledgedAt) {
    timeline.push({
      at: report.acknowledgedAt,
      status: 'acknowledged',
      by: report.acknowledgedBy?.role ?? 'officer',
    });
  }
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  replies.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    kind: 'report',
    about: {
      category: { vi: report.categoryLabel.vi, en: report.categoryLabel.en },
      place: report.parentName ? `${report.areaName}, ${report.parentName}` : report.areaName,
      ...(report.occurredAt ? { occurredAt: report.occurredAt } : {}),
      receivedAt: report.createdAt,
    },
    status: report.status,
    ...(report.duplicateOf ? { duplicateOf: report.duplicateOf } : {}),
    ...(report.contact ? { contactGiven: true as const } : {}),
    ...(report.contactRemoved && !report.contact
      ? { contactRemoved: { at: report.contactRemoved.at, by: report.contactRemoved.by } }
      : {}),
    timeline,
    replies,
  };
}

/**
 * A suggestion as its resident sees it by receipt: when it was received, read, answered or withheld,
 * and the officers' public replies. Never its text, who acted, nor why it was withheld.
 */
export function suggestionFollowUp(s: Suggestion | undefined): FollowUpView | undefined {
  if (!s) return undefined;
  const timeline: TimelineEntry[] = [{ at: s.createdAt, status: 'received' }];
  if (s.readAt) timeline.push({ at: s.readAt, status: 'read' });
  if (s.answeredAt) timeline.push({ at: s.answeredAt, status: 'answered' });
  if (s.hidden) timeline.push({ at: s.hidden.at, status: 'hidden' });
  timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    kind: 'suggestion',
    status: s.status,
    timeline,
    replies: s.replies.map((r) => ({ at: r.at, text: r.text })),
  };
}
