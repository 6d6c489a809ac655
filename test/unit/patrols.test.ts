import { describe, expect, it } from 'vitest';
import {
  patrolCounts,
  patrolNotesErasure,
  patrolTimesProblem,
  spotCounts,
} from '../../functions/patrols/model';
import { decodeCursor, encodeCursor, PatrolSchema } from '../../functions/patrols/schema';
import { pathOf, spotId, spotIn } from '../../functions/spots/model';
import { patrolFigures } from '../../functions/stats/patrols';

const NOW = new Date('2025-03-20T16:00:00.000Z');

describe("a patrol's times", () => {
  it.each([
    [
      'ends before it starts',
      '2025-03-20T13:00:00.000Z',
      '2025-03-20T12:00:00.000Z',
      'field.end_before_start',
    ],
    ['ends as it starts', '2025-03-20T13:00:00.000Z', '2025-03-20T13:00:00.000Z', 'field.end_before_start'],
    [
      'lasts a day and a minute',
      '2025-03-19T12:59:00.000Z',
      '2025-03-20T13:00:00.000Z',
      'field.patrol_too_long',
    ],
    [
      'ends six minutes ahead of the clock',
      '2025-03-20T15:00:00.000Z',
      '2025-03-20T16:06:00.000Z',
      'field.time_in_future',
    ],
  ])('are refused when the patrol %s', (_, startedAt, endedAt, key) => {
    expect(patrolTimesProblem(startedAt, endedAt, NOW)).toEqual({ field: 'endedAt', key });
  });

  it('are refused when the patrol started more than 30 days ago, naming its start', () => {
    expect(patrolTimesProblem('2025-02-18T15:59:00.000Z', '2025-02-18T18:00:00.000Z', NOW)).toEqual({
      field: 'startedAt',
      key: 'field.patrol_too_old',
    });
  });

  it("hold for a day exactly, an end within the clock's five minutes of slack, and a start 30 days ago", () => {
    expect(patrolTimesProblem('2025-03-19T13:00:00.000Z', '2025-03-20T13:00:00.000Z', NOW)).toBeUndefined();
    expect(patrolTimesProblem('2025-03-20T15:00:00.000Z', '2025-03-20T16:05:00.000Z', NOW)).toBeUndefined();
    expect(patrolTimesProblem('2025-02-18T16:00:00.000Z', '2025-02-18T18:00:00.000Z', NOW)).toBeUndefined();
  });
});

describe("what a patrol and a case's spot count", () => {
  it('counts a patrol in every place from the province down, with the place one level down on its way', () => {
    expect(patrolCounts({ area: 'UONG-BI-QT5A', ancestors: ['QN', 'UONG-BI'] })).toEqual([
      { area: 'QN', tally: { pat: 1, 'pch#UONG-BI': 1 } },
      { area: 'UONG-BI', tally: { pat: 1, 'pch#UONG-BI-QT5A': 1 } },
      { area: 'UONG-BI-QT5A', tally: { pat: 1 } },
    ]);
  });

  it('moves an incident from the old spot to the new one in every place of the report, never a duplicate', () => {
    const report = { area: 'UONG-BI-QT5A', ancestors: ['QN', 'UONG-BI'] };
    const moved = { 'spot#aaaaaaaaaaaaaaaa': -1, 'spot#bbbbbbbbbbbbbbbb': 1 };
    expect(spotCounts(report, 'aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb')).toEqual([
      { area: 'QN', tally: moved },
      { area: 'UONG-BI', tally: moved },
      { area: 'UONG-BI-QT5A', tally: moved },
    ]);
    expect(spotCounts({ ...report, duplicateOf: 'x' }, undefined, 'bbbbbbbbbbbbbbbb')).toEqual([]);
    expect(spotCounts(report, 'aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa')).toEqual([]);
  });
});

describe("the retention of a patrol's notes", () => {
  it("queues the notes for as long as a settled report keeps its words, from the patrol's end", () => {
    const policy = { reportTextDaysAfterSettled: 730 };
    expect(
      patrolNotesErasure({ endedAt: '2025-03-20T15:45:00.000Z', notes: 'Nhắc nhóm thanh niên' }, policy),
    ).toEqual({
      stage: 'text',
      due: '2027-03-20T15:45:00.000Z',
    });
    expect(patrolNotesErasure({ endedAt: '2025-03-20T15:45:00.000Z', notes: '' }, policy)).toBeUndefined();
  });
});

describe('risk spot ids and places', () => {
  it('give one id to a name however its case, marks or spaces are typed, in one place only', () => {
    const id = spotId('UONG-BI', 'Chợ Uông Bí');
    expect(id).toMatch(/^[0-9a-z]{16}$/);
    expect(spotId('UONG-BI', '  chợ  UÔNG bí ')).toBe(id);
    expect(spotId('UONG-BI-QT5A', 'Chợ Uông Bí')).not.toBe(id);
    expect(spotId('UONG-BI', 'Chợ Uông Bí 2')).not.toBe(id);
  });

  it('place a spot on the tree: in its place and under every place above it', () => {
    const spot = { area: 'UONG-BI-QT5A', ancestors: ['QN', 'UONG-BI'] };
    expect(pathOf({ code: spot.area, ancestors: spot.ancestors })).toBe('QN/UONG-BI/UONG-BI-QT5A');
    expect([spotIn(spot, 'UONG-BI-QT5A'), spotIn(spot, 'QN'), spotIn(spot, 'UONG-BI-YT2')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('the patrol request', () => {
  it('fills the lists and the volunteers when they are left out', () => {
    const parsed = PatrolSchema.parse({
      area: 'UONG-BI',
      startedAt: '2025-03-20T19:30:00+07:00',
      endedAt: '2025-03-20T21:00:00+07:00',
    });
    expect(parsed).toEqual({
      area: 'UONG-BI',
      startedAt: '2025-03-20T19:30:00+07:00',
      endedAt: '2025-03-20T21:00:00+07:00',
      officers: [],
      volunteers: 0,
      places: [],
      spots: [],
      reports: [],
    });
  });

  it('reads back its own cursor and nothing else', () => {
    const position = '2025-03-20T12:30:00.000Z#a000000000000001';
    expect(decodeCursor(encodeCursor(position))).toBe(position);
    expect(decodeCursor(encodeCursor('2025-03-20#x'))).toBeUndefined();
    expect(decodeCursor('not base64 json')).toBeUndefined();
  });
});

describe('the patrol figures', () => {
  it('set patrols beside incidents per month and per place, and list the spots with most incidents by name', async () => {
    const counters = new Map<string, Record<string, number>>([
      ['2025-02', { pat: 3, 'pch#A': 2, 'pch#B': 1, 'in#theft': 4, 'ch#A': 4, 'spot#s1': 1, 'spot#s2': 3 }],
      ['2025-03', { 'in#noise': 1, 'ch#B': 1, 'spot#s1': 1, 'spot#s3': 0 }],
      ['2024-03', { pat: 9, 'in#theft': 9 }],
    ]);
    const figures = await patrolFigures(
      {
        period: { from: '2025-02', to: '2025-03' },
        children: [
          { code: 'A', name: 'Khu A' },
          { code: 'B', name: 'Khu B' },
        ],
        counters,
      },
      {
        spots: {
          byIds: async (ids) =>
            new Map(ids.filter((id) => id !== 's1').map((id) => [id, { name: `Điểm ${id}` }])),
        },
      },
    );

    expect(figures).toEqual({
      patrols: {
        total: 3,
        months: [
          { month: '2025-02', patrols: 3, incidents: 4 },
          { month: '2025-03', patrols: 0, incidents: 1 },
        ],
        areas: [
          { code: 'A', name: 'Khu A', patrols: 2, incidents: 4 },
          { code: 'B', name: 'Khu B', patrols: 1, incidents: 1 },
        ],
        // A spot no longer found keeps its id for a name; one whose incidents moved away is left out.
        spots: [
          { id: 's2', name: 'Điểm s2', incidents: 3 },
          { id: 's1', name: 's1', incidents: 2 },
        ],
      },
    });
  });
});
