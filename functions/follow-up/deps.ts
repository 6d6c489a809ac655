import { deps as abuseDeps } from '../abuse/deps';
import { reportPartition } from '../reports/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { getSuggestion } from '../suggestions/store';
import type { FollowUpPorts } from './follow-up';

/** Follow-up's ports, made once per process: it reads a report's partition and a suggestion by id. */
export const deps = once(() => {
  const { store, secrets, province } = runtime();
  const followUp: FollowUpPorts = {
    secrets,
    reports: { partition: (id) => reportPartition(store, id) },
    suggestions: { get: (id) => getSuggestion(store, id) },
  };
  return { followUp, guard: abuseDeps().guard, timeZone: province.timeZone };
});
