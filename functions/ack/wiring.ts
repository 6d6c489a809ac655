import { dynamoDispatchStore } from '../dispatch/store';
import { acknowledgeReport, getReport } from '../reports/store';
import { runtime } from '../shared/runtime';
import type { AckPorts } from './acknowledge';

/** The acknowledge routes' ports, shared by the GET and POST handlers of one process. */
export function ackPorts(): AckPorts {
  const { store, secrets, clock } = runtime();
  const dispatch = dynamoDispatchStore(store);
  return {
    secrets,
    clock,
    reports: {
      getReport: (id) => getReport(store, id),
      acknowledge: (id, by, at) => acknowledgeReport(store, id, by, at),
    },
    tiers: { getTier: (id, tier) => dispatch.getTier(id, tier) },
  };
}
