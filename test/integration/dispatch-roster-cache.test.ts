import { beforeAll, describe, expect, it } from 'vitest';
import type { Officer, Shift } from '../../functions/roster/model';
import {
  getOfficers,
  officerItem,
  onDutyOfficers,
  shiftItem,
  shiftsInArea,
} from '../../functions/roster/store';
import { cachedRoster, type RosterSource } from '../../functions/sms/roster';
import { putItems, testStore } from '../support/store';

const store = testStore();

const officer = (id: string): Officer => ({
  id,
  name: `Cán bộ ${id}`,
  phone: `+84900000${String(id.charCodeAt(0)).padStart(3, '0')}`,
  role: 'police',
  access: 'officer',
  areas: ['RC-WARD'],
  login: `${id.toLowerCase()}@example.vn`,
});

const shift = (area: string, who: string, start: string, end: string): Shift => ({
  area,
  officer: who,
  start: new Date(start).toISOString(),
  end: new Date(end).toISOString(),
  source: 'file',
});

/** The table's roster, with every read it is asked for written down. */
function countedSource(): { source: RosterSource; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    source: {
      shiftsInArea: (area, from, to) => {
        reads.push(`shifts ${area} ${from} ${to}`);
        return shiftsInArea(store, area, from, to);
      },
      officers: (ids) => {
        reads.push(`officers ${[...ids].join(',')}`);
        return getOfficers(store, ids);
      },
    },
  };
}

beforeAll(async () => {
  await putItems(store, [
    ...['A', 'B', 'H', 'X'].map((id) => officerItem(officer(id))),
    shiftItem(shift('RC-WARD', 'A', '2026-03-01T06:00:00+07:00', '2026-03-01T18:00:00+07:00')),
    shiftItem(shift('RC-WARD', 'B', '2026-03-01T18:00:00+07:00', '2026-03-02T06:00:00+07:00')),
    // A full day, starting exactly 24 hours before an instant asked below, and an overlap.
    shiftItem(shift('RC-GROUP', 'H', '2026-03-01T07:00:00+07:00', '2026-03-02T07:00:00+07:00')),
    shiftItem(shift('RC-GROUP', 'A', '2026-03-02T06:00:00+07:00', '2026-03-02T18:00:00+07:00')),
    // One officer on two shifts that touch: named once.
    shiftItem(shift('RC-GROUP', 'X', '2026-03-02T06:00:00+07:00', '2026-03-02T06:30:00+07:00')),
    shiftItem(shift('RC-GROUP', 'X', '2026-03-02T06:30:00+07:00', '2026-03-02T09:00:00+07:00')),
    // A shift of an officer who is no longer on the roster: skipped.
    shiftItem(shift('RC-GROUP', 'GONE', '2026-03-02T06:00:00+07:00', '2026-03-02T08:00:00+07:00')),
  ]);
});

describe('cachedRoster (DynamoDB)', () => {
  it('answers as onDutyOfficers does at every shift edge', async () => {
    const roster = cachedRoster(countedSource().source, { ttlMs: 10_000 });
    const instants: [string, string][] = [
      ['RC-WARD', '2026-03-01T05:59:59.999+07:00'],
      ['RC-WARD', '2026-03-01T06:00:00+07:00'],
      ['RC-WARD', '2026-03-01T17:59:59.999+07:00'],
      ['RC-WARD', '2026-03-01T18:00:00+07:00'],
      ['RC-WARD', '2026-03-02T05:59:59.999+07:00'],
      ['RC-WARD', '2026-03-02T06:00:00+07:00'],
      ['RC-GROUP', '2026-03-02T06:00:00+07:00'],
      ['RC-GROUP', '2026-03-02T06:29:59.999+07:00'],
      ['RC-GROUP', '2026-03-02T06:30:00+07:00'],
      ['RC-GROUP', '2026-03-02T06:59:59.999+07:00'],
      ['RC-GROUP', '2026-03-02T07:00:00+07:00'],
      ['RC-GROUP', '2026-03-02T09:00:00+07:00'],
      ['RC-NOBODY', '2026-03-02T09:00:00+07:00'],
    ];

    const cached = [];
    const direct = [];
    for (const [area, iso] of instants) {
      cached.push(await roster.onDutyOfficers(area, new Date(iso)));
      direct.push(await onDutyOfficers(store, area, new Date(iso)));
    }

    expect(cached).toEqual(direct);
    expect(cached.map((list) => list.map((o) => o.id))).toEqual([
      [],
      ['A'],
      ['A'],
      ['B'],
      ['B'],
      [],
      ['H', 'A', 'X'],
      ['H', 'A', 'X'],
      ['H', 'A', 'X'],
      ['H', 'A', 'X'],
      ['A', 'X'],
      ['A'],
      [],
    ]);
  });

  it('reads a place once for all the instants of a minute, and again for the next minute', async () => {
    const { source, reads } = countedSource();
    const roster = cachedRoster(source, { ttlMs: 10_000 });

    for (const second of ['00', '15', '59'])
      await roster.onDutyOfficers('RC-WARD', new Date(`2026-03-01T12:00:${second}+07:00`));
    await roster.onDutyOfficers('RC-WARD', new Date('2026-03-01T12:01:00+07:00'));

    expect(reads).toEqual([
      'shifts RC-WARD 2026-02-28T05:00:00.000Z 2026-03-01T05:00:59.999Z',
      'officers A',
      'shifts RC-WARD 2026-02-28T05:01:00.000Z 2026-03-01T05:01:59.999Z',
      'officers A',
    ]);
  });

  it('sees a change to the roster once what it read is older than its time to live', async () => {
    let now = 0;
    const roster = cachedRoster(countedSource().source, { ttlMs: 10_000, now: () => now });
    const at = new Date('2026-03-03T12:00:00+07:00');
    const ids = async () => (await roster.onDutyOfficers('RC-NEW', at)).map((o) => o.id);

    const before = await ids();
    await putItems(store, [
      shiftItem(shift('RC-NEW', 'B', '2026-03-03T06:00:00+07:00', '2026-03-03T18:00:00+07:00')),
    ]);
    now = 9_999;
    const withinTtl = await ids();
    now = 10_000;
    const after = await ids();

    expect({ before, withinTtl, after }).toEqual({ before: [], withinTtl: [], after: ['B'] });
  });
});
