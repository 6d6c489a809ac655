import type { NotifyStatus, Report } from '../reports/model';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import type { Alerts } from '../sms/alerts';
import type { RosterReader } from '../sms/roster';
import type { Sms } from '../sms/send';

/** One person a tier texts: an officer on duty, or the province's duty desk (key `desk`). */
export interface Recipient {
  key: string;
  to: string;
  role: string;
  officerId?: string;
}

/**
 * Who a tier reaches, decided once and stored before anyone is texted, so that a resumed run texts
 * the same people even if the roster changed meanwhile. `level` is the area code where they were
 * found, or DESK for the province's fallback number.
 */
export interface TierPlan {
  tier: number;
  level: string;
  at: string;
  recipients: Recipient[];
}

export const DESK = 'DESK';

export type NotificationState = 'sending' | 'sent' | 'failed' | 'capped';

/** The per-(report, recipient) record: claimed before the SMS goes, settled after. */
export interface Notification {
  key: string;
  tier: number;
  index: number;
  to: string;
  role: string;
  state: NotificationState;
  /** A random tag of the claim, so that only the claimer settles or releases it. */
  claim: string;
  claimedAt: string;
  attempts?: number;
  reason?: string;
  settledAt?: string;
}

export interface DispatchStore {
  getReport(id: string): Promise<Report | undefined>;
  /** Reports waiting in the dispatch queue, oldest first (optionally only those created before a time). */
  pendingDispatch(options: { createdBefore?: string; limit: number }): Promise<string[]>;
  /** Reports whose acknowledgement was due at or before `now`, oldest due first. */
  dueForEscalation(now: string, limit: number): Promise<{ id: string; dueKey: string }[]>;
  getTier(id: string, tier: number): Promise<TierPlan | undefined>;
  /** Stores the plan unless one exists for this tier; returns the stored one either way. */
  putTier(id: string, plan: TierPlan): Promise<TierPlan>;
  notifications(id: string): Promise<Notification[]>;
  /** Creates the claim, or returns the record already there. */
  claimNotification(id: string, claim: Notification): Promise<'claimed' | Notification>;
  settleNotification(
    id: string,
    key: string,
    claim: string,
    outcome: Pick<Notification, 'state' | 'attempts' | 'reason' | 'settledAt'>,
  ): Promise<void>;
  /** Deletes a claim whose send never happened (the sender failed before handing it over). */
  releaseNotification(id: string, key: string, claim: string): Promise<void>;
  /**
   * Takes one SMS from the province's counter for a local day; false when the cap is reached. Never
   * more than `cap` are granted a day, however many runs ask at once.
   */
  reserveSms(day: string, cap: number): Promise<boolean>;
  /** True the first time a marker is set: alerts go out once. */
  markOnce(marker: string, at: string): Promise<boolean>;
  /**
   * Takes the report out of the dispatch queue, into the acknowledgement queue when `ackDue` is set;
   * true only for the one call that did (the report was still waiting).
   */
  finishDispatch(
    id: string,
    outcome: {
      notifyStatus: NotifyStatus;
      recipients: number;
      dispatchedAt: string;
      level: string;
      ackDue?: string;
    },
  ): Promise<boolean>;
  /**
   * Records a tier reached and moves (or removes) the report's place in the acknowledgement queue;
   * true only for the one call that moved it from `fromDueKey`.
   */
  advanceEscalation(
    id: string,
    fromDueKey: string,
    next: { tier: number; level: string; ackDue?: string },
  ): Promise<boolean>;
  clearAckDue(id: string, fromDueKey: string): Promise<void>;
}

export interface RetryPolicy {
  /** Sends tried per SMS, the first included. */
  attempts: number;
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250 };

/**
 * The figures' hook (functions/stats), called by the one run whose conditional write finished the step:
 * a report dispatched (its arrival, and the SMS its first tier handed over), a tier of escalation
 * reached (and its SMS). Implementations never throw; a lost count must never stop a dispatch.
 */
export interface DispatchStats {
  dispatched(report: Report, smsSent: number): Promise<void>;
  escalated(report: Report, tier: number, smsSent: number): Promise<void>;
}

export interface DispatchPorts {
  store: DispatchStore;
  roster: RosterReader;
  sms: Sms;
  alerts: Alerts;
  secrets: Secrets;
  clock: Clock;
  province: Province;
  sleep(ms: number): Promise<void>;
  retry?: RetryPolicy;
  stats?: DispatchStats;
}
