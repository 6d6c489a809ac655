import { deps as abuseDeps } from '../abuse/deps';
import { reportPartition } from '../reports/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { getSuggestion } from '../suggestions/store';
import type { EraseContactPorts } from './erase-contact';
import type { FollowUpPorts } from './follow-up';
import { removeReportContact } from './store';

/**
 * Follow-up's ports, made once per process: it reads a report's partition and a suggestion by id;
 * erasure updates the report's item.
 */
export const deps = once(() => {
  const { store, secrets, province, clock } = runtime();
  const followUp: FollowUpPorts = {
    secrets,
    reports: { partition: (id) => reportPartition(store, id) },
    suggestions: { get: (id) => getSuggestion(store, id) },
  };
  const eraseContact: EraseContactPorts = {
    secrets,
    clock,
    reports: { removeContact: (id, removed) => removeReportContact(store, id, removed) },
  };
  return { followUp, eraseContact, guard: abuseDeps().guard, timeZone: province.timeZone };
});
