import { beforeAll, describe, expect, it } from 'vitest';
import type { Officer, Shift } from '../../functions/roster/model';
import {
  getOfficer,
  officerItem,
  officerLookup,
  onDutyInAreas,
  onDutyOfficers,
  shiftItem,
  shiftsOfOfficer,
} from '../../functions/roster/store';
import { putItems, testStore } from '../support/store';

const store = testStore();

const officer = (id: string, role: Officer['role'], login: string): Officer => ({
  id,
  name: `Cán bộ ${id}`,
  phone: `+84900000${String(id.charCodeAt(0)).padStart(3, '0')}`,
  role,
  access: 'officer',
  areas: ['UONG-BI'],
  login,
});
const A = officer('A', 'police', 'a@example.vn');
const B = officer('B', 'police', 'b@example.vn');
const H = officer('H', 'group_head', 'h@example.vn');

const shift = (area: string, who: string, start: string, end: string): Shift => ({
  area,
  officer: who,
  start: new Date(start).toISOString(),
  end: new Date(end).toISOString(),
  source: 'file',
});

beforeAll(async () => {
  await putItems(store, [
    officerItem(A),
    officerItem(B),
    officerItem(H),
    // Twins on one login: ambiguous, so the login must match nobody.
    officerItem({ ...officer('T1', 'mediator', 'twin@example.vn') }),
    officerItem({ ...officer('T2', 'mediator', 'TWIN@example.vn') }),
    shiftItem(shift('UONG-BI', 'A', '2026-03-01T06:00:00+07:00', '2026-03-01T18:00:00+07:00')),
    shiftItem(shift('UONG-BI', 'B', '2026-03-01T18:00:00+07:00', '2026-03-02T06:00:00+07:00')),
    // A full day, starting exactly 24 hours before the instant asked below.
    shiftItem(shift('UB-QT5A', 'H', '2026-03-01T07:00:00+07:00', '2026-03-02T07:00:00+07:00')),
    shiftItem(shift('UB-QT5A', 'A', '2026-03-02T06:00:00+07:00', '2026-03-02T18:00:00+07:00')),
  ]);
});

const at = (iso: string) => new Date(iso);
const onDutyIds = async (area: string, iso: string) =>
  (await onDutyOfficers(store, area, at(iso))).map((o) => o.id);

describe('onDutyOfficers', () => {
  it('answers the officer whose shift covers the instant, with name, phone and role only', async () => {
    expect(await onDutyOfficers(store, 'UONG-BI', at('2026-03-01T12:00:00+07:00'))).toEqual([
      { id: 'A', name: 'Cán bộ A', phone: A.phone, role: 'police' },
    ]);
  });

  it('counts a shift from its start (inclusive) to its end (exclusive)', async () => {
    expect([
      await onDutyIds('UONG-BI', '2026-03-01T05:59:59.999+07:00'),
      await onDutyIds('UONG-BI', '2026-03-01T06:00:00+07:00'),
      await onDutyIds('UONG-BI', '2026-03-01T17:59:59.999+07:00'),
      await onDutyIds('UONG-BI', '2026-03-01T18:00:00+07:00'),
      await onDutyIds('UONG-BI', '2026-03-02T05:59:59.999+07:00'),
      await onDutyIds('UONG-BI', '2026-03-02T06:00:00+07:00'),
    ]).toEqual([[], ['A'], ['A'], ['B'], ['B'], []]);
  });

  it('finds a 24-hour shift up to its last millisecond, and two officers when shifts overlap', async () => {
    expect([
      await onDutyIds('UB-QT5A', '2026-03-02T06:59:59.999+07:00'),
      await onDutyIds('UB-QT5A', '2026-03-02T06:30:00+07:00'),
      await onDutyIds('UB-QT5A', '2026-03-02T07:00:00+07:00'),
    ]).toEqual([['H', 'A'], ['H', 'A'], ['A']]);
  });

  it('looks at exactly the area asked, not at places under it', async () => {
    expect(await onDutyIds('QN', '2026-03-01T12:00:00+07:00')).toEqual([]);
  });
});

describe('onDutyInAreas', () => {
  it('answers each area in the order asked', async () => {
    const found = await onDutyInAreas(store, ['UB-QT5A', 'UONG-BI', 'QN'], at('2026-03-01T20:00:00+07:00'));
    expect(found.map((f) => ({ area: f.area, ids: f.officers.map((o) => o.id) }))).toEqual([
      { area: 'UB-QT5A', ids: ['H'] },
      { area: 'UONG-BI', ids: ['B'] },
      { area: 'QN', ids: [] },
    ]);
  });
});

describe('officers', () => {
  it('finds an officer by id and by sign-in e-mail, whatever its case', async () => {
    expect([
      await getOfficer(store, 'H'),
      await officerLookup(store).officerByLogin('H@Example.VN'),
      await getOfficer(store, 'X'),
    ]).toEqual([H, H, undefined]);
  });

  it('answers no officer for a login that two officers share', async () => {
    expect(await officerLookup(store).officerByLogin('twin@example.vn')).toBeUndefined();
  });

  it('lists an officer’s shifts overlapping a period, in every area', async () => {
    const shifts = await shiftsOfOfficer(
      store,
      'A',
      at('2026-03-01T17:00:00+07:00'),
      at('2026-03-02T07:00:00+07:00'),
    );
    expect(shifts.map((s) => `${s.area} ${s.start}`)).toEqual([
      'UONG-BI 2026-02-28T23:00:00.000Z',
      'UB-QT5A 2026-03-01T23:00:00.000Z',
    ]);
  });
});
