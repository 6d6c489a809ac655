import { reportPartition } from '../reports/store';
import { reportFollowUp } from '../reports/timeline';
import type { Store } from '../shared/store/client';
import { suggestionFollowUp } from '../suggestions/follow-up';
import { getSuggestion } from '../suggestions/store';
import type { FollowUpReaders } from './follow-up';

/** One reader per kind of receipt. */
export function followUpReaders(store: Store): FollowUpReaders {
  return {
    report: async (id) => reportFollowUp(await reportPartition(store, id)),
    suggestion: async (id) => suggestionFollowUp(await getSuggestion(store, id)),
  };
}
