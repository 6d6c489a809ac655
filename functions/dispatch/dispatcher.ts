import { randomBytes } from 'node:crypto';
import type { Report } from '../reports/model';
import { errorName, log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import { localDate } from '../shared/time';
import type { Alert, Alerts } from '../sms/alerts';
import { type Sms, SmsError } from '../sms/model';
import type { RosterReader } from '../sms/roster';
import type { MarkOnce, ReserveSms } from '../sms/store';
import { smsText } from './message';
import {
  ackDueAt,
  DESK,
  levelsOf,
  type Notification,
  type NotificationState,
  type Recipient,
  type TierPlan,
} from './model';
import type { DispatchStore } from './store';
import { MAX_RECIPIENT_INDEX, signAckToken } from './token';

interface RetryPolicy {
  /** Sends tried per SMS, the first included. */
  attempts: number;
  baseDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250 };

/**
 * What texting one tier takes, for the first dispatch and for escalation alike: the claims of its
 * notifications, the daily cap, the sender, and the admin alerts when the cap is reached or nobody
 * could be texted.
 */
export interface TierPorts {
  store: Pick<DispatchStore, 'claimNotification' | 'settleNotification' | 'releaseNotification'>;
  reserveSms: ReserveSms;
  markOnce: MarkOnce;
  sms: Sms;
  alerts: Alerts;
  secrets: Pick<Secrets, 'key'>;
  clock: Clock;
  province: Province;
  sleep(ms: number): Promise<void>;
  retry?: RetryPolicy;
}

/** What an admin alert takes: its once-only marker, the alert port, and time to try again. */
type AlertPorts = Pick<TierPorts, 'markOnce' | 'alerts' | 'province' | 'clock' | 'sleep'>;

export interface DispatchPorts extends TierPorts {
  store: TierPorts['store'] &
    Pick<DispatchStore, 'getReport' | 'pendingDispatch' | 'putTier' | 'finishDispatch'>;
  roster: RosterReader;
  /**
   * The figures' hook (functions/stats), called by the one run that took the report out of the dispatch
   * queue: its arrival, and the SMS its first tier handed over. It never throws: a lost count must
   * never stop a dispatch.
   */
  stats?: { dispatched(report: Report, smsSent: number): Promise<void> };
}

/**
 * A claim older than this whose SMS was never settled belongs to a run that died while sending: its
 * outcome is unknown, so it is recorded as failed ("interrupted") rather than sent twice. Escalation
 * then reaches the next tier if nobody acknowledges.
 */
export const SENDING_LEASE_MS = 2 * 60_000;

/** Another run holds a fresh claim on one of this report's SMS: try the report again later. */
export class DispatchBusy extends Error {
  constructor() {
    super('dispatch in progress elsewhere');
    this.name = 'DispatchBusy';
  }
}

interface TierOutcome {
  sent: number;
  failed: number;
  capped: number;
}

/**
 * Dispatches one report if it is still waiting: picks who to text (stored first as tier 0), texts
 * each once, then takes the report out of the dispatch queue and into the acknowledgement queue.
 * Safe to run again at any point: every step is a conditional write keyed by report and recipient.
 */
export async function dispatchReport(ports: DispatchPorts, id: string): Promise<boolean> {
  const report = await ports.store.getReport(id);
  if (report?.notifyStatus !== 'pending') return false;
  const now = ports.clock.now();

  if (report.duplicateOf && (await ports.store.getReport(report.duplicateOf))) {
    // The earlier report carries the notification. If it is missing (its write failed), this one is dispatched.
    const took = await ports.store.finishDispatch(id, {
      notifyStatus: 'duplicate',
      recipients: 0,
      dispatchedAt: now.toISOString(),
      level: '',
    });
    if (took) await ports.stats?.dispatched(report, 0);
    return true;
  }

  // Who was on duty when the report arrived, even if the dispatcher runs late. Worked out before any
  // stored plan is looked for: nearly every run is the first, which stores it without a read; a resumed
  // run's write is refused and the stored plan comes back instead, so it texts the same people.
  const plan = await ports.store.putTier(
    id,
    (await planTier(ports, report, 0, new Date(report.createdAt), 0, new Set())) ?? deskPlan(ports, 0),
  );
  const outcome = await fanOut(ports, report, plan);
  const notifyStatus =
    outcome.sent === plan.recipients.length
      ? 'sent'
      : outcome.capped > 0
        ? 'capped'
        : outcome.sent === 0
          ? 'failed'
          : 'partial';
  const took = await ports.store.finishDispatch(id, {
    notifyStatus,
    recipients: outcome.sent,
    dispatchedAt: now.toISOString(),
    level: plan.level,
    ...(plan.level !== DESK ? { ackDue: ackDueAt(ports.province, report, now) } : {}),
  });
  log.info('report dispatched', { reportId: id, notifyStatus, sent: outcome.sent, reached: plan.level });
  // Counted by the one run that took the report out of the queue. Its outcome holds every SMS of the
  // tier, those a dead run handed over included: a claim still being sent would have stopped it (busy).
  if (took) await ports.stats?.dispatched(report, outcome.sent);
  if (notifyStatus === 'failed') await alertUnsent(ports, report, 0);
  return true;
}

/**
 * Runs the dispatcher over the queue: locally on every tick of the local runtime, on AWS from the
 * scheduled sweep for reports the stream could not finish (`olderThanMs`). Returns how many were done.
 */
export async function dispatchPending(
  ports: DispatchPorts,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<number> {
  const createdBefore =
    options.olderThanMs !== undefined
      ? new Date(ports.clock.now().getTime() - options.olderThanMs).toISOString()
      : undefined;
  const ids = await ports.store.pendingDispatch({
    ...(createdBefore ? { createdBefore } : {}),
    limit: options.limit ?? 25,
  });
  const done = await Promise.all(
    ids.map((id) =>
      dispatchReport(ports, id).catch((error: unknown) => {
        if (!(error instanceof DispatchBusy))
          log.error('dispatch failed', { reportId: id, error: errorName(error) });
        return false;
      }),
    ),
  );
  return done.filter(Boolean).length;
}

/**
 * Who a tier reaches: officers on duty at `at` in the first level (from `fromLevel` up) that has
 * any not yet texted about this report, at most the province's cap; else the duty desk, once.
 */
export async function planTier(
  ports: Pick<DispatchPorts, 'roster' | 'province' | 'clock'>,
  report: Report,
  tier: number,
  at: Date,
  fromLevel: number,
  alreadyTexted: ReadonlySet<string>,
): Promise<TierPlan | undefined> {
  const cap = Math.min(ports.province.sms.recipientsPerReport, MAX_RECIPIENT_INDEX + 1);
  const levels = levelsOf(report);
  const planned = ports.clock.now().toISOString();
  for (let i = fromLevel; i < levels.length; i++) {
    const level = levels[i] as string;
    const officers = (await ports.roster.onDutyOfficers(level, at)).filter(
      (o) => o.phone && !alreadyTexted.has(o.id),
    );
    if (officers.length > 0) {
      const recipients: Recipient[] = officers
        .slice(0, cap)
        .map((o) => ({ key: o.id, to: o.phone, role: o.role, officerId: o.id }));
      return { tier, level, at: planned, recipients };
    }
  }
  return alreadyTexted.has('desk') ? undefined : deskPlan(ports, tier);
}

function deskPlan(ports: Pick<TierPorts, 'province' | 'clock'>, tier: number): TierPlan {
  return {
    tier,
    level: DESK,
    at: ports.clock.now().toISOString(),
    recipients: [{ key: 'desk', to: ports.province.fallbackDutyPhone, role: 'duty_desk' }],
  };
}

/** Texts every recipient of a tier once, side by side; a crash of any one is thrown after all settle. */
export async function fanOut(ports: TierPorts, report: Report, plan: TierPlan): Promise<TierOutcome> {
  const results = await Promise.allSettled(
    plan.recipients.map((recipient, index) => notifyOne(ports, report, plan, recipient, index)),
  );
  const outcome: TierOutcome = { sent: 0, failed: 0, capped: 0 };
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
    outcome[result.value]++;
  }
  return outcome;
}

async function notifyOne(
  ports: TierPorts,
  report: Report,
  plan: TierPlan,
  recipient: Recipient,
  index: number,
): Promise<Exclude<NotificationState, 'sending'>> {
  const now = ports.clock.now();
  const claim: Notification = {
    key: recipient.key,
    tier: plan.tier,
    index,
    to: recipient.to,
    role: recipient.role,
    state: 'sending',
    claim: randomBytes(9).toString('base64url'),
    claimedAt: now.toISOString(),
  };
  const existing = await ports.store.claimNotification(report.id, claim);
  if (existing !== 'claimed') {
    if (existing.state !== 'sending') return existing.state;
    if (now.getTime() - Date.parse(existing.claimedAt) < SENDING_LEASE_MS) throw new DispatchBusy();
    await ports.store.settleNotification(report.id, recipient.key, existing.claim, {
      state: 'failed',
      reason: 'interrupted',
      settledAt: now.toISOString(),
    });
    log.warn('sms outcome unknown after a crash; not resent', {
      reportId: report.id,
      tier: plan.tier,
      index,
    });
    return 'failed';
  }

  const reserved = await ports
    .reserveSms(localDate(now, ports.province.timeZone), ports.province.sms.dailyCap)
    .catch(async (error: unknown) => {
      // Nothing was handed over: the claim goes, so that the next run (a retry, the sweep) sends it.
      await ports.store.releaseNotification(report.id, recipient.key, claim.claim).catch(() => undefined);
      throw error;
    });
  if (!reserved) {
    await ports.store.settleNotification(report.id, recipient.key, claim.claim, {
      state: 'capped',
      settledAt: now.toISOString(),
    });
    await alertCapReached(ports, now);
    return 'capped';
  }

  const token = signAckToken(
    await ports.secrets.key('ack-token'),
    { reportId: report.id, tier: plan.tier, index },
    now,
  );
  const body = smsText({
    report,
    tier: plan.tier,
    ackUrl: `${ports.province.baseUrl}/api/ack/${token}`,
    timeZone: ports.province.timeZone,
  });
  const sent = await sendWithRetry(ports, { to: recipient.to, body, reportId: report.id }, async () =>
    ports.store.releaseNotification(report.id, recipient.key, claim.claim),
  );
  await ports.store.settleNotification(report.id, recipient.key, claim.claim, {
    state: sent.state,
    attempts: sent.attempts,
    ...(sent.reason ? { reason: sent.reason } : {}),
    settledAt: ports.clock.now().toISOString(),
  });
  if (sent.state === 'failed')
    log.warn('sms not sent', { reportId: report.id, tier: plan.tier, index, reason: sent.reason });
  return sent.state;
}

/**
 * Retries what the provider refused for now, with exponential backoff and jitter. A sender that
 * throws anything but SmsError has not handed the SMS over: the claim is released (so a restart
 * sends it) and the error goes up, as a crash would.
 */
async function sendWithRetry(
  ports: Pick<TierPorts, 'sms' | 'sleep' | 'retry'>,
  message: { to: string; body: string; reportId: string },
  release: () => Promise<void>,
): Promise<{ state: 'sent' | 'failed'; attempts: number; reason?: string }> {
  const policy = ports.retry ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt++) {
    try {
      await ports.sms.send(message);
      return { state: 'sent', attempts: attempt };
    } catch (error) {
      if (!(error instanceof SmsError)) {
        await release();
        throw error;
      }
      if (!error.retryable || attempt >= policy.attempts) {
        return { state: 'failed', attempts: attempt, reason: error.reason };
      }
      await ports.sleep(policy.baseDelayMs * 4 ** (attempt - 1) * (0.75 + Math.random() / 2));
    }
  }
}

async function alertCapReached(ports: AlertPorts, now: Date): Promise<void> {
  const day = localDate(now, ports.province.timeZone);
  if (!(await ports.markOnce(`capped#${day}`, now.toISOString()))) return;
  await notifyAdmins(ports, {
    subject: `tuquan ${ports.province.id}: daily SMS cap reached`,
    body: `The cap of ${ports.province.sms.dailyCap} SMS for ${day} is reached. New reports are stored and listed in the console, marked "capped", but no SMS goes out until tomorrow.`,
  });
}

export async function alertUnsent(ports: AlertPorts, report: Report, tier: number): Promise<void> {
  if (!(await ports.markOnce(`unsent#${report.id}#${tier}`, ports.clock.now().toISOString()))) return;
  await notifyAdmins(ports, {
    subject: `tuquan ${ports.province.id}: a report reached nobody by SMS`,
    body: `Report ${report.id} (tier ${tier}): every SMS failed after retries. It is stored and listed in the console, marked "failed".`,
    reportId: report.id,
  });
}

const ALERT_ATTEMPTS = 3;

/**
 * An admin alert is marked sent before it goes (so two dispatchers never send it twice), so it must
 * not be lost to a passing fault: it is tried a few times with backoff, and if the alert topic still
 * refuses, an error line is logged, which the log-error alarm turns into an alarm to the same admins
 * (CloudWatch retries its own delivery).
 */
async function notifyAdmins(ports: AlertPorts, alert: Alert): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ports.alerts.notify(alert);
      return;
    } catch (error) {
      if (attempt >= ALERT_ATTEMPTS) {
        log.error('admin alert not sent', { reportId: alert.reportId, error: errorName(error) });
        return;
      }
      await ports.sleep(200 * 4 ** (attempt - 1));
    }
  }
}
