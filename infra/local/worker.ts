import { errorName, log } from '../../functions/shared/log';

/**
 * The local stand-in for the table stream and the escalation schedule: the same dispatcher functions,
 * fed by polling the dispatch queue often and sweeping escalations every few seconds. Ticks never
 * overlap; a failing tick is logged and the loop goes on.
 */
const DISPATCH_BATCH = 25;
/** The hour (province time) of the daily suggestion digest; the AWS schedule uses the same. */
export const DIGEST_HOUR = 8;

export async function startWorker(
  options: { dispatchEveryMs?: number; escalateEveryMs?: number } = {},
): Promise<{
  stop(): Promise<void>;
}> {
  // Imported only now: the functions read their environment (set by the local system) at import.
  const { dispatchPorts } = await import('../../functions/dispatch/wiring');
  const { dispatchPending } = await import('../../functions/dispatch/dispatcher');
  const { escalateDue } = await import('../../functions/dispatch/escalation');
  const { runDigest } = await import('../../functions/suggestions/digest.handler');
  const { runtime } = await import('../../functions/shared/runtime');
  const { localDate, zoneOffsetMs } = await import('../../functions/roster/zoned-time');
  const ports = dispatchPorts();
  const { province, clock } = runtime();
  let lastDigestDay: string | undefined;
  const dispatchEvery = options.dispatchEveryMs ?? 100;
  const escalateEvery = options.escalateEveryMs ?? 5_000;

  let running = true;
  let lastEscalation = 0;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async () => {
    try {
      // A full batch means more are waiting: take them now rather than on the next tick.
      while ((await dispatchPending(ports, { limit: DISPATCH_BATCH })) >= DISPATCH_BATCH) {
        if (!running) break;
      }
      if (Date.now() - lastEscalation >= escalateEvery) {
        lastEscalation = Date.now();
        await escalateDue(ports);
        // The suggestion digest, daily from DIGEST_HOUR province time as on AWS (safe to run twice).
        const now = clock.now();
        const day = localDate(now, province.timeZone);
        const hour = new Date(now.getTime() + zoneOffsetMs(now, province.timeZone)).getUTCHours();
        if (hour >= DIGEST_HOUR && lastDigestDay !== day) {
          lastDigestDay = day;
          await runDigest();
        }
      }
    } catch (error) {
      log.error('local worker tick failed', { error: errorName(error) });
    }
  };
  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      current = tick().finally(schedule);
    }, dispatchEvery);
  };
  schedule();
  return {
    stop: async () => {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
