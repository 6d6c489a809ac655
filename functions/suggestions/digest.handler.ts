import { onDutyOfficers } from '../roster/store';
import { runtime } from '../shared/runtime';
import { smsFromEnv } from '../sms/send';
import { type DigestOutcome, type DigestPorts, digestBoxes } from './digest';
import { dynamoDigestStore } from './digest-store';

function digestPorts(): DigestPorts {
  const { store, province, clock } = runtime();
  return {
    store: dynamoDigestStore(store),
    roster: { onDutyOfficers: (area, at) => onDutyOfficers(store, area, at) },
    sms: smsFromEnv(process.env, province.sms, clock),
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

// Made at start-up, as every function's clients are: each run needs the store and the SMS client.
const ports = digestPorts();

/**
 * The daily suggestion digest, once: on AWS from a schedule (EventBridge, once a day in the morning,
 * province time), locally from the local runtime. Safe to run again the same day: nothing is sent twice.
 */
export function runDigest(): Promise<DigestOutcome> {
  return digestBoxes(ports);
}

export const handler = async (): Promise<DigestOutcome> => runDigest();
