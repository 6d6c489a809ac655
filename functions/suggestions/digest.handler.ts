import type { Context } from 'aws-lambda';
import { withRequestIds } from '../shared/log';
import { type DigestOutcome, digestBoxes } from './digest';
import { deps } from './digest.deps';

const ports = deps();

/**
 * The daily suggestion digest, once: on AWS from a schedule (EventBridge, once a day in the morning,
 * province time), locally from the local runtime. Safe to run again the same day: nothing is sent twice.
 */
export function runDigest(): Promise<DigestOutcome> {
  return digestBoxes(ports);
}

export const handler = (_event: unknown, context: Context): Promise<DigestOutcome> =>
  withRequestIds({ lambdaRequestId: context.awsRequestId }, runDigest);
