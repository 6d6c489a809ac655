import { onDutyOfficers } from '../roster/store';
import { runtime } from '../shared/runtime';
import { smsFromEnv } from '../shared/sms';
import { type DigestOutcome, type DigestPorts, digestBoxes } from './digest';
import { dynamoDigestStore } from './digest-store';

let ports: DigestPorts | undefined;

function digestPorts(): DigestPorts {
  if (ports) return ports;
  const { store, province, clock } = runtime();
  ports = {
    store: dynamoDigestStore(store),
    roster: { onDutyOfficers: (area, at) => onDutyOfficers(store, area, at) },
    sms: smsFromEnv(process.env, province.sms, clock),
    clock,
    province,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return ports;
}

/**
 * The daily suggestion digest, once: on AWS from a schedule (EventBridge, once a day in the morning,
 * province time), locally from the local runtime. Safe to run again the same day: nothing is sent twice.
 */
export function runDigest(): Promise<DigestOutcome> {
  return digestBoxes(digestPorts());
}

export const handler = async (): Promise<DigestOutcome> => runDigest();
