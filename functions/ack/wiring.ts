import { dynamoDispatchStore } from '../dispatch/store';
import { acknowledgeReport, getReport } from '../reports/store';
import { runtime } from '../shared/runtime';
import { countingAcknowledge, dynamoStatsRecorder } from '../stats/recorder';
import type { AckPorts } from './acknowledge';

/** The acknowledge routes' ports, shared by the GET and POST handlers of one process. */
export function ackPorts(): AckPorts {
  const { store, secrets, clock, province } = runtime();
  const dispatch = dynamoDispatchStore(store);
  return {
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
    tiers: { getTier: (id, tier) => dispatch.getTier(id, tier) },
  };
}
