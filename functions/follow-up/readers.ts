import { reportPartition } from '../reports/store';
import { reportFollowUp } from '../reports/timeline';
import type { Store } from '../shared/store/client';
import type { FollowUpReaders } from './follow-up';

/** One reader per kind of receipt; the suggestions feature adds `suggestion` here. */
export function followUpReaders(store: Store): FollowUpReaders {
  return {
    report: async (id) => reportFollowUp(await reportPartition(store, id)),
  };
}
