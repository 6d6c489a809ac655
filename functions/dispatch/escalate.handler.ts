import { log } from '../shared/log';
import { deps } from './deps';
import { dispatchPending } from './dispatcher';
import { escalateDue } from './escalation';

const ports = deps();

/** Reports the stream has not dispatched after this long are dispatched by the sweep. */
const REDRIVE_AFTER_MS = 2 * 60_000;

/**
 * Every minute (EventBridge): escalate what nobody acknowledged in time, and dispatch reports the
 * stream gave up on, so that a stored report is always notified.
 */
export const handler = async (): Promise<{ escalated: number; redriven: number }> => {
  const escalated = await escalateDue(ports);
  const redriven = await dispatchPending(ports, { olderThanMs: REDRIVE_AFTER_MS });
  if (escalated || redriven) log.info('sweep', { escalated, redriven });
  return { escalated, redriven };
};
