import type { Context } from 'aws-lambda';
import { log, withRequestIds } from '../shared/log';
import { deps } from './deps';
import { dispatchPending } from './dispatcher';
import { escalateDue } from './escalation';
import { sendHeld } from './summaries';

const ports = deps();

/** Reports the stream has not dispatched after this long are dispatched by the sweep. */
const REDRIVE_AFTER_MS = 2 * 60_000;

/**
 * Every minute (EventBridge): escalate what nobody acknowledged in time (and resume a climb a dead run
 * left due at once), and dispatch reports the stream gave up on, the most urgent first, so that a
 * stored report is always notified; then text the throttled phones whose next free slot has come
 * (their held high-urgency reports one by one, then one summary each).
 */
export const handler = (
  _event: unknown,
  context: Context,
): Promise<{ escalated: number; redriven: number; held: number }> =>
  withRequestIds({ lambdaRequestId: context.awsRequestId }, async () => {
    const escalated = await escalateDue(ports);
    const redriven = await dispatchPending(ports, { olderThanMs: REDRIVE_AFTER_MS });
    const held = await sendHeld(ports);
    if (escalated || redriven || held) log.info('sweep', { escalated, redriven, held });
    return { escalated, redriven, held };
  });
