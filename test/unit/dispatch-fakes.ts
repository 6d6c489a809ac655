import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import type { Category } from '../../functions/categories/model';
import type { DispatchPorts } from '../../functions/dispatch/dispatcher';
import type { EscalationPorts } from '../../functions/dispatch/escalation';
import type { Notification, Summary, TierPlan } from '../../functions/dispatch/model';
import type { DispatchStore } from '../../functions/dispatch/store';
import type { HeldPorts } from '../../functions/dispatch/summaries';
import type { Report } from '../../functions/reports/model';
import { dispatchOrder } from '../../functions/reports/store';
import { type Province, parseProvince } from '../../functions/shared/province';
import type { Alert, Alerts } from '../../functions/sms/alerts';
import type { Sms, SmsMessage } from '../../functions/sms/model';
import type { OfficerOnDuty, RosterReader } from '../../functions/sms/roster';
import { parseCsv } from '../../infra/import/csv';
import { type CategoryRowT, FILES } from '../../infra/import/rows';
import { fixedSecrets, mutableClock } from './reports-fakes';
import { MemoryBudget, MemoryThrottle } from './sms-fakes';

/** The demo province as it is configured: each phone at most 1 SMS a minute, 5 in 15 minutes, 12 an hour. */
export const THROTTLED: Province = parseProvince(
  JSON.parse(readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8')),
  'quang-ninh.json',
);

/**
 * The demo province for tests that are not about the per-phone throttle: one phone may get as many SMS
 * as these tests send it (the throttle's own tests use THROTTLED).
 */
export const PROVINCE: Province = {
  ...THROTTLED,
  sms: { ...THROTTLED.sms, throttle: { perMinute: 1000, per15Minutes: 1000, perHour: 1000 } },
};

/** The demo's categories.csv read through the import's own row schema, as `npm start` seeds them. */
const DEMO_CATEGORIES: Category[] = (() => {
  const file = readFileSync(new URL('../../infra/provinces/quang-ninh/categories.csv', import.meta.url));
  const table = parseCsv(file, 'categories.csv');
  return table.records.map((record, index) => {
    const raw = Object.fromEntries(table.header.map((column, i) => [column, record.cells[i]?.value ?? '']));
    const row = z.parse(FILES.categories.row, raw) as CategoryRowT;
    return {
      code: row.code,
      label: { vi: row.label_vi, en: row.label_en },
      urgency: row.urgency,
      mediable: row.mediable,
      order: index + 1,
      roles: row.roles,
      informed: row.informed,
    };
  });
})();

type Queue = { pk: 'DISPATCH' | 'ACKDUE'; sk: string } | undefined;

/** The dispatcher's store in memory, with the conditions the DynamoDB one puts on each write. */
class MemoryDispatch implements DispatchStore {
  reports = new Map<string, { report: Report; queue: Queue }>();
  tiers = new Map<string, TierPlan>();
  notes = new Map<string, Notification>();

  /** The demo province's categories, as the import stores them (who each is texted to). */
  categories = new Map<string, Category>(DEMO_CATEGORIES.map((c) => [c.code, structuredClone(c)]));
  async getCategory(code: string) {
    const found = this.categories.get(code);
    return found ? structuredClone(found) : undefined;
  }

  add(report: Report): void {
    this.reports.set(report.id, {
      report,
      queue: { pk: 'DISPATCH', sk: dispatchOrder.key(report) },
    });
  }
  report(id: string): Report | undefined {
    return this.reports.get(id)?.report;
  }
  queueOf(id: string): Queue {
    return this.reports.get(id)?.queue;
  }
  async getReport(id: string) {
    const found = this.reports.get(id);
    return found ? structuredClone(found.report) : undefined;
  }
  async pendingDispatch({
    createdBefore,
    limit,
    highOnly,
  }: {
    createdBefore?: string;
    limit: number;
    highOnly?: boolean;
  }) {
    return [...this.reports.values()]
      .filter(
        (r) =>
          r.queue?.pk === 'DISPATCH' &&
          (!createdBefore || r.report.createdAt < createdBefore) &&
          (!highOnly || r.report.urgency === 'high'),
      )
      .sort((a, b) => ((a.queue?.sk ?? '') < (b.queue?.sk ?? '') ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ id: r.report.id, urgency: r.report.urgency }));
  }
  async dueForEscalation(now: string, limit: number) {
    return [...this.reports.values()]
      .filter((r) => r.queue?.pk === 'ACKDUE' && r.queue.sk <= `${now}#\uffff`)
      .sort((a, b) => ((a.queue?.sk ?? '') < (b.queue?.sk ?? '') ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ id: r.report.id, dueKey: r.queue?.sk ?? '' }));
  }
  async getTier(id: string, tier: number) {
    return this.tiers.get(`${id}#${tier}`);
  }
  async putTier(id: string, plan: TierPlan) {
    const key = `${id}#${plan.tier}`;
    if (!this.tiers.has(key)) this.tiers.set(key, structuredClone(plan));
    return this.tiers.get(key) as TierPlan;
  }
  async notifications(id: string) {
    return [...this.notes.entries()].filter(([k]) => k.startsWith(`${id}#`)).map(([, n]) => ({ ...n }));
  }
  async claimNotification(id: string, claim: Notification) {
    const key = `${id}#${claim.key}`;
    const existing = this.notes.get(key);
    if (existing) return { ...existing };
    this.notes.set(key, { ...claim });
    return 'claimed' as const;
  }
  async settleNotification(
    id: string,
    key: string,
    claim: string,
    outcome: Pick<Notification, 'state' | 'attempts' | 'reason' | 'settledAt'>,
  ) {
    const note = this.notes.get(`${id}#${key}`);
    if (note?.claim !== claim) return false;
    Object.assign(note, JSON.parse(JSON.stringify(outcome)));
    return true;
  }
  async settleHeld(
    id: string,
    key: string,
    outcome: {
      state: 'grouped' | 'sent' | 'failed' | 'capped';
      settledAt: string;
      summary?: string;
      reason?: string;
    },
  ) {
    const note = this.notes.get(`${id}#${key}`);
    if (note?.state !== 'held') return false;
    Object.assign(note, outcome);
    return true;
  }
  summaries = new Map<string, Summary>();
  async putSummary(summary: Summary) {
    if (!this.summaries.has(summary.id)) this.summaries.set(summary.id, structuredClone(summary));
  }
  async getSummary(id: string) {
    return structuredClone(this.summaries.get(id));
  }
  /** A resend's claim goes back to the interrupted one it took over; any other is deleted. */
  async releaseNotification(id: string, key: string, claim: string) {
    const note = this.notes.get(`${id}#${key}`);
    if (note?.claim !== claim || note.state !== 'sending') return;
    const interrupted = this.interrupted.get(`${id}#${key}`);
    if (note.resentAt && interrupted) {
      note.claimedAt = interrupted;
      delete note.resentAt;
    } else this.notes.delete(`${id}#${key}`);
  }
  interrupted = new Map<string, string>();
  async reclaimNotification(
    id: string,
    key: string,
    from: string,
    resend: Pick<Notification, 'claim' | 'claimedAt'>,
  ) {
    const note = this.notes.get(`${id}#${key}`);
    if (note?.claim !== from || note.state !== 'sending' || note.resentAt) return false;
    this.interrupted.set(`${id}#${key}`, note.claimedAt);
    Object.assign(note, { claim: resend.claim, claimedAt: resend.claimedAt, resentAt: resend.claimedAt });
    return true;
  }
  async finishDispatch(
    id: string,
    outcome: {
      notifyStatus: Report['notifyStatus'];
      recipients: number;
      dispatchedAt: string;
      level: string;
      ackDue?: string;
    },
  ) {
    const entry = this.reports.get(id);
    if (entry?.report.notifyStatus !== 'pending') return false;
    Object.assign(entry.report, {
      notifyStatus: outcome.notifyStatus,
      recipients: outcome.recipients,
      dispatchedAt: outcome.dispatchedAt,
      escalationTier: 0,
      ...(outcome.level ? { notifiedLevel: outcome.level } : {}),
    });
    entry.queue = outcome.ackDue ? { pk: 'ACKDUE', sk: `${outcome.ackDue}#${id}` } : undefined;
    return true;
  }
  async advanceEscalation(
    id: string,
    fromDueKey: string,
    next: { tier: number; level: string; ackDue?: string },
  ) {
    const entry = this.reports.get(id);
    if (entry?.queue?.pk !== 'ACKDUE' || entry.queue.sk !== fromDueKey) return false;
    Object.assign(entry.report, { escalationTier: next.tier, notifiedLevel: next.level });
    entry.queue = next.ackDue ? { pk: 'ACKDUE', sk: `${next.ackDue}#${id}` } : undefined;
    return true;
  }
  async clearAckDue(id: string, fromDueKey: string) {
    const entry = this.reports.get(id);
    if (entry?.queue?.pk === 'ACKDUE' && entry.queue.sk === fromDueKey) entry.queue = undefined;
  }
}

/** An SMS sender that records what went out; `fail` decides, per call, to throw instead. */
export class RecordingSms implements Sms {
  sent: SmsMessage[] = [];
  calls = 0;
  constructor(public fail: (call: number, message: SmsMessage) => Error | undefined = () => undefined) {}
  async send(message: SmsMessage) {
    const error = this.fail(++this.calls, message);
    if (error) throw error;
    this.sent.push(message);
    return { messageId: `m-${this.calls}` };
  }
}

export class RecordingAlerts implements Alerts {
  alerts: Alert[] = [];
  async notify(alert: Alert) {
    this.alerts.push(alert);
  }
}

/** Who is on duty where, and every instant the dispatcher asked about. */
class FakeRoster implements RosterReader {
  asked: { area: string; at: string }[] = [];
  constructor(public onDuty: Record<string, OfficerOnDuty[]> = {}) {}
  async onDutyOfficers(area: string, at: Date) {
    this.asked.push({ area, at: at.toISOString() });
    return this.onDuty[area] ?? [];
  }
}

/** An officer whose phone spells the id: A1 → +84900000101, W2 → +84900002302. */
export const officer = (id: string, role = 'police'): OfficerOnDuty => {
  const letter = (id.charCodeAt(0) - 64) * 100;
  return {
    id,
    name: `Cán bộ ${id}`,
    phone: `+849${String(letter + Number(id.slice(1))).padStart(8, '0')}`,
    role,
  };
};

export function report(overrides: Partial<Report> = {}): Report {
  return {
    id: 'r000000000000001',
    area: 'UONG-BI-QT5A',
    areaName: 'Khu Quang Trung 5A',
    parentName: 'Uông Bí',
    ancestors: ['QN', 'UONG-BI'],
    category: 'theft',
    categoryLabel: { vi: 'Trộm cắp tài sản', en: 'Theft' },
    urgency: 'normal',
    description: 'Không bao giờ được gửi qua SMS.',
    contact: { name: 'Người báo', phone: '+84911111111' },
    createdAt: '2025-03-12T07:00:00.000Z',
    status: 'received',
    notifyStatus: 'pending',
    ...overrides,
  };
}

export function dispatchSetup(onDuty: Record<string, OfficerOnDuty[]> = {}, province: Province = PROVINCE) {
  const store = new MemoryDispatch();
  const sms = new RecordingSms();
  const alerts = new RecordingAlerts();
  const roster = new FakeRoster(onDuty);
  const clock = mutableClock('2025-03-12T07:00:02.000Z');
  const sleeps: number[] = [];
  const budget = new MemoryBudget();
  const throttle = new MemoryThrottle();
  const markers = new Set<string>();
  const ports: DispatchPorts & EscalationPorts & HeldPorts = {
    store,
    roster,
    throttle,
    reserveSms: budget.reserve,
    markOnce: async (marker) => {
      if (markers.has(marker)) return false;
      markers.add(marker);
      return true;
    },
    sms,
    alerts,
    secrets: fixedSecrets(),
    clock,
    province,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { ports, store, sms, alerts, roster, clock, sleeps, budget, throttle };
}
