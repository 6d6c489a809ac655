import type { Report } from '../reports/model';
import { errorName, log, metric } from '../shared/log';
import type { Secrets } from '../shared/secrets';
import { nextFreeAt, type Sms } from '../sms/model';
import type { RecipientState, SmsThrottle } from '../sms/store';
import type { SmsCounter } from '../stats/model';
import { type BudgetPorts, spendSms } from './budget';
import { sendWithRetry } from './dispatcher';
import { smsTag, smsText, summaryText } from './message';
import { communeOf, type HeldReport, parseHeldEntry } from './model';
import type { DispatchStore } from './store';
import { newSummaryId, signAckToken, signSummaryToken } from './token';

/** Reports one summary carries at most (and held entries read at once); the rest wait for the next slot. */
const MAX_SUMMARY_REPORTS = 50;

export interface HeldPorts extends BudgetPorts {
  throttle: Pick<SmsThrottle, 'due' | 'state' | 'take' | 'untake' | 'postpone' | 'release'>;
  store: Pick<DispatchStore, 'getReport' | 'settleHeld' | 'putSummary'>;
  sms: Sms;
  secrets: Pick<Secrets, 'key'>;
  retry?: { attempts: number; baseDelayMs: number };
  /** The day's SMS figures: what the sweep hands over, and what the budget refused. It never throws. */
  smsStats?: SmsCounter;
}

/**
 * The sweep's part for throttled phones (every minute on AWS, every few seconds locally): each phone
 * in the held queue (gsi2 SMSHELD, one Query, never a scan) whose next free slot has come gets ONE
 * SMS: its oldest held high-urgency report as that report's own SMS (never behind normal ones: the
 * summary waits for the slot after), else one summary of its held reports — how many, in which
 * places, and a link to the page listing them, each with its own acknowledge button. A report
 * acknowledged meanwhile is dropped from what is held (it needs nobody else); a summary of a single
 * report is that report's own SMS. Nothing held is lost: an entry leaves its phone's set only once
 * its SMS is settled (sent, failed or capped); a sweep that dies before that sends it again at the
 * phone's next free slot. Returns how many SMS went.
 */
export async function sendHeld(ports: HeldPorts, options: { limit?: number } = {}): Promise<number> {
  const now = ports.clock.now();
  const keys = await ports.throttle.due(now, options.limit ?? 50);
  const sent = await Promise.all(
    keys.map((key) =>
      textPhone(ports, key, now).catch((error: unknown) => {
        log.error('held sms failed', { error: errorName(error) });
        return 0;
      }),
    ),
  );
  return sent.reduce((a, b) => a + b, 0);
}

interface Held extends HeldReport {
  entry: string;
  urgent: boolean;
  report?: Report;
}

/** Still for the phone: the report exists and nobody has taken it up yet. */
const stillNew = (held: Held) => held.report?.status === 'received' && !held.report.acknowledgedAt;

async function textPhone(ports: HeldPorts, key: string, now: Date): Promise<number> {
  const state = await ports.throttle.state(key);
  if (!state?.to || !state.role) {
    if (state) await ports.throttle.release(key, { urgent: state.urgent, other: state.other }, now);
    return 0;
  }
  const free = nextFreeAt(state.times, ports.province.sms.throttle, now.getTime());
  if (free > now.getTime()) {
    await ports.throttle.postpone(key, new Date(free));
    return 0;
  }
  // High urgency first, oldest first, one at a time; then the others, in one summary.
  const urgent = await read(ports, state.urgent.slice(0, MAX_SUMMARY_REPORTS), true);
  const stale = urgent.filter((h) => !stillNew(h));
  const next = urgent.find(stillNew);
  if (next) return textOwn(ports, state, next, stale, now);
  const others = await read(ports, state.other.slice(0, MAX_SUMMARY_REPORTS), false);
  const live = others.filter(stillNew);
  stale.push(...others.filter((h) => !stillNew(h)));
  const [only] = live;
  if (live.length === 1 && only) return textOwn(ports, state, only, stale, now);
  if (live.length === 0) {
    await release(ports, state, stale, now);
    return 0;
  }
  return textSummary(ports, state, live, stale, now);
}

async function read(ports: HeldPorts, entries: readonly string[], urgent: boolean): Promise<Held[]> {
  const held: Held[] = [];
  for (const entry of entries) {
    const ref = parseHeldEntry(entry);
    if (ref) held.push({ ...ref, entry, urgent });
  }
  await Promise.all(
    held.map(async (h) => {
      const report = await ports.store.getReport(h.reportId);
      if (report) h.report = report;
    }),
  );
  return held;
}

/** Entries out of the phone's sets; it stays queued until its next free slot while any are left. */
async function release(ports: HeldPorts, state: RecipientState, done: readonly Held[], now: Date) {
  const next = new Date(nextFreeAt(state.times, ports.province.sms.throttle, now.getTime()));
  await ports.throttle.release(
    state.key,
    {
      urgent: done.filter((h) => h.urgent).map((h) => h.entry),
      other: done.filter((h) => !h.urgent).map((h) => h.entry),
    },
    next,
  );
}

/** The phone's slot, taken for what the sweep sends; another taker first (a fresh SMS) → later. */
async function takeSlot(
  ports: HeldPorts,
  state: RecipientState,
  urgent: boolean,
  now: Date,
): Promise<boolean> {
  const throttle = ports.province.sms.throttle;
  if (await ports.throttle.take(state.key, { now, throttle, urgent, fromHeld: true })) {
    state.times = [now.getTime(), ...state.times];
    return true;
  }
  const again = await ports.throttle.state(state.key);
  await ports.throttle.postpone(state.key, new Date(nextFreeAt(again?.times ?? [], throttle, now.getTime())));
  return false;
}

/** The slot taken for an SMS that never went goes back (if nothing took one since). */
async function untake(ports: HeldPorts, state: RecipientState, now: Date): Promise<void> {
  await ports.throttle.untake(state.key, now).catch(() => undefined);
  state.times = state.times.slice(1);
}

/** One held report as its own SMS (its tier's text and acknowledge link), at the phone's free slot. */
async function textOwn(
  ports: HeldPorts,
  state: RecipientState,
  held: Held,
  stale: Held[],
  now: Date,
): Promise<number> {
  const report = held.report as Report;
  if (!(await takeSlot(ports, state, held.urgent, now))) return 0;
  const budget = await spendSms(ports, { priority: held.urgent, commune: communeOf(report) }, now);
  if (!budget.granted) {
    await untake(ports, state, now);
    if (
      await ports.store.settleHeld(report.id, state.key, {
        state: 'capped',
        reason: budget.reason,
        settledAt: now.toISOString(),
      })
    )
      await ports.smsStats?.report(report, { sent: 0, held: 0, capped: 1 }, now);
    await release(ports, state, [...stale, held], now);
    return 0;
  }
  const token = signAckToken(
    await ports.secrets.key('ack-token'),
    { reportId: report.id, tier: held.tier, index: held.index },
    now,
  );
  const body = smsText({
    report,
    tier: held.tier,
    ackUrl: `${ports.province.baseUrl}/api/ack/${token}`,
    timeZone: ports.province.timeZone,
    tag: smsTag(ports.province),
    now,
  });
  // A sender that throws anything else handed nothing over: the slot goes back, the entry stays for the
  // next sweep.
  const sent = await sendWithRetry(ports, { to: state.to as string, body, reportId: report.id }, () =>
    untake(ports, state, now),
  );
  const settled = await ports.store.settleHeld(report.id, state.key, {
    state: sent.state,
    ...(sent.reason ? { reason: sent.reason } : {}),
    settledAt: ports.clock.now().toISOString(),
  });
  if (settled) metric(sent.state === 'sent' ? 'SmsSent' : 'SmsFailed', 1);
  if (settled && sent.state === 'sent')
    await ports.smsStats?.report(report, { sent: 1, held: 0, capped: 0 }, now, { later: true });
  if (sent.state === 'failed')
    log.warn('sms not sent', { reportId: report.id, tier: held.tier, reason: sent.reason });
  await release(ports, state, [...stale, held], now);
  return sent.state === 'sent' ? 1 : 0;
}

/** One summary SMS of the phone's held reports: stored first, so that its link lists them. */
async function textSummary(
  ports: HeldPorts,
  state: RecipientState,
  live: Held[],
  stale: Held[],
  now: Date,
): Promise<number> {
  const reports = live.map((h) => h.report as Report);
  if (!(await takeSlot(ports, state, false, now))) return 0;
  const communes = new Set(reports.map(communeOf));
  const [commune] = communes;
  const budget = await spendSms(
    ports,
    // A summary holds only normal reports (a held high-urgency one goes on its own): never the reserve.
    { priority: false, ...(communes.size === 1 && commune ? { commune } : {}) },
    now,
  );
  if (!budget.granted) {
    await untake(ports, state, now);
    for (const report of reports)
      if (
        await ports.store.settleHeld(report.id, state.key, {
          state: 'capped',
          reason: budget.reason,
          settledAt: now.toISOString(),
        })
      )
        await ports.smsStats?.report(report, { sent: 0, held: 0, capped: 1 }, now);
    await release(ports, state, [...stale, ...live], now);
    return 0;
  }
  const id = newSummaryId();
  await ports.store.putSummary({
    id,
    key: state.key,
    sentAt: now.toISOString(),
    reports: live.map((h) => ({ reportId: h.reportId, tier: h.tier, index: h.index })),
  });
  const token = signSummaryToken(await ports.secrets.key('ack-token'), id, now);
  const body = summaryText({
    places: reports.map((r) => r.areaName),
    link: `${ports.province.baseUrl}/api/ack/summary/${token}`,
    tag: smsTag(ports.province),
  });
  const sent = await sendWithRetry(ports, { to: state.to as string, body, reportId: `summary:${id}` }, () =>
    untake(ports, state, now),
  );
  const at = ports.clock.now().toISOString();
  await Promise.all(
    reports.map((report) =>
      ports.store.settleHeld(report.id, state.key, {
        state: sent.state === 'sent' ? 'grouped' : 'failed',
        summary: id,
        ...(sent.reason ? { reason: sent.reason } : {}),
        settledAt: at,
      }),
    ),
  );
  metric(sent.state === 'sent' ? 'SmsSent' : 'SmsFailed', 1);
  if (sent.state === 'sent') await ports.smsStats?.summary(reports, now);
  else log.warn('sms not sent', { summary: id, reports: reports.length, reason: sent.reason });
  await release(ports, state, [...stale, ...live], now);
  return sent.state === 'sent' ? 1 : 0;
}
