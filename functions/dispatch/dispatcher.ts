import { randomBytes } from 'node:crypto';
import { answersFor, type Route, routeOf } from '../categories/route';
import { type Report, urgencyRank } from '../reports/model';
import { errorName, log, metric } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import type { Alerts } from '../sms/alerts';
import { type Sms, SmsError } from '../sms/model';
import type { OfficerOnDuty, RosterReader } from '../sms/roster';
import type { MarkOnce, ReserveSms, SmsThrottle } from '../sms/store';
import type { SmsCounter, SmsCounts } from '../stats/model';
import { type AlertPorts, notifyAdmins } from './admin-alerts';
import { spendSms } from './budget';
import { smsTag, smsText } from './message';
import {
  ackDueAt,
  communeOf,
  DESK,
  heldEntry,
  levelsOf,
  type Notification,
  type NotificationState,
  type Recipient,
  type TierPlan,
} from './model';
import type { DispatchStore } from './store';
import { MAX_RECIPIENT_INDEX, MAX_TIER, signAckToken } from './token';

interface RetryPolicy {
  /** Sends tried per SMS, the first included. */
  attempts: number;
  baseDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250 };

/**
 * What texting one tier takes, for the first dispatch and for escalation alike: the claims of its
 * notifications, each phone's throttle, the day's SMS budget, the sender, and the admin alerts when
 * the budget runs low or nobody could be texted.
 */
export interface TierPorts {
  store: Pick<
    DispatchStore,
    'claimNotification' | 'settleNotification' | 'releaseNotification' | 'reclaimNotification'
  >;
  /** Each phone's throttle (sms/store.ts): a slot per SMS, or the report held for its next summary. */
  throttle: Pick<SmsThrottle, 'take' | 'untake' | 'hold'>;
  reserveSms: ReserveSms;
  markOnce: MarkOnce;
  sms: Sms;
  alerts: Alerts;
  secrets: Pick<Secrets, 'key'>;
  clock: Clock;
  province: Province;
  sleep(ms: number): Promise<void>;
  retry?: RetryPolicy;
  /** The day's SMS figures (functions/stats): sent, held, capped. It never throws. */
  smsStats?: Pick<SmsCounter, 'report'>;
}

/** What moving a report up a tier takes: the sweep's, and the dispatcher's when tier 0 texted nobody. */
export interface ClimbPorts extends TierPorts {
  store: TierPorts['store'] &
    Pick<
      DispatchStore,
      | 'getReport'
      | 'getTier'
      | 'putTier'
      | 'notifications'
      | 'advanceEscalation'
      | 'clearAckDue'
      | 'getCategory'
    >;
  roster: RosterReader;
  /** The figures' hook, called by the one run that moved the report up a tier; it never throws. */
  stats?: { escalated(report: Report, tier: number, smsSent: number): Promise<void> };
}

export interface DispatchPorts extends ClimbPorts {
  store: ClimbPorts['store'] & Pick<DispatchStore, 'pendingDispatch' | 'finishDispatch'>;
  /**
   * The figures' hook (functions/stats), called by the one run that took the report out of the dispatch
   * queue: its arrival, and the SMS its first tier handed over; and by the one that moved it up a
   * tier. It never throws: a lost count must never stop a dispatch.
   */
  stats?: {
    dispatched(report: Report, smsSent: number): Promise<void>;
    escalated(report: Report, tier: number, smsSent: number): Promise<void>;
  };
}

/**
 * A claim older than this whose SMS was never settled belongs to a run that died while sending: its
 * outcome is unknown, so it is sent once more (a second SMS beats silence) and recorded as resent; a
 * resend interrupted in turn is recorded as failed ("interrupted"), never sent a third time, and the
 * tier's escalation goes on at once if nobody else was texted.
 */
export const SENDING_LEASE_MS = 2 * 60_000;

/** Another run holds a fresh claim on one of this report's SMS: try the report again later. */
export class DispatchBusy extends Error {
  constructor() {
    super('dispatch in progress elsewhere');
    this.name = 'DispatchBusy';
  }
}

/** A tier's SMS by how they fared; `held`: at the phone's throttle, the report waits for its summary. */
interface TierOutcome {
  sent: number;
  failed: number;
  capped: number;
  held: number;
}

/**
 * Dispatches one report if it is still waiting: picks who to text (stored first as tier 0), texts
 * each once, then takes the report out of the dispatch queue and into the acknowledgement queue.
 * A tier 0 that texted nobody (every SMS failed, capped, held or interrupted) is due at once: the
 * next tiers are texted in the same run (escalateReport). Safe to run again at any point: every step
 * is a conditional write keyed by report and recipient.
 */
export async function dispatchReport(ports: DispatchPorts, id: string): Promise<boolean> {
  const report = await ports.store.getReport(id);
  return report ? dispatchRead(ports, report) : false;
}

/** dispatchReport for a report already read (consistently) by the caller. */
async function dispatchRead(ports: DispatchPorts, report: Report): Promise<boolean> {
  if (report.notifyStatus !== 'pending') return false;
  const id = report.id;
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

  // Who was on duty when the report arrived, even if the dispatcher runs late, in the roles its category
  // goes to. Worked out before any stored plan is looked for: nearly every run is the first, which
  // stores it without a read; a resumed run's write is refused and the stored plan comes back instead,
  // so it texts the same people.
  const route = routeOf(await ports.store.getCategory(report.category));
  const plan = await ports.store.putTier(id, await planFirstTier(ports, report, route));
  const outcome = await fanOut(ports, report, plan);
  const notifyStatus =
    outcome.sent === plan.recipients.length
      ? 'sent'
      : outcome.capped > 0
        ? 'capped'
        : outcome.sent > 0
          ? 'partial'
          : outcome.held > 0
            ? 'held'
            : 'failed';
  const ackDue = nextDue(ports, report, plan, outcome, now);
  const took = await ports.store.finishDispatch(id, {
    notifyStatus,
    recipients: outcome.sent,
    dispatchedAt: now.toISOString(),
    level: plan.level,
    ...(ackDue ? { ackDue: ackDue.at } : {}),
  });
  log.info('report dispatched', { reportId: id, notifyStatus, sent: outcome.sent, reached: plan.level });
  // Counted by the one run that took the report out of the queue. Its outcome holds every SMS of the
  // tier, those a dead run handed over included: a claim still being sent would have stopped it (busy).
  if (took) await ports.stats?.dispatched(report, outcome.sent);
  if (ackDue?.atOnce) {
    // Only the run that queued it goes on; a crash from here leaves it due now, for the sweep.
    if (took) await climbAtOnce(ports, id, ackDue.key);
  } else if (notifyStatus === 'failed') await alertUnsent(ports, report, 0);
  return true;
}

/**
 * When the tier just texted must have acknowledged: after the province's minutes for the urgency, or
 * at once when it texted nobody; never after the duty desk, the last tier.
 */
function nextDue(
  ports: Pick<TierPorts, 'province'>,
  report: Report,
  plan: TierPlan,
  outcome: TierOutcome,
  now: Date,
): { at: string; key: string; atOnce: boolean } | undefined {
  if (plan.level === DESK) return undefined;
  // A normal report held only by its officers' throttles is already on its way: a summary brings it at
  // their next free slot. Climbing at once would carry a flood on one place up to every tier above it
  // and spend their slots, which a high-urgency report then waits for (ADR 0014).
  const onItsWay = outcome.held > 0 && outcome.failed === 0 && outcome.capped === 0;
  const atOnce = outcome.sent === 0 && plan.tier < MAX_TIER && (report.urgency === 'high' || !onItsWay);
  const at = atOnce ? now.toISOString() : ackDueAt(ports.province, report, now);
  return { at, key: `${at}#${report.id}`, atOnce };
}

/** The next tiers of a report whose tier texted nobody, now; a failure is left to the sweep (due now). */
async function climbAtOnce(ports: ClimbPorts, id: string, dueKey: string): Promise<void> {
  try {
    await escalateReport(ports, id, dueKey);
  } catch (error) {
    if (!(error instanceof DispatchBusy))
      log.error('escalation failed', { reportId: id, error: errorName(error) });
  }
}

/**
 * Moves a report whose acknowledgement was due (its queue key `dueKey`) up the area tree: the next
 * tier's officers on duty now (planned once: a run that died after storing the plan resumes with it),
 * last the duty desk, nobody texted twice. While a tier texts nobody (every SMS failed, capped, held
 * or interrupted) the next one is due at once and texted in the same run, up to MAX_TIER. Acknowledged
 * (or taken up in the console) since: it leaves the queue. True when it reached a new tier.
 */
export async function escalateReport(ports: ClimbPorts, id: string, dueKey: string): Promise<boolean> {
  let escalated = false;
  for (let key: string | undefined = dueKey; key; ) {
    const step = await climb(ports, id, key);
    if (!step) break;
    escalated = true;
    key = step.dueNow;
  }
  return escalated;
}

/** One tier up; the report's new due key when that is now (the tier texted nobody, and this run moved it). */
async function climb(
  ports: ClimbPorts,
  id: string,
  dueKey: string,
): Promise<{ dueNow: string | undefined } | undefined> {
  const now = ports.clock.now();
  const report = await ports.store.getReport(id);
  if (!report || report.acknowledgedAt || report.status !== 'received') {
    // Acknowledged (or taken up in the console) since: it leaves the queue here, lazily.
    await ports.store.clearAckDue(id, dueKey);
    return undefined;
  }
  const tier = (report.escalationTier ?? 0) + 1;
  // The tier's plan is its once-only marker: a sweep that died after storing it resumes with it.
  let plan = await ports.store.getTier(id, tier);
  if (!plan) {
    const texted = new Set((await ports.store.notifications(id)).map((n) => n.key));
    const route = routeOf(await ports.store.getCategory(report.category));
    const fresh =
      tier <= MAX_TIER
        ? await planEscalation(ports, report, route, tier, now, nextLevel(report), texted)
        : undefined;
    if (!fresh) {
      await ports.store.clearAckDue(id, dueKey);
      return undefined;
    }
    plan = await ports.store.putTier(id, fresh);
  }
  const outcome = await fanOut(ports, report, plan);
  const ackDue = nextDue(ports, report, plan, outcome, now);
  const moved = await ports.store.advanceEscalation(id, dueKey, {
    tier,
    level: plan.level,
    ...(ackDue ? { ackDue: ackDue.at } : {}),
  });
  log.info('report escalated', {
    reportId: id,
    tier,
    reached: plan.level,
    sent: outcome.sent,
    next: ackDue?.atOnce ? 'now' : ackDue ? 'later' : 'none',
  });
  // Counted by the one run that moved the report from this due time: overlapping runs count once.
  if (moved) await ports.stats?.escalated(report, tier, outcome.sent);
  // Only the run that moved it goes on at once; another that moved it first goes on itself.
  if (ackDue?.atOnce) return { dueNow: moved ? ackDue.key : undefined };
  if (outcome.sent === 0 && outcome.failed > 0) await alertUnsent(ports, report, tier);
  return { dueNow: undefined };
}

/** The first level above the one last reached; past the province when the desk was reached. */
function nextLevel(report: Report): number {
  const levels = levelsOf(report);
  if (report.notifiedLevel === DESK) return levels.length;
  const index = report.notifiedLevel ? levels.indexOf(report.notifiedLevel) : 0;
  return index + 1;
}

/**
 * Runs the dispatcher over the queue, most urgent first, then oldest: locally on every tick of the
 * local runtime, on AWS from the scheduled sweep for reports the stream could not finish
 * (`olderThanMs`). Returns how many were done.
 */
export async function dispatchPending(
  ports: DispatchPorts,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<number> {
  const createdBefore =
    options.olderThanMs !== undefined
      ? new Date(ports.clock.now().getTime() - options.olderThanMs).toISOString()
      : undefined;
  const pending = await ports.store.pendingDispatch({
    ...(createdBefore ? { createdBefore } : {}),
    limit: options.limit ?? 25,
  });
  const done = await Promise.all(
    pending.map(({ id }) =>
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
 * Dispatches the reports of a batch (the table stream's, in arrival order) side by side, at most
 * `concurrency` at once, most urgent first, then oldest: each is read once, first, to order them.
 * Returns the ids whose read or dispatch failed (one busy elsewhere included), for the caller to retry.
 */
export async function dispatchBatch(
  ports: DispatchPorts,
  ids: readonly string[],
  concurrency: number,
): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  const read: Report[] = [];
  await atMost(concurrency, ids, async (id) => {
    const report = await ports.store.getReport(id).catch((error: unknown) => {
      failed.set(id, error);
    });
    if (report) read.push(report);
  });
  read.sort(
    (a, b) =>
      urgencyRank(a.urgency) - urgencyRank(b.urgency) ||
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0),
  );
  await atMost(concurrency, read, async (report) => {
    await dispatchRead(ports, report).catch((error: unknown) => {
      failed.set(report.id, error);
    });
  });
  return failed;
}

/** Runs `work` over `items` in their order, at most `limit` at once; `work` must not throw. */
async function atMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

type PlanPorts = Pick<DispatchPorts, 'roster' | 'province' | 'clock'>;

/** At most this many recipients a tier: the province's cap, and what an acknowledge link can name. */
const recipientCap = (ports: Pick<TierPorts, 'province'>) =>
  Math.min(ports.province.sms.recipientsPerReport, MAX_RECIPIENT_INDEX + 1);

const asRecipient = (o: OfficerOnDuty, informed = false): Recipient => ({
  key: o.id,
  to: o.phone,
  role: o.role,
  officerId: o.id,
  ...(informed ? { informed: true } : {}),
});

const deskRecipient = (ports: Pick<TierPorts, 'province'>): Recipient => ({
  key: 'desk',
  to: ports.province.fallbackDutyPhone,
  role: 'duty_desk',
});

/**
 * Up the report's places from `fromLevel`: the first place with an officer on duty at `at` of one of
 * `roles`, not yet texted, who may take the report alone (answersFor) — with the other officers of those
 * roles there. Mediators met on the way for a category that is not mediable do not end the climb; they
 * come along (`waiting`). `found` is undefined when no place had anyone who may take it.
 */
async function climbFor(
  ports: PlanPorts,
  report: Report,
  route: Route,
  roles: ReadonlySet<string>,
  at: Date,
  fromLevel: number,
  alreadyTexted: ReadonlySet<string>,
): Promise<{
  found?: { level: string; officers: OfficerOnDuty[] };
  waiting: OfficerOnDuty[];
  waitingLevel?: string;
}> {
  const levels = levelsOf(report);
  const waiting: OfficerOnDuty[] = [];
  let waitingLevel: string | undefined;
  for (let i = fromLevel; i < levels.length && roles.size > 0; i++) {
    const level = levels[i] as string;
    const here = (await ports.roster.onDutyOfficers(level, at)).filter(
      (o) => o.phone && roles.has(o.role) && !alreadyTexted.has(o.id),
    );
    if (here.some((o) => answersFor(route, o.role))) return { found: { level, officers: here }, waiting };
    if (here.length > 0) waitingLevel = level;
    waiting.push(...here);
  }
  return { waiting, ...(waitingLevel ? { waitingLevel } : {}) };
}

/** The nearest officers on duty of one role, from the report's place up (an informed role, or the duty desk). */
async function nearestOf(ports: PlanPorts, report: Report, role: string, at: Date): Promise<OfficerOnDuty[]> {
  for (const level of levelsOf(report)) {
    const here = (await ports.roster.onDutyOfficers(level, at)).filter((o) => o.phone && o.role === role);
    if (here.length > 0) return here;
  }
  return [];
}

/**
 * Who the first tier texts (docs/adr/0016-routing-by-category.md), as the roster stood when the report
 * arrived: the officers of the category's roles in the nearest place, from the report's own up to the
 * province, that has one on duty who may take it (a mediator alone may not, for a category that is
 * not mediable: the climb goes on, and they come along). A `duty_desk` role is the nearest desk officer
 * on duty, else the province's duty desk; and the desk is texted first when nobody who may take it was
 * found. Then, so that they know, each informed role's nearest officers on duty. At most the province's
 * cap, the informed last. The tier's level is the place where those who take it were found, or the
 * desk: escalation goes on above it.
 */
async function planFirstTier(ports: PlanPorts, report: Report, route: Route): Promise<TierPlan> {
  const at = new Date(report.createdAt);
  const placed = new Set(route.roles.filter((role) => role !== 'duty_desk'));
  const { found, waiting } = await climbFor(ports, report, route, placed, at, 0, new Set());
  const taking = (found?.officers ?? []).map((o) => asRecipient(o));
  const desk: Recipient[] = [];
  if (route.roles.includes('duty_desk')) {
    const deskOfficers = await nearestOf(ports, report, 'duty_desk', at);
    desk.push(
      ...(deskOfficers.length > 0 ? deskOfficers.map((o) => asRecipient(o)) : [deskRecipient(ports)]),
    );
  }
  if (taking.length === 0 && !desk.some((r) => r.key === 'desk')) desk.unshift(deskRecipient(ports));
  const cap = recipientCap(ports);
  // Under the cap, those who take it, the desk and the mediators come in turn: none is left out for another.
  const recipients = inTurn(
    [
      ...(taking.length === 0 ? [desk] : []),
      taking,
      ...(taking.length > 0 ? [desk] : []),
      waiting.map((o) => asRecipient(o)),
    ],
    cap,
  );
  const informed: Recipient[] = [];
  for (const role of route.informed)
    informed.push(...(await nearestOf(ports, report, role, at)).map((o) => asRecipient(o, true)));
  recipients.push(
    ...dedupe(informed)
      .filter((r) => !recipients.some((x) => x.key === r.key))
      .slice(0, cap - recipients.length),
  );
  return {
    tier: 0,
    level: found?.level ?? DESK,
    at: ports.clock.now().toISOString(),
    recipients,
  };
}

/** The first of each group, then the second of each…, each recipient once, at most `room`. */
function inTurn(groups: readonly Recipient[][], room: number): Recipient[] {
  const out: Recipient[] = [];
  const seen = new Set<string>();
  for (let round = 0; out.length < room && groups.some((g) => g.length > round); round++)
    for (const next of groups.map((g) => g[round]))
      if (next && out.length < room && !seen.has(next.key)) {
        seen.add(next.key);
        out.push(next);
      }
  return out;
}

/** Each recipient once, in order. */
function dedupe(recipients: readonly Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => !seen.has(r.key) && seen.add(r.key));
}

/**
 * Who an escalation tier texts, on duty now: the officers of the category's roles and informed roles in
 * the first place from `fromLevel` up that has one not yet texted about this report who may take it
 * (with the mediators met on the way), at most the province's cap; else the duty desk, once.
 */
async function planEscalation(
  ports: PlanPorts,
  report: Report,
  route: Route,
  tier: number,
  at: Date,
  fromLevel: number,
  alreadyTexted: ReadonlySet<string>,
): Promise<TierPlan | undefined> {
  const cap = recipientCap(ports);
  const planned = ports.clock.now().toISOString();
  const roles = new Set<string>([...route.roles, ...route.informed]);
  const { found, waiting, waitingLevel } = await climbFor(
    ports,
    report,
    route,
    roles,
    at,
    fromLevel,
    alreadyTexted,
  );
  const along = waiting.map((o) => asRecipient(o));
  if (found) {
    const recipients = [...found.officers.map((o) => asRecipient(o)), ...along].slice(0, cap);
    return { tier, level: found.level, at: planned, recipients };
  }
  if (!alreadyTexted.has('desk'))
    return { tier, level: DESK, at: planned, recipients: [deskRecipient(ports), ...along].slice(0, cap) };
  // The desk knows already: the mediators met on the way are told too, the last ones left.
  return waitingLevel
    ? { tier, level: waitingLevel, at: planned, recipients: along.slice(0, cap) }
    : undefined;
}

/** Texts every recipient of a tier once, side by side; a crash of any one is thrown after all settle. */
async function fanOut(ports: TierPorts, report: Report, plan: TierPlan): Promise<TierOutcome> {
  // What this run settled, for the day's figures: one count per tier, not one per SMS.
  const settled: SmsCounts = { sent: 0, held: 0, capped: 0 };
  const results = await Promise.allSettled(
    plan.recipients.map((recipient, index) => notifyOne(ports, report, plan, recipient, index, settled)),
  );
  await ports.smsStats?.report(report, settled, ports.clock.now());
  const outcome: TierOutcome = { sent: 0, failed: 0, capped: 0, held: 0 };
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
    // One held earlier that has since gone in a summary still texted nobody when this tier ran.
    outcome[result.value === 'grouped' ? 'held' : result.value]++;
  }
  return outcome;
}

async function notifyOne(
  ports: TierPorts,
  report: Report,
  plan: TierPlan,
  recipient: Recipient,
  index: number,
  settled: SmsCounts,
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
    if (!(await resendInterrupted(ports, report.id, existing, claim))) return 'failed';
  }

  // Nothing was handed over when these fail: the claim goes, so that the next run (a retry, the sweep) sends it.
  const releasing = async (error: unknown): Promise<never> => {
    await ports.store.releaseNotification(report.id, recipient.key, claim.claim).catch(() => undefined);
    throw error;
  };
  const urgent = report.urgency === 'high';
  // The phone's throttle first: an SMS that may not go now costs nothing of the budget yet. It is held
  // for the sweep, which texts the phone at its next free slot: a high-urgency report as its own SMS,
  // the others together in one summary.
  const free = await ports.throttle
    .take(recipient.key, { now, throttle: ports.province.sms.throttle, urgent, fromHeld: false })
    .catch(releasing);
  if (!free) {
    await ports.throttle
      .hold(recipient.key, {
        entry: heldEntry({ createdAt: report.createdAt, reportId: report.id, tier: plan.tier, index }),
        urgent,
        to: recipient.to,
        role: recipient.role,
        now,
      })
      .catch(releasing);
    const held = await ports.store.settleNotification(report.id, recipient.key, claim.claim, {
      state: 'held',
      settledAt: now.toISOString(),
    });
    if (held) {
      settled.held++;
      metric('SmsHeld', 1);
    }
    return 'held';
  }

  // Nothing went to the phone after all: the slot goes back too (if nothing took one since).
  const releasingSlot = async (error: unknown): Promise<never> => {
    await ports.throttle.untake(recipient.key, now).catch(() => undefined);
    return releasing(error);
  };
  // High urgency may spend the whole cap; other SMS stop short of the reserve and at their commune's
  // share, the duty desk's included: a flood of normal reports that climbs to the desk at once (nobody
  // texted) must not spend the reserve kept for a robbery (ADR 0014).
  const reserved = await spendSms(ports, { priority: urgent, commune: communeOf(report) }, now).catch(
    releasingSlot,
  );
  if (!reserved.granted) {
    await ports.throttle.untake(recipient.key, now);
    const capped = await ports.store.settleNotification(report.id, recipient.key, claim.claim, {
      state: 'capped',
      reason: reserved.reason,
      settledAt: now.toISOString(),
    });
    if (capped) {
      settled.capped++;
      metric('SmsCapped', 1);
    }
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
    tag: smsTag(ports.province),
    now,
  });
  const sent = await sendWithRetry(ports, { to: recipient.to, body, reportId: report.id }, async () => {
    await ports.throttle.untake(recipient.key, now).catch(() => undefined);
    await ports.store.releaseNotification(report.id, recipient.key, claim.claim);
  });
  const done = await ports.store.settleNotification(report.id, recipient.key, claim.claim, {
    state: sent.state,
    attempts: sent.attempts,
    ...(sent.reason ? { reason: sent.reason } : {}),
    settledAt: ports.clock.now().toISOString(),
  });
  if (done && sent.state === 'sent') settled.sent++;
  if (done) metric(sent.state === 'sent' ? 'SmsSent' : 'SmsFailed', 1);
  if (sent.state === 'failed')
    log.warn('sms not sent', { reportId: report.id, tier: plan.tier, index, reason: sent.reason });
  return sent.state;
}

/**
 * Takes over a claim a dead run left `sending` (whether its SMS went is unknown) to send it once more
 * under this run's `claim`: true when this run is to send it. One already resent is settled failed
 * ("interrupted") instead: false. Another run taking it over first makes this one busy.
 */
async function resendInterrupted(
  ports: Pick<TierPorts, 'store'>,
  reportId: string,
  existing: Notification,
  claim: Notification,
): Promise<boolean> {
  const where = { reportId, tier: existing.tier, index: existing.index };
  if (!existing.resentAt) {
    const taken = await ports.store.reclaimNotification(reportId, existing.key, existing.claim, {
      claim: claim.claim,
      claimedAt: claim.claimedAt,
    });
    if (!taken) throw new DispatchBusy();
    log.warn('sms outcome unknown after a crash; sending it once more', where);
    return true;
  }
  await ports.store.settleNotification(reportId, existing.key, existing.claim, {
    state: 'failed',
    reason: 'interrupted',
    settledAt: claim.claimedAt,
  });
  log.warn('sms resend interrupted too; not sent again', where);
  return false;
}

/**
 * Retries what the provider refused for now, with exponential backoff and jitter. A sender that
 * throws anything but SmsError has not handed the SMS over: the claim is released (so a restart
 * sends it) and the error goes up, as a crash would.
 */
export async function sendWithRetry(
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

async function alertUnsent(ports: AlertPorts, report: Report, tier: number): Promise<void> {
  if (!(await ports.markOnce(`unsent#${report.id}#${tier}`, ports.clock.now().toISOString()))) return;
  await notifyAdmins(ports, {
    subject: `tuquan ${ports.province.id}: a report reached nobody by SMS`,
    body: `Report ${report.id} (tier ${tier}): every SMS failed after retries. It is stored and listed in the console, marked "failed".`,
    reportId: report.id,
  });
}
