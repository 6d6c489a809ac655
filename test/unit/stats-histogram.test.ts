import { describe, expect, it } from 'vitest';
import {
  ACK_BUCKETS,
  ackBucket,
  addMonths,
  localMonth,
  monthsFrom,
  percentileWithin,
  upperEdge,
} from '../../functions/stats/model';

const MINUTE = 60_000;

describe('ackBucket', () => {
  it('puts each whole minute below half an hour in a bucket of its own', () => {
    expect([0, 59_999, MINUTE, 4 * MINUTE + 10_000, 29 * MINUTE + 59_999].map(ackBucket)).toEqual([
      0, 0, 1, 4, 29,
    ]);
  });

  it('widens the buckets past half an hour, and keeps a week or more in the last one', () => {
    expect([30, 34, 35, 61, 100, 200, 1500, 20_000].map((m) => ackBucket(m * MINUTE))).toEqual([
      30, 30, 35, 60, 90, 180, 1440, 10080,
    ]);
  });

  it('counts a clock that ran backwards as an acknowledgement at once', () => {
    expect(ackBucket(-5_000)).toBe(0);
  });

  it('has at most fifty buckets, so a month of counters stays one small item', () => {
    expect(ACK_BUCKETS.length).toBeLessThanOrEqual(50);
    expect([upperEdge(4), upperEdge(30), upperEdge(1440), upperEdge(10080)]).toEqual([5, 35, 2880, 10080]);
  });
});

describe('percentileWithin', () => {
  it('answers the upper edge of the bucket holding the nearest rank', () => {
    // Ten acknowledgements: 2×[1,2) 3×[3,4) 4×[4,5) 1×[45,50). Median: rank 5 → [3,4) → 4. p90: rank 9 → [4,5) → 5.
    const counts = new Map([
      [1, 2],
      [3, 3],
      [4, 4],
      [45, 1],
    ]);

    expect([
      percentileWithin(counts, 0.5),
      percentileWithin(counts, 0.9),
      percentileWithin(counts, 1),
    ]).toEqual([4, 5, 50]);
  });

  it('answers the only value for a single acknowledgement, and nothing for none', () => {
    expect(percentileWithin(new Map([[12, 1]]), 0.5)).toBe(13);
    expect(percentileWithin(new Map(), 0.5)).toBeUndefined();
  });
});

describe('months', () => {
  it("files an instant under the province's month, not UTC's", () => {
    expect(localMonth('2025-03-31T17:30:00.000Z', 'Asia/Ho_Chi_Minh')).toBe('2025-04');
    expect(localMonth('2025-03-31T16:59:59.000Z', 'Asia/Ho_Chi_Minh')).toBe('2025-03');
  });

  it('counts months across years, both ways', () => {
    expect([addMonths('2025-01', -1), addMonths('2024-11', 14), addMonths('2025-06', -12)]).toEqual([
      '2024-12',
      '2026-01',
      '2024-06',
    ]);
    expect(monthsFrom('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsFrom('2025-02', '2025-01')).toEqual([]);
  });
});
