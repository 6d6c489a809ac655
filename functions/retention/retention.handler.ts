import type { Context } from 'aws-lambda';
import { log, withRequestIds } from '../shared/log';
import { deps } from './deps';
import { eraseDue } from './erase-due';
import type { ErasureCounts } from './model';

const ports = deps();

/**
 * The retention job, once: daily on AWS (EventBridge Scheduler, at night province time), on the local
 * clock's day in the local worker. Its log line holds counts only, never what was erased.
 */
export async function runRetention(): Promise<ErasureCounts> {
  const counts = await eraseDue(ports);
  log.info('retention', { ...counts });
  return counts;
}

export const handler = (_event: unknown, context: Context): Promise<ErasureCounts> =>
  withRequestIds({ lambdaRequestId: context.awsRequestId }, runRetention);
