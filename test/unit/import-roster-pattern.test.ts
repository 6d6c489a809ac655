import { describe, expect, it } from 'vitest';
import { expandPattern, parseDays, type RosterPattern } from '../../functions/roster/pattern';
import { formatZoned, zonedInstant } from '../../functions/shared/time';

const base: RosterPattern = {
  id: 'UB-DEM',
  area: 'UONG-BI',
  officers: ['UB-CA2'],
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  from: '18:00',
  to: '06:00',
  validFrom: '-1d',
  validTo: '+1d',
};

describe('expandPattern', () => {
  it('turns a nightly pattern into absolute shifts ending the next morning, around the import day', () => {
    // 10:00 in Hạ Long on 1 March 2026.
    const shifts = expandPattern(base, {
      now: new Date('2026-03-01T03:00:00Z'),
      timeZone: 'Asia/Ho_Chi_Minh',
    });
    expect(shifts).toEqual([
      {
        area: 'UONG-BI',
        officer: 'UB-CA2',
        start: '2026-02-28T11:00:00.000Z',
        end: '2026-02-28T23:00:00.000Z',
        source: 'roster',
        roster: 'UB-DEM',
      },
      {
        area: 'UONG-BI',
        officer: 'UB-CA2',
        start: '2026-03-01T11:00:00.000Z',
        end: '2026-03-01T23:00:00.000Z',
        source: 'roster',
        roster: 'UB-DEM',
      },
      {
        area: 'UONG-BI',
        officer: 'UB-CA2',
        start: '2026-03-02T11:00:00.000Z',
        end: '2026-03-02T23:00:00.000Z',
        source: 'roster',
        roster: 'UB-DEM',
      },
    ]);
  });

  it('counts the import day in the province’s time zone, not UTC', () => {
    // 23:30 UTC on 28 Feb is already 1 March 06:30 in Vietnam.
    const shifts = expandPattern(
      { ...base, from: '06:00', to: '18:00', validFrom: 'today', validTo: 'today' },
      { now: new Date('2026-02-28T23:30:00Z'), timeZone: 'Asia/Ho_Chi_Minh' },
    );
    expect(shifts.map((s) => [s.start, s.end])).toEqual([
      ['2026-02-28T23:00:00.000Z', '2026-03-01T11:00:00.000Z'],
    ]);
  });

  it('keeps only the chosen weekdays, one shift per officer, and makes a 24-hour shift when from equals to', () => {
    const shifts = expandPattern(
      {
        ...base,
        officers: ['A', 'B'],
        days: ['sat'],
        from: '07:00',
        to: '07:00',
        validFrom: '2026-03-02',
        validTo: '2026-03-08',
      },
      { now: new Date('2026-03-01T03:00:00Z'), timeZone: 'Asia/Ho_Chi_Minh' },
    );
    expect(shifts.map((s) => `${s.officer} ${s.start} ${s.end}`)).toEqual([
      'A 2026-03-07T00:00:00.000Z 2026-03-08T00:00:00.000Z',
      'B 2026-03-07T00:00:00.000Z 2026-03-08T00:00:00.000Z',
    ]);
  });

  it('follows a daylight-saving change in a zone that has one', () => {
    // Europe/Paris moves to summer time on 29 March 2026: the night shift is an hour shorter.
    const shifts = expandPattern(
      { ...base, validFrom: '2026-03-28', validTo: '2026-03-28' },
      { now: new Date('2026-03-01T03:00:00Z'), timeZone: 'Europe/Paris' },
    );
    expect(shifts.map((s) => [s.start, s.end])).toEqual([
      ['2026-03-28T17:00:00.000Z', '2026-03-29T04:00:00.000Z'],
    ]);
  });
});

describe('parseDays', () => {
  it('reads daily, weekdays, weekends and day names, in week order', () => {
    expect([
      parseDays('daily')?.length,
      parseDays('weekdays'),
      parseDays('sun sat'),
      parseDays('MON;fri'),
      parseDays('someday'),
      parseDays(''),
    ]).toEqual([
      7,
      ['mon', 'tue', 'wed', 'thu', 'fri'],
      ['sat', 'sun'],
      ['mon', 'fri'],
      undefined,
      undefined,
    ]);
  });
});

describe('zoned time', () => {
  it('writes an instant in local time with its offset, and reads it back', () => {
    const at = zonedInstant('2026-03-01', '18:00', 'Asia/Ho_Chi_Minh');
    expect([at.toISOString(), formatZoned(at, 'Asia/Ho_Chi_Minh')]).toEqual([
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T18:00:00+07:00',
    ]);
  });
});
