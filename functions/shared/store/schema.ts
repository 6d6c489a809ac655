/**
 * The one definition of the table's keys. The CDK data construct and the local runtime both build
 * the table from this, so the two can never disagree.
 */
export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Items carrying this attribute (epoch seconds) are expired; readers filter on it, never trusting TTL. */
  ttlAttribute: 'expiresAt',
  /** Each index projects every attribute unless it says `projection: 'KEYS_ONLY'`. */
  globalIndexes: [
    // Lists and searches: children of an area, area names by token, reports by area and time.
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Sparse work queues: reports to dispatch, acknowledgements due (escalation), officers by sign-in e-mail.
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // The province's reports, newest first (the console's province-wide inbox); officers by Cognito sub.
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    // Retention: items holding personal data, by the date their next part is due to be erased
    // (shared/store/retention.ts). Keys only: the index itself holds nothing personal.
    { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', projection: 'KEYS_ONLY' },
  ],
} as const;

export type IndexProjection = 'ALL' | 'KEYS_ONLY';

/** What an index of TABLE_SCHEMA projects. */
export function projectionOf(index: (typeof TABLE_SCHEMA.globalIndexes)[number]): IndexProjection {
  return 'projection' in index ? index.projection : 'ALL';
}
