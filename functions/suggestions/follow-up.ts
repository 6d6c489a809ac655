import type { FollowUpView, TimelineEntry } from '../follow-up/view';
import type { Suggestion } from './model';

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
