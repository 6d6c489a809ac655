import type { Area } from '../../functions/areas/model';
import type { Category } from '../../functions/categories/model';
import type { Report } from '../../functions/reports/model';
import type { SubmitReportPorts } from '../../functions/reports/submit';
import type { IdempotencyRecord, IdempotencyStore } from '../../functions/shared/idempotency';
import { secretsFrom } from '../../functions/shared/secrets';

/** In-memory stand-ins for the intake's ports, with the same conditional-write semantics as the store. */
export class MemoryIdempotency implements IdempotencyStore {
  records = new Map<string, IdempotencyRecord>();
  async get(id: string) {
    return this.records.get(id);
  }
  async putIfAbsent(record: IdempotencyRecord, nowSeconds: number) {
    const live = this.records.get(record.id);
    if (live && live.expiresAt > nowSeconds) return false;
    this.records.set(record.id, record);
    return true;
  }
  async remove(id: string, claim: string) {
    if (this.records.get(id)?.claim === claim) this.records.delete(id);
  }
}

type ReportWrites = SubmitReportPorts['reports'];

class MemoryReports implements ReportWrites {
  slots = new Map<string, { reportId: string; expiresAt: number }>();
  reports = new Map<string, Report>();
  requestHashes = new Map<string, string>();
  /** Puts that reached the store (whatever their outcome), as a store would count its writes. */
  puts = 0;
  /** Makes the named write throw, as a store that is down would. */
  failing: Set<keyof ReportWrites> = new Set();
  /** Makes put write and then throw, as when the store's answer is lost on the way back. */
  losingAnswers = false;

  private check(name: keyof ReportWrites) {
    if (this.failing.has(name)) throw Object.assign(new Error('store down'), { name: 'InternalServerError' });
  }
  async claimDuplicateSlot(
    slot: { digest: string; reportId: string; createdAt: string; expiresAt: number },
    nowSeconds: number,
  ) {
    this.check('claimDuplicateSlot');
    const held = this.slots.get(slot.digest);
    if (held && held.expiresAt > nowSeconds) return held.reportId;
    this.slots.set(slot.digest, { reportId: slot.reportId, expiresAt: slot.expiresAt });
    return undefined;
  }
  async releaseDuplicateSlot(digest: string, reportId: string) {
    this.check('releaseDuplicateSlot');
    if (this.slots.get(digest)?.reportId === reportId) this.slots.delete(digest);
  }
  async storedRequestHash(id: string) {
    this.check('storedRequestHash');
    return this.reports.has(id) ? (this.requestHashes.get(id) ?? '') : undefined;
  }
  async put(report: Report, requestHash?: string) {
    this.check('put');
    this.puts++;
    if (this.reports.has(report.id)) return 'exists' as const;
    this.reports.set(report.id, report);
    if (requestHash) this.requestHashes.set(report.id, requestHash);
    if (this.losingAnswers) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
    return 'created' as const;
  }
}

const AREAS: Record<string, Area> = {
  QN: { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  'QN-UB': { code: 'QN-UB', name: 'Phường Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  'QN-UB-T5': {
    code: 'QN-UB-T5',
    name: 'Tổ dân phố 5',
    kind: 'residential_group',
    parent: 'QN-UB',
    ancestors: ['QN', 'QN-UB'],
  },
};

const CATEGORIES: Record<string, Category> = {
  theft: {
    code: 'theft',
    label: { vi: 'Trộm cắp tài sản', en: 'Theft' },
    urgency: 'normal',
    mediable: false,
    order: 1,
  },
  fight: {
    code: 'fight',
    label: { vi: 'Đánh nhau', en: 'Fight' },
    urgency: 'high',
    mediable: false,
    order: 2,
  },
};

export const fixedSecrets = () => secretsFrom(async () => Buffer.alloc(32, 7));

export function mutableClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => now,
    set: (next: string) => {
      now = new Date(next);
    },
    advance: (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

/** Receipts counted up, so that answers can be compared whole. */
function counters() {
  let receipts = 0;
  return {
    newReceipt: () => `RCPT${String(++receipts).padStart(12, '0')}`,
  };
}

export function intakePorts(overrides: Partial<SubmitReportPorts> = {}) {
  const reports = new MemoryReports();
  const clock = mutableClock('2025-03-12T07:00:00.000Z');
  const count = counters();
  const slept: number[] = [];
  const ports: SubmitReportPorts = {
    areas: { getArea: async (code) => AREAS[code] },
    categories: { getCategory: async (code) => CATEGORIES[code] },
    reports,
    secrets: fixedSecrets(),
    clock,
    newReceipt: count.newReceipt,
    sleep: async (ms) => void slept.push(ms),
    ...overrides,
  };
  return { ports, reports, clock, slept };
}
