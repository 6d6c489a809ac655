import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Report, ReportStatus } from '../reports/model';
import { PROVINCE_LIST, toReport } from '../reports/store';
import type { Store } from '../shared/store/client';

/**
 * The province's list of reports, newest first, is the report items' own gsi3 entry
 * (REPORTLIST / <createdAt>#<id>, written with the report: reports/store.ts). Reports are filed by
 * their own place too (gsi1), but a province's list would merge every place it has (1,700 in a
 * large province: 1,700 Queries a page); this is one Query.
 */

/** Reports read per request at most: a rare status never makes one request read the whole history. */
export const LISTING_BUDGET = 500;

/**
 * The province's newest reports below `before`, up to `limit + 1` (the extra one tells a next page
 * exists), optionally of one status. When the budget runs out first, `resumeAt` is the position
 * reached: the next page starts there, whatever this one found.
 */
export async function newestInProvince(
  store: Store,
  options: { before?: string | undefined; limit: number; status?: ReportStatus | undefined },
): Promise<{ reports: Report[]; resumeAt?: string }> {
  const want = options.limit + 1;
  const reports: Report[] = [];
  let read = 0;
  let start: Record<string, unknown> | undefined;
  let position = options.before;
  do {
    const out = await store.doc.send(
      new QueryCommand({
        TableName: store.table,
        IndexName: 'gsi3',
        KeyConditionExpression: options.before ? 'gsi3pk = :pk AND gsi3sk < :before' : 'gsi3pk = :pk',
        ExpressionAttributeValues: {
          ':pk': PROVINCE_LIST,
          ...(options.before ? { ':before': options.before } : {}),
        },
        ScanIndexForward: false,
        // Unfiltered, a page needs `want` reports; filtered, read ahead to find matches sooner.
        Limit: options.status ? 100 : want,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      read++;
      position = item.gsi3sk as string;
      const report = toReport(item);
      if (!options.status || report.status === options.status) reports.push(report);
      if (reports.length >= want) return { reports };
    }
    start = out.LastEvaluatedKey;
  } while (start && read < LISTING_BUDGET);
  return start && position ? { reports, resumeAt: position } : { reports };
}
