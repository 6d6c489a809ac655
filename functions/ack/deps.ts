import { deps as abuseDeps } from '../abuse/deps';
import { getSummary, getTier } from '../dispatch/store';
import { getPlaybook } from '../playbooks/store';
import { acknowledgeReport, getReport } from '../reports/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { countingAcknowledge, dynamoStatsRecorder } from '../stats/store';
import type { AckPorts } from './acknowledge';

/** The acknowledge routes' ports, made once per process and shared by their GET and POST handlers. */
export const deps = once(() => {
  const { store, secrets, clock, province } = runtime();
  const ports: AckPorts = {
    secrets,
    clock,
    reports: {
      getReport: (id) => getReport(store, id),
      // The first acknowledgement is counted for the figures (time to acknowledge, functions/stats).
      acknowledge: countingAcknowledge(
        (id, by, at) => acknowledgeReport(store, id, by, at),
        (id) => getReport(store, id),
        dynamoStatsRecorder(store, province.timeZone),
      ),
    },
    tiers: { getTier: (id, tier) => getTier(store, id, tier) },
    playbooks: { getPlaybook: (category) => getPlaybook(store, category) },
  };
  // The summary page's: the summaries the sweep stored (it reads reports through `reports`).
  const summaries = { getSummary: (id: string) => getSummary(store, id) };
  return {
    ...ports,
    summaries,
    guard: abuseDeps().guard,
    timeZone: province.timeZone,
    limits: province.rateLimits,
  };
});
