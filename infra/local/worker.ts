import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { DispatchPorts } from '../../functions/dispatch/dispatcher';
import type { EscalationPorts } from '../../functions/dispatch/escalation';
import type { HeldPorts } from '../../functions/dispatch/summaries';
import type { RouteDef } from '../../functions/routes';
import { errorName, log } from '../../functions/shared/log';
import { DispatchPipeline } from './dispatch-pipeline';

/** The hour (province time) of the daily suggestion digest; the AWS schedule uses the same. */
const DIGEST_HOUR = 8;

export interface WorkerOptions {
  /** The fallback poll of the dispatch queue, for reports no nudge named. */
  dispatchEveryMs?: number;
  /** The escalation sweep (and the digest's daily check), each run after the last has finished. */
  escalateEveryMs?: number;
  /** Dispatches in flight at most (an eighth of them kept for high-urgency reports). */
  maxInFlight?: number;
  /** The dispatcher's ports; by default those the AWS functions make from the environment. */
  ports?: DispatchPorts & EscalationPorts & HeldPorts;
}

interface WorkerStatus {
  paused: boolean;
  /** Dispatches under way. */
  inFlight: number;
}

export interface LocalWorker {
  /** The gateway stored a report (its id when the answer named it): dispatch it now. */
  nudge(reportId?: string): void;
  /** Holds the worker (no dispatch, sweep or digest starts); resolves once what was running has finished. */
  pause(): Promise<WorkerStatus>;
  /** Lets it go again: what was stored meanwhile starts at once. */
  resume(): Promise<WorkerStatus>;
  /** Resolves when every dispatch and sweep in flight has finished. */
  stop(): Promise<void>;
}

/**
 * The local stand-in for the table stream and the schedules: the same dispatcher functions as on
 * AWS, fed by the gateway's nudges and a short poll (infra/local/dispatch-pipeline.ts), and the
 * escalation sweep, the daily digest and the daily retention job on their own cadence, never
 * overlapping themselves. A failure is
 * logged and the loops go on.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<LocalWorker> {
  // Imported only now: the functions read their environment (set by the local system) at import.
  const { deps } = await import('../../functions/dispatch/deps');
  const { DispatchBusy, dispatchReport } = await import('../../functions/dispatch/dispatcher');
  const { escalateDue } = await import('../../functions/dispatch/escalation');
  const { sendHeld } = await import('../../functions/dispatch/summaries');
  const { runDigest } = await import('../../functions/suggestions/digest.handler');
  const { runRetention } = await import('../../functions/retention/retention.handler');
  const { localDate, zoneOffsetMs } = await import('../../functions/shared/time');
  const ports = options.ports ?? deps();
  const { province, clock } = ports;

  const pipeline = new DispatchPipeline(
    {
      pending: async (limit, highOnly) =>
        (await ports.store.pendingDispatch({ limit, highOnly })).map(({ id, urgency }) => ({
          id,
          high: urgency === 'high',
        })),
      isHigh: async (id) => (await ports.store.getReport(id))?.urgency === 'high',
      dispatch: (id) =>
        dispatchReport(ports, id).catch((error: unknown) => {
          if (!(error instanceof DispatchBusy))
            log.error('dispatch failed', { reportId: id, error: errorName(error) });
          throw error;
        }),
    },
    {
      maxInFlight: options.maxInFlight ?? 32,
      pollEveryMs: options.dispatchEveryMs ?? 50,
      retryAfterMs: 1_000,
      onPollError: (error) => log.error('local worker poll failed', { error: errorName(error) }),
    },
  );

  let lastDigestDay: string | undefined;
  let lastRetentionDay: string | undefined;
  const sweep = async () => {
    try {
      await escalateDue(ports);
      // Throttled phones whose next free slot has come: their held reports, as on AWS.
      await sendHeld(ports);
      // The suggestion digest, daily from DIGEST_HOUR province time as on AWS (safe to run twice).
      const now = clock.now();
      const day = localDate(now, province.timeZone);
      const hour = new Date(now.getTime() + zoneOffsetMs(now, province.timeZone)).getUTCHours();
      if (hour >= DIGEST_HOUR && lastDigestDay !== day) {
        lastDigestDay = day;
        await runDigest();
      }
      // The retention job, once a day of the local clock (at start, and after POST /_local/clock moves it
      // past midnight), as the AWS schedule runs it nightly.
      if (lastRetentionDay !== day) {
        lastRetentionDay = day;
        await runRetention();
      }
    } catch (error) {
      log.error('local worker sweep failed', { error: errorName(error) });
    }
  };
  let running = true;
  let sweeping: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const scheduleSweep = (delayMs: number) => {
    if (!running) return;
    timer = setTimeout(() => {
      sweeping = (pipeline.isPaused ? Promise.resolve() : sweep()).finally(() =>
        scheduleSweep(options.escalateEveryMs ?? 5_000),
      );
    }, delayMs);
  };
  // The first sweep at once: what fell due while the system was stopped goes out on start.
  scheduleSweep(0);

  const status = (): WorkerStatus => ({ paused: pipeline.isPaused, inFlight: pipeline.inFlightCount });
  return {
    nudge: (reportId) => pipeline.nudge(reportId),
    pause: async () => {
      await Promise.all([pipeline.pause(), sweeping]);
      return status();
    },
    resume: async () => {
      pipeline.resume();
      return status();
    },
    stop: async () => {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.all([pipeline.stop(), sweeping]);
    },
  };
}

/**
 * On AWS the table's stream hands each new report to the dispatcher; here the gateway does, once a
 * POST /api/reports is answered 2xx (the JSON answer names the report; a form's page does not, and
 * then the worker polls at once).
 */
export function nudgeOnStoredReport(worker: () => LocalWorker | undefined) {
  return (route: Pick<RouteDef, 'method' | 'path'>, result: APIGatewayProxyResultV2) => {
    // An Open311 request is a report too (its answer names no report id: the poll finds it).
    if (
      route.method !== 'POST' ||
      (route.path !== '/api/reports' && route.path !== '/open311/v2/requests.json')
    )
      return;
    if (typeof result !== 'object' || result === null || !('statusCode' in result)) return;
    const status = result.statusCode ?? 200;
    if (status < 200 || status > 299) return;
    let id: string | undefined;
    if (!result.isBase64Encoded && result.body?.startsWith('{')) {
      try {
        const answer = JSON.parse(result.body) as { id?: unknown };
        if (typeof answer.id === 'string') id = answer.id;
      } catch {
        // not JSON after all: the poll finds the report
      }
    }
    worker()?.nudge(id);
  };
}
