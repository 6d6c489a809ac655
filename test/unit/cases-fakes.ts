import { type Area, placesUnder } from '../../functions/areas/model';
import type { ChangeStatusPorts } from '../../functions/cases/change-status';
import type { InboxPorts } from '../../functions/cases/inbox';
import { type CaseEntry, positionOf, toCaseRecord } from '../../functions/cases/model';
import type { OnDutyPorts } from '../../functions/cases/on-duty';
import type { OpenCasePorts } from '../../functions/cases/open';
import type { MyShiftsPorts } from '../../functions/cases/shifts';
import type { Category } from '../../functions/categories/model';
import type { AuditEntry } from '../../functions/officers/model';
import type { Report } from '../../functions/reports/model';
import type { Officer, OfficerOnDuty, Shift } from '../../functions/roster/model';
import type { Identity } from '../../functions/shared/identity';
import { DEFAULT_RETENTION } from '../../functions/shared/province';
import { memoryOfficerLookup } from '../support/officer-lookup';
import { report as baseReport } from './dispatch-fakes';
import { fixedSecrets, MemoryIdempotency, mutableClock } from './reports-fakes';

export const AREAS: Area[] = [
  { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  { code: 'HA-LONG', name: 'Hạ Long', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'HA-LONG-K1',
    name: 'Khu 1 Hồng Gai',
    kind: 'residential_group',
    parent: 'HA-LONG',
    ancestors: ['QN', 'HA-LONG'],
  },
  { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  {
    code: 'UONG-BI-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  {
    code: 'UONG-BI-YT2',
    name: 'Khu Yên Thanh 2',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
];

const officer = (o: Omit<Officer, 'phone' | 'login'> & { phone?: string }): Officer => ({
  phone: '+84900000000',
  login: `${o.id.toLowerCase()}@example.vn`,
  ...o,
});

const OFFICERS: Officer[] = [
  officer({ id: 'QN-ADMIN', name: 'Quản trị tỉnh', role: 'admin', access: 'admin', areas: ['QN'] }),
  officer({ id: 'UB-CA1', name: 'Vũ Hoàng Giang', role: 'police', access: 'officer', areas: ['UONG-BI'] }),
  officer({
    id: 'UB-QT5A-HG',
    name: 'Hòa giải viên Quang Trung 5A',
    role: 'mediator',
    access: 'officer',
    areas: ['UONG-BI-QT5A'],
    phone: '+84900000047',
  }),
  officer({ id: 'HL-CA1', name: 'Nguyễn Đức Anh', role: 'police', access: 'officer', areas: ['HA-LONG'] }),
];

const CATEGORIES: Category[] = [
  {
    code: 'theft',
    label: { vi: 'Trộm cắp tài sản', en: 'Theft' },
    urgency: 'high',
    mediable: false,
    order: 1,
  },
  {
    code: 'neighbour_dispute',
    label: { vi: 'Mâu thuẫn hàng xóm', en: 'Dispute between neighbours' },
    urgency: 'normal',
    mediable: true,
    order: 2,
  },
];

export const identityOf = (id: string): Identity => ({
  subject: `sub-${id}`,
  email: `${id.toLowerCase()}@example.vn`,
  groups: [OFFICERS.find((o) => o.id === id)?.access ?? 'officer'],
});

/** A report of the case tests: a neighbours' quarrel in Quang Trung 5A, by default. */
export function caseReport(overrides: Partial<Report> = {}): Report {
  return baseReport({ category: 'neighbour_dispute', categoryLabel: CATEGORIES[1]?.label, ...overrides });
}

/**
 * The console's ports in memory: report partitions as items (with the same conditional update as the
 * store), the areas and officers above, a recording audit log and figures.
 */
export function casePorts() {
  const partitions = new Map<string, Record<string, unknown>[]>();
  const audit: AuditEntry[] = [];
  const counted: string[] = [];
  const shifts: Shift[] = [];
  const onDuty: Record<string, OfficerOnDuty[]> = {};
  const clock = mutableClock('2025-03-12T08:00:00.000Z');
  let changes = 0;
  const areas = new Map(AREAS.map((a) => [a.code, a]));
  const children = async (code: string) => AREAS.filter((a) => a.parent === code);
  const reportItem = (id: string) => partitions.get(id)?.find((i) => i.sk === 'REPORT');

  const ports: InboxPorts & OpenCasePorts & ChangeStatusPorts & MyShiftsPorts & OnDutyPorts = {
    officers: {
      ...memoryOfficerLookup(OFFICERS),
      byIds: async (ids) => new Map(OFFICERS.filter((o) => ids.includes(o.id)).map((o) => [o.id, o])),
    },
    audit: {
      record: async (entry) => {
        audit.push(entry);
      },
    },
    clock,
    province: { rootArea: 'QN', timeZone: 'Asia/Ho_Chi_Minh', retention: DEFAULT_RETENTION },
    areas: {
      getArea: async (code) => areas.get(code),
      children,
      placesUnder: (area) => placesUnder(area, children),
    },
    categories: { getCategory: async (code) => CATEGORIES.find((c) => c.code === code) },
    playbooks: { getPlaybook: async () => undefined },
    reports: {
      getCase: async (id) => {
        const item = reportItem(id);
        return item ? toCaseRecord(structuredClone(item)) : undefined;
      },
      partition: async (id) => {
        const items = structuredClone(partitions.get(id) ?? []);
        const item = items.find((i) => i.sk === 'REPORT');
        return item ? { record: toCaseRecord(item), items } : { items };
      },
      inPlaces: async (places, { before, limit, status }) =>
        [...partitions.values()]
          .map((items) => items.find((i) => i.sk === 'REPORT') as unknown as Report)
          .filter((r) => places.includes(r.area) && (!before || positionOf(r) < before))
          .filter((r) => !status || r.status === status)
          .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : -1))
          .slice(0, limit + 1),
      inProvince: async ({ before, limit, status }) => ({
        reports: [...partitions.values()]
          .map((items) => items.find((i) => i.sk === 'REPORT') as unknown as Report)
          .filter((r) => (!before || positionOf(r) < before) && (!status || r.status === status))
          .sort((a, b) => (positionOf(a) < positionOf(b) ? 1 : -1))
          .slice(0, limit + 1),
      }),
      applyStatusChange: async (id, change) => {
        const item = reportItem(id);
        if (!item || item.status !== change.from) return 'conflict';
        if (change.from === 'received' && item.acknowledgedAt) return 'conflict';
        Object.assign(item, {
          status: change.to,
          updatedAt: change.at,
          lastChange: change.changeId,
          ...(change.from === 'received'
            ? {
                acknowledgedAt: change.at,
                acknowledgedBy: { role: change.by.role, officerId: change.by.officerId },
              }
            : {}),
          ...(change.mediation ? { mediation: change.mediation } : {}),
          ...(change.settles ? { settledAt: change.at, erasure: change.settles.erasure } : {}),
        });
        return 'applied';
      },
      putEntries: async (id, entries: readonly CaseEntry[]) => {
        const items = partitions.get(id) ?? [];
        for (const entry of entries) {
          const { kind, changeId, mediation, ...fields } = entry as CaseEntry & { mediation?: object };
          const sk = `${kind.toUpperCase()}#${entry.at}#${changeId}`;
          const at = items.findIndex((i) => i.sk === sk);
          const item = { pk: `REPORT#${id}`, sk, type: kind, ...fields, ...(mediation ?? {}) };
          if (at >= 0) items[at] = item;
          else items.push(item);
        }
      },
    },
    roster: {
      shiftsOfOfficer: async (id, from, to) =>
        shifts.filter((s) => s.officer === id && s.end > from.toISOString() && s.start < to.toISOString()),
      onDutyInAreas: async (codes) => codes.map((area) => ({ area, officers: onDuty[area] ?? [] })),
    },
    stats: {
      acknowledged: async (r, at) => {
        counted.push(`acknowledged ${r.id} ${at}`);
      },
      mediated: async (r, outcome) => {
        counted.push(`mediated ${r.id} ${outcome}`);
      },
    },
    idempotency: new MemoryIdempotency(),
    secrets: fixedSecrets(),
    newChangeId: () => `c${++changes}`,
  };

  const add = (report: Report, extra: Record<string, unknown>[] = []) => {
    partitions.set(report.id, [
      { pk: `REPORT#${report.id}`, sk: 'REPORT', type: 'report', ...structuredClone(report) },
      ...extra.map((item) => ({ pk: `REPORT#${report.id}`, ...item })),
    ]);
  };
  return { ports, partitions, audit, counted, shifts, onDuty, clock, add, reportItem };
}
