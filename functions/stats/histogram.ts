/**
 * Times to acknowledge, kept as a bounded histogram per (area, month): counters can be added on write
 * and summed over months and places, which exact samples cannot without storing every one.
 *
 * Buckets by their lower edge in whole minutes: one a minute up to half an hour (where nearly every
 * acknowledgement falls), then wider. A percentile is read by nearest rank and answered as the upper
 * edge of its bucket, "acknowledged within N minutes": never better than the truth, exact to the
 * minute below 30 minutes.
 */
export const ACK_BUCKETS: readonly number[] = [
  ...Array.from({ length: 30 }, (_, i) => i),
  30,
  35,
  40,
  45,
  50,
  55,
  60,
  75,
  90,
  105,
  120,
  180,
  240,
  360,
  480,
  720,
  1440,
  2880,
  4320,
  10080,
];

/** The lower edge of the bucket that holds an acknowledgement after `ms` milliseconds. */
export function ackBucket(ms: number): number {
  const minutes = Math.max(0, ms) / 60_000;
  let edge = 0;
  for (const lower of ACK_BUCKETS) {
    if (minutes >= lower) edge = lower;
    else break;
  }
  return edge;
}

/** The bucket after `lower`'s: its upper edge. The last bucket (a week or more) answers its lower edge. */
export function upperEdge(lower: number): number {
  const i = ACK_BUCKETS.indexOf(lower);
  return ACK_BUCKETS[i + 1] ?? lower;
}

/**
 * The p-th percentile (0 < p ≤ 1) by nearest rank: the smallest bucket whose running count reaches
 * ceil(p × n), answered as its upper edge. Undefined when nothing was acknowledged.
 */
export function percentileWithin(counts: ReadonlyMap<number, number>, p: number): number | undefined {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * total));
  let running = 0;
  for (const lower of ACK_BUCKETS) {
    running += counts.get(lower) ?? 0;
    if (running >= rank) return upperEdge(lower);
  }
  return undefined;
}
