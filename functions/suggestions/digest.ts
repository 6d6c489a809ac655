import { randomBytes } from 'node:crypto';
import { errorName, log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { localDate } from '../shared/time';
import { SMS_SEGMENT_CHARS, type Sms, SmsError, smsBudget, toGsm7 } from '../sms/model';
import type { RosterReader } from '../sms/roster';
import type { ReserveSms } from '../sms/store';
import type { DigestPlan, DigestSmsState, NewSuggestion } from './model';
import type { DigestStore } from './store';

/** Suggestions older than this are past the digest's look-back (the console still lists them). */
const DIGEST_LOOKBACK_DAYS = 7;

export interface DigestPorts {
  store: DigestStore;
  roster: RosterReader;
  sms: Sms;
  /** One SMS from the province's daily counter (the reports' cap); false when it is reached. */
  reserveSms: ReserveSms;
  clock: Clock;
  province: Pick<Province, 'baseUrl' | 'timeZone' | 'sms'>;
  sleep(ms: number): Promise<void>;
}

export interface DigestOutcome {
  /** Boxes whose digest went out (or was finished) in this run: at least one SMS tried. */
  boxes: number;
  sent: number;
  failed: number;
  capped: number;
}

const SEND_ATTEMPTS = 3;

/**
 * The daily digest: for each box with online suggestions since its last digest, one SMS to each
 * officer on duty now for the box's place (else the nearest place above it with anyone on duty, below
 * the province), with the count only. Once per box and day: the plan and each SMS's claim are
 * conditional writes keyed by (box, day), so a second run that day finishes what a crashed one left
 * and sends nothing twice. A box with nobody on duty anywhere keeps its count for the next digest.
 */
export async function digestBoxes(ports: DigestPorts): Promise<DigestOutcome> {
  const now = ports.clock.now();
  const nowIso = now.toISOString();
  const day = localDate(now, ports.province.timeZone);
  const from = new Date(now.getTime() - DIGEST_LOOKBACK_DAYS * 86_400_000).toISOString();
  const byBox = new Map<string, NewSuggestion[]>();
  for (const s of await ports.store.newOnline(from, nowIso)) {
    byBox.set(s.box, [...(byBox.get(s.box) ?? []), s]);
  }
  const outcome: DigestOutcome = { boxes: 0, sent: 0, failed: 0, capped: 0 };
  for (const [box, fresh] of byBox) {
    try {
      const done = await digestBox(ports, box, fresh, { day, nowIso, now }, outcome);
      if (done) outcome.boxes++;
    } catch (error) {
      // One box's failure must not keep the others' officers uninformed; the next run resumes it.
      log.error('digest of a box failed', { box, error: errorName(error) });
    }
  }
  if (outcome.boxes > 0) log.info('suggestion digest', { day, ...outcome });
  return outcome;
}

async function digestBox(
  ports: DigestPorts,
  box: string,
  fresh: NewSuggestion[],
  when: { day: string; nowIso: string; now: Date },
  outcome: DigestOutcome,
): Promise<boolean> {
  let plan = await ports.store.getPlan(box, when.day);
  if (!plan) {
    const mark = await ports.store.digested(box);
    const counted = fresh.filter((s) => !mark || s.createdAt > mark.cutoff);
    const first = counted[0];
    if (!first) return false;
    const reached = await onDutyFor(ports, first, when.now);
    if (!reached) {
      log.warn('digest: nobody on duty for a box; its count waits for the next digest', { box });
      return false;
    }
    plan = await ports.store.putPlan({
      box,
      day: when.day,
      cutoff: when.nowIso,
      count: counted.length,
      level: reached.level,
      recipients: reached.recipients,
    });
  }
  const body = digestText(fresh[0]?.boxName ?? box, plan.count, ports.province.baseUrl);
  let texted = false;
  for (const recipient of plan.recipients) {
    const state = await textOne(ports, plan, recipient, body, when.day);
    if (state === 'already') continue;
    outcome[state]++;
    texted = true;
  }
  // Only once every SMS is settled: if a run dies before, a run later today finishes the plan, and
  // without one tomorrow's count still holds these (told twice rather than never).
  await ports.store.markDigested(box, { cutoff: plan.cutoff, day: plan.day });
  return texted;
}

/** The box's place, then its ancestors up to (not including) the province: the first with anyone on duty. */
async function onDutyFor(
  ports: DigestPorts,
  s: NewSuggestion,
  at: Date,
): Promise<Pick<DigestPlan, 'level' | 'recipients'> | undefined> {
  const levels = [s.area, ...s.ancestors.slice(1).reverse()];
  for (const level of levels) {
    const officers = (await ports.roster.onDutyOfficers(level, at)).filter((o) => o.phone);
    if (officers.length > 0) {
      return { level, recipients: officers.map((o) => ({ key: o.id, to: o.phone, role: o.role })) };
    }
  }
  return undefined;
}

/** One SMS of a plan, at most once: claimed, then a unit of the daily cap, then sent and settled. */
async function textOne(
  ports: DigestPorts,
  plan: DigestPlan,
  recipient: DigestPlan['recipients'][number],
  body: string,
  day: string,
): Promise<Exclude<DigestSmsState, 'sending'> | 'already'> {
  const claim = randomBytes(9).toString('base64url');
  const claimed = await ports.store.claim(plan, recipient.key, claim, ports.clock.now().toISOString());
  // Claimed by an earlier run: sent, failed, or lost in a crash mid-send; never sent twice.
  if (claimed !== 'claimed') return 'already';
  // A normal SMS of no one commune: it stops short of the reserve kept for high urgency.
  if (!(await ports.reserveSms(day, smsBudget(ports.province.sms))).granted) {
    await ports.store.settle(plan, recipient.key, claim, 'capped');
    return 'capped';
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await ports.sms.send({ to: recipient.to, body, reportId: `digest:${plan.box}` });
      await ports.store.settle(plan, recipient.key, claim, 'sent');
      return 'sent';
    } catch (error) {
      if (!(error instanceof SmsError)) {
        // Nothing was handed over: the next run may send it.
        await ports.store.release(plan, recipient.key, claim);
        throw error;
      }
      if (!error.retryable || attempt >= SEND_ATTEMPTS) {
        log.warn('digest sms not sent', { box: plan.box, reason: error.reason });
        await ports.store.settle(plan, recipient.key, claim, 'failed');
        return 'failed';
      }
      await ports.sleep(250 * 4 ** (attempt - 1));
    }
  }
}

const COUNTED = ' gop y moi. Xem: ';
const ELLIPSIS = '..';

/**
 * "Hom thu gop y To tu quan khu 5A: 3 gop y moi. Xem: https://…/officer/" — the box and a count, never
 * a word of any suggestion; Vietnamese without diacritics (GSM-7), one 160-character segment: a long
 * box name is cut at a word, the link never is.
 */
export function digestText(boxName: string, count: number, baseUrl: string): string {
  const tail = `: ${count}${COUNTED}${baseUrl}/officer/`;
  const room = SMS_SEGMENT_CHARS - tail.length;
  if (room < 20) throw new Error('the console link leaves no room for the digest SMS (baseUrl too long?)');
  let name = toGsm7(boxName);
  if (name.length > room) {
    let cut = name.slice(0, room - ELLIPSIS.length);
    const space = cut.lastIndexOf(' ');
    if (space > room / 2) cut = cut.slice(0, space);
    name = `${cut.replace(/[\s,.;:-]+$/, '')}${ELLIPSIS}`;
  }
  return `${name}${tail}`;
}
