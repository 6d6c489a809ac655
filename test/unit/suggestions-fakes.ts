import type { Area } from '../../functions/areas/model';
import type { AuditEntry } from '../../functions/officers/model';
import type { Officer } from '../../functions/roster/model';
import type { AnswerPorts } from '../../functions/suggestions/answer';
import type { BoxPagePorts } from '../../functions/suggestions/boxes';
import {
  applies,
  applyChange,
  type Box,
  type Change,
  listKey,
  type Opening,
  type Suggestion,
} from '../../functions/suggestions/model';
import type { OpeningPorts } from '../../functions/suggestions/opening';
import type {
  ChangeOutcome,
  ListScope,
  OpeningStore,
  SuggestionStore,
  TallyDelta,
} from '../../functions/suggestions/store';
import type { SubmitSuggestionPorts } from '../../functions/suggestions/submit';
import { memoryOfficerLookup } from '../support/officer-lookup';
import { fixedSecrets, mutableClock } from './reports-fakes';

/** A small province: a ward with two groups' places, another ward; a box for each ward and group. */
export const AREAS: Record<string, Area> = {
  QN: { code: 'QN', name: 'Quảng Ninh', kind: 'province', ancestors: [] },
  'UONG-BI': { code: 'UONG-BI', name: 'Uông Bí', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
  'UONG-BI-QT5A': {
    code: 'UONG-BI-QT5A',
    name: 'Khu Quang Trung 5A',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  'UONG-BI-YT2': {
    code: 'UONG-BI-YT2',
    name: 'Khu Yên Thanh 2',
    kind: 'residential_group',
    parent: 'UONG-BI',
    ancestors: ['QN', 'UONG-BI'],
  },
  'HA-LONG': { code: 'HA-LONG', name: 'Hạ Long', kind: 'ward', parent: 'QN', ancestors: ['QN'] },
};

export const BOXES: Record<string, Box> = {
  'G-QT5A': {
    id: 'G-QT5A',
    name: 'Hòm thư góp ý Tổ tự quản khu Quang Trung 5A',
    area: 'UONG-BI-QT5A',
    kind: 'group',
    group: 'QT5A',
  },
  'G-YT2': {
    id: 'G-YT2',
    name: 'Hòm thư góp ý Tổ tự quản khu Yên Thanh 2',
    area: 'UONG-BI-YT2',
    kind: 'group',
    group: 'YT2',
  },
  'A-UONG-BI': { id: 'A-UONG-BI', name: 'Hòm thư góp ý phường Uông Bí', area: 'UONG-BI', kind: 'area' },
  'A-HA-LONG': { id: 'A-HA-LONG', name: 'Hòm thư góp ý phường Hạ Long', area: 'HA-LONG', kind: 'area' },
};

const officer = (id: string, areas: string[], access: Officer['access'] = 'officer'): Officer => ({
  id,
  name: `Cán bộ ${id}`,
  phone: '+84900000000',
  role: access === 'admin' ? 'admin' : 'group_head',
  access,
  areas,
  login: `${id.toLowerCase()}@example.vn`,
});

export const OFFICERS = {
  groupHead: officer('QT5A-TT', ['UONG-BI-QT5A']),
  wardPolice: officer('UB-CA1', ['UONG-BI']),
  haLong: officer('HL-CA1', ['HA-LONG']),
  admin: officer('QN-ADMIN', ['QN'], 'admin'),
};

export const identityOf = (o: Officer) => ({ subject: `sub-${o.id}`, email: o.login, groups: ['officer'] });

/** The store's semantics in memory: conditional puts, the change conditions, lists newest first. */
class MemorySuggestions implements SuggestionStore {
  items = new Map<string, Suggestion>();
  requestHashes = new Map<string, string>();
  tallies = new Map<string, Record<string, number>>();
  failing = new Set<'put' | 'tally'>();

  async get(id: string) {
    return this.items.get(id);
  }
  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => (this.items.has(id) ? [this.items.get(id) as Suggestion] : []));
  }
  async put(s: Suggestion, requestHash?: string) {
    if (this.failing.has('put')) throw Object.assign(new Error('down'), { name: 'InternalServerError' });
    if (this.items.has(s.id)) return 'exists' as const;
    this.items.set(s.id, s);
    if (requestHash) this.requestHashes.set(s.id, requestHash);
    return 'created' as const;
  }
  async storedRequestHash(id: string) {
    return this.items.has(id) ? (this.requestHashes.get(id) ?? '') : undefined;
  }
  async remove(id: string) {
    this.items.delete(id);
  }
  async change(id: string, change: Change): Promise<ChangeOutcome | undefined> {
    const current = this.items.get(id);
    if (!current) return undefined;
    if (!applies(change, current.status)) return { changed: false, current };
    const after = applyChange(current, change);
    this.items.set(id, after);
    return { changed: true, before: current, after };
  }
  async newest(scope: ListScope, options: { before?: string; limit: number }) {
    return [...this.items.values()]
      .filter((s) => scope.commune === undefined || s.commune === scope.commune)
      .filter((s) => !scope.box || s.box === scope.box)
      .filter((s) => !scope.within || s.area === scope.within || s.ancestors.includes(scope.within))
      .filter((s) => !scope.status || s.status === scope.status)
      .filter((s) => !options.before || listKey(s) < options.before)
      .sort((a, b) => (listKey(a) < listKey(b) ? 1 : -1))
      .slice(0, options.limit);
  }
  async tally(box: Pick<Suggestion, 'box'>, delta: TallyDelta) {
    if (this.failing.has('tally')) throw new Error('tally down');
    const counts = this.tallies.get(box.box) ?? {};
    for (const [k, n] of Object.entries(delta)) counts[k] = (counts[k] ?? 0) + (n ?? 0);
    this.tallies.set(box.box, counts);
  }
}

class MemoryOpenings implements OpeningStore {
  items = new Map<string, Opening>();
  async get(box: string, openedAt: string) {
    return this.items.get(`${box}#${openedAt}`);
  }
  async put(opening: Opening) {
    const key = `${opening.box}#${opening.openedAt}`;
    if (this.items.has(key)) return 'exists' as const;
    this.items.set(key, opening);
    return 'created' as const;
  }
  async latest(box: string, limit: number) {
    return [...this.items.values()]
      .filter((o) => o.box === box)
      .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))
      .slice(0, limit);
  }
}

/** Receipts counted up, so that answers can be compared whole. */
function suggestionCounters() {
  let receipts = 0;
  return {
    newReceipt: () => `RCPT${String(++receipts).padStart(12, '0')}`,
  };
}

export function officerPorts() {
  const suggestions = new MemorySuggestions();
  const openings = new MemoryOpenings();
  const audit: AuditEntry[] = [];
  const clock = mutableClock('2025-03-12T07:00:00.000Z');
  const officers = Object.values(OFFICERS);
  const ports: AnswerPorts & OpeningPorts & BoxPagePorts = {
    officers: memoryOfficerLookup(officers),
    audit: { record: async (entry) => void audit.push(entry) },
    clock,
    areas: { getArea: async (code) => AREAS[code] },
    boxes: { getBox: async (id) => BOXES[id] },
    suggestions,
    openings,
  };
  return { ports, suggestions, openings, audit, clock };
}

export function intakePorts() {
  const suggestions = new MemorySuggestions();
  const clock = mutableClock('2025-03-12T07:00:00.000Z');
  const count = suggestionCounters();
  const slept: number[] = [];
  const ports: SubmitSuggestionPorts = {
    boxes: { getBox: async (id) => BOXES[id] },
    areas: { getArea: async (code) => AREAS[code] },
    suggestions,
    secrets: fixedSecrets(),
    clock,
    newReceipt: count.newReceipt,
    sleep: async (ms) => void slept.push(ms),
  };
  return { ports, suggestions, clock, slept };
}
