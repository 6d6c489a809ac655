import { getOfficers, shiftsInArea } from '../roster/store';
import { once } from '../shared/once';
import { runtime } from '../shared/runtime';
import { sleep } from '../shared/submit-once';
import { cachedRoster } from '../sms/roster';
import { createSnsClient, smsFromEnv } from '../sms/send';
import { smsCapReserver } from '../sms/store';
import type { DigestPorts } from './digest';
import { digestStore } from './store';

/** How long the digest may act on a roster read (it asks about each place once a run anyway). */
const ROSTER_TTL_MS = 10_000;

/**
 * The daily digest's ports, apart from the folder's deps.ts because only this scheduled function texts:
 * the HTTP functions of suggestions/ never load the SNS client (ADR 0013).
 */
export const deps = once((): DigestPorts => {
  const { store, clock, province } = runtime();
  return {
    store: digestStore(store, province.retention),
    roster: cachedRoster(
      {
        shiftsInArea: (area, from, to) => shiftsInArea(store, area, from, to),
        officers: (ids) => getOfficers(store, ids),
      },
      { ttlMs: ROSTER_TTL_MS },
    ),
    sms: smsFromEnv(process.env, province.sms, clock, createSnsClient),
    reserveSms: smsCapReserver(store),
    clock,
    province,
    sleep,
  };
});
