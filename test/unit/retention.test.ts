import { describe, expect, it } from 'vitest';
import { settlement } from '../../functions/cases/model';
import { nextReportErasure, type Report } from '../../functions/reports/model';
import { eraseDue } from '../../functions/retention/erase-due';
import type { QueuedItem } from '../../functions/retention/model';
import type { RetentionStore } from '../../functions/retention/store';
import { DEFAULT_RETENTION, parseProvince } from '../../functions/shared/province';
import { erasureOf, retentionKey } from '../../functions/shared/store/retention';
import { report as baseReport, THROTTLED } from './dispatch-fakes';

const demoProvince = () => THROTTLED;

const CREATED = '2025-03-12T07:00:00.000Z';
const report = (fields: Partial<Report> = {}): Report => {
  const { contact: _anonymous, ...base } = baseReport();
  return { ...base, createdAt: CREATED, ...fields };
};

describe('nextReportErasure', () => {
  it('takes the contact details first: 180 days after arrival while the case is not settled', () => {
    expect(nextReportErasure(report({ contact: { phone: '+84912345678' } }), DEFAULT_RETENTION)).toEqual({
      stage: 'contact',
      due: '2025-09-08T07:00:00.000Z',
    });
  });

  it('counts from the settling once the case is settled: 30 days for the contact, 730 for the words', () => {
    const settled = report({ settledAt: '2025-04-01T00:00:00.000Z' });

    expect([
      nextReportErasure({ ...settled, contact: { name: 'A' } }, DEFAULT_RETENTION),
      nextReportErasure(settled, DEFAULT_RETENTION),
    ]).toEqual([
      { stage: 'contact', due: '2025-05-01T00:00:00.000Z' },
      { stage: 'text', due: '2027-04-01T00:00:00.000Z' },
    ]);
  });

  it('goes to the words of an anonymous report at once, and to nothing once they are gone', () => {
    expect([
      nextReportErasure(report(), DEFAULT_RETENTION),
      nextReportErasure(report({ textRemovedAt: '2028-03-11T07:00:00.000Z' }), DEFAULT_RETENTION),
    ]).toEqual([{ stage: 'text', due: '2028-03-11T07:00:00.000Z' }, undefined]);
  });
});

describe('settlement', () => {
  it('settles a case moving into resolved, mediated, referred or closed from an open status, once', () => {
    const open = report({ status: 'in_progress', contact: { phone: '+84912345678' } });
    const at = '2025-03-20T00:00:00.000Z';

    expect([
      settlement(open, 'resolved', at, DEFAULT_RETENTION),
      settlement(open, 'closed', at, DEFAULT_RETENTION),
      settlement(report({ status: 'resolved' }), 'closed', at, DEFAULT_RETENTION),
      settlement(report({ status: 'received' }), 'acknowledged', at, DEFAULT_RETENTION),
    ]).toEqual([
      { erasure: { stage: 'contact', due: '2025-04-19T00:00:00.000Z' } },
      { erasure: { stage: 'contact', due: '2025-04-19T00:00:00.000Z' } },
      undefined,
      undefined,
    ]);
  });
});

describe('the retention queue key', () => {
  it('reads back the erasure it was written from, and refuses a key it did not write', () => {
    const erasure = { stage: 'text' as const, due: '2027-04-01T00:00:00.000Z' };

    expect([erasureOf(retentionKey(erasure).gsi4sk), erasureOf('2027-04-01T00:00:00.000Z#other')]).toEqual([
      erasure,
      undefined,
    ]);
  });
});

describe('the province retention config', () => {
  it('has the defaults when a province sets none', () => {
    expect(demoProvince().retention).toEqual(DEFAULT_RETENTION);
  });

  it('refuses contact details kept longer than the words they came with, and periods out of range', () => {
    const raw = {
      ...demoProvince(),
      retention: { ...DEFAULT_RETENTION, contactDaysAfterSettled: 800, auditDays: 0 },
    };

    expect(() => parseProvince(raw, 'test.json')).toThrow(
      'Invalid province config test.json:\n' +
        '  - retention.auditDays: Too small: expected number to be >=1\n' +
        '  - retention: contact details are kept no longer than the report text (contactDays… ≤ reportTextDays…)',
    );
  });
});

/** A retention store in memory: items by `pk|sk`, each write conditional on the queue entry as the real one. */
function memoryRetention(items: Map<string, Record<string, unknown>>, due: QueuedItem[]) {
  const id = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;
  const writes: string[] = [];
  const conditional = (key: { pk: string; sk: string }, queued: string, change: Record<string, unknown>) => {
    const item = items.get(id(key));
    if (!item || item.gsi4sk !== queued) return false;
    Object.assign(item, change);
    writes.push(id(key));
    return true;
  };
  const store = {
    dueAt: async () => ({ items: due, next: undefined }),
    get: async (key: { pk: string; sk: string }) => items.get(id(key)),
    requeue: async (key: { pk: string; sk: string }, queued: string, next: QueuedItem['erasure']) =>
      conditional(key, queued, retentionKey(next)),
    eraseReportContact: async (reportId: string, queued: string, at: string) =>
      conditional({ pk: `REPORT#${reportId}`, sk: 'REPORT' }, queued, {
        contact: undefined,
        contactRemoved: { at, by: 'retention' },
      }),
  };
  return { store: store as unknown as RetentionStore, writes };
}

describe('eraseDue', () => {
  const now = new Date('2025-09-09T00:00:00.000Z');
  const queued = retentionKey({ stage: 'contact', due: '2025-09-08T07:00:00.000Z' }).gsi4sk;
  const listed = (pk: string): QueuedItem => ({
    key: { pk, sk: 'REPORT' },
    queued,
    erasure: { stage: 'contact', due: '2025-09-08T07:00:00.000Z' },
  });

  it('moves a report whose contact the resident removed on to its words, erasing nothing', async () => {
    const items = new Map([
      ['REPORT#r1|REPORT', { ...report({ id: 'r1' }), gsi4sk: queued } as Record<string, unknown>],
    ]);
    const { store, writes } = memoryRetention(items, [listed('REPORT#r1')]);

    const counts = await eraseDue({ retention: store, clock: { now: () => now }, policy: DEFAULT_RETENTION });

    expect(counts).toMatchObject({ due: 1, moved: 1, reportContacts: 0, skipped: 0 });
    expect([writes, items.get('REPORT#r1|REPORT')?.gsi4sk]).toEqual([
      ['REPORT#r1|REPORT'],
      '2028-03-11T07:00:00.000Z#text',
    ]);
  });

  it('leaves a report whose due date moved after it was listed (settled meanwhile) for its new date', async () => {
    const moved = retentionKey({ stage: 'contact', due: '2025-10-09T00:00:00.000Z' }).gsi4sk;
    const items = new Map([
      [
        'REPORT#r2|REPORT',
        {
          ...report({ id: 'r2', contact: { phone: '+84912345678' } }),
          gsi4sk: moved,
        } as Record<string, unknown>,
      ],
    ]);
    const { store, writes } = memoryRetention(items, [listed('REPORT#r2')]);

    const counts = await eraseDue({ retention: store, clock: { now: () => now }, policy: DEFAULT_RETENTION });

    expect(counts).toMatchObject({ due: 1, skipped: 1, reportContacts: 0 });
    expect([writes, items.get('REPORT#r2|REPORT')?.contact]).toEqual([[], { phone: '+84912345678' }]);
  });
});
