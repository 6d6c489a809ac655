import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReportWriter } from '../reports/intake';
import type { Report, ReportStatus } from '../reports/report';
import { getReport, reportKeys, toReport } from '../reports/store';
import type { Store } from '../shared/store/client';
import { isConditionFailure } from '../shared/store/conditions';

/**
 * The province's list of reports, newest first: one small pointer per report,
 *   pk REPORTLIST  sk <createdAt>#<id>   { id }
 * Reports are filed by their own place (gsi1), so a ward's list merges a dozen places; the province's
 * would merge every place it has (1,700 in a large province: 1,700 Queries a page). The pointer is
 * written just before the report, the way the receipt is: a pointer without its report (the report's
 * write failed) is skipped when read, and a stored report always has its pointer. It never changes:
 * status and everything else are read from the reports themselves.
 */
export const LIST_PK = 'REPORTLIST';

export async function putListing(store: Store, report: Pick<Report, 'id' | 'createdAt'>): Promise<void> {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.table,
        Item: { pk: LIST_PK, sk: `${report.createdAt}#${report.id}`, type: 'reportListing', id: report.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

export async function dropListing(store: Store, report: Pick<Report, 'id' | 'createdAt'>): Promise<void> {
  await store.doc.send(
    new DeleteCommand({
      TableName: store.table,
      Key: { pk: LIST_PK, sk: `${report.createdAt}#${report.id}` },
    }),
  );
}

/**
 * Intake's hook: the pointer goes in before the report. If the report's write fails and the report
 * is not there, the pointer is taken back, so that a refused request leaves nothing behind.
 */
export function listedReportWriter(writer: ReportWriter, store: Store): ReportWriter {
  return {
    ...writer,
    putReport: async (report) => {
      await putListing(store, report);
      try {
        return await writer.putReport(report);
      } catch (error) {
        // The write may have landed with its answer lost: the pointer stays with a stored report.
        const stored = await getReport(store, report.id).catch(() => 'unknown' as const);
        if (stored === undefined) await dropListing(store, report).catch(() => undefined);
        throw error;
      }
    },
  };
}

async function reportsByIds(store: Store, wanted: readonly string[]): Promise<Map<string, Report>> {
  const found = new Map<string, Report>();
  // BatchGet refuses a key twice.
  const ids = [...new Set(wanted)];
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids
      .slice(i, i + 100)
      .map((id) => reportKeys.report(id));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out: BatchGetCommandOutput = await store.doc.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: keys } } }),
      );
      for (const item of out.Responses?.[store.table] ?? []) found.set(item.id as string, toReport(item));
      keys = out.UnprocessedKeys?.[store.table]?.Keys;
      if (attempt > 8 && keys?.length) throw new Error('reports could not be read (unprocessed keys)');
    }
  }
  return found;
}

/** Pointers read per request at most: a rare status never makes one request read the whole history. */
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
        KeyConditionExpression: options.before ? 'pk = :pk AND sk < :before' : 'pk = :pk',
        ExpressionAttributeValues: {
          ':pk': LIST_PK,
          ...(options.before ? { ':before': options.before } : {}),
        },
        ScanIndexForward: false,
        // Unfiltered, a page needs `want` pointers; filtered, read ahead to find matches sooner.
        Limit: options.status ? 100 : want,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const pointers = (out.Items ?? []).map((item) => ({ id: item.id as string, sk: item.sk as string }));
    const found = await reportsByIds(
      store,
      pointers.map((p) => p.id),
    );
    for (const pointer of pointers) {
      read++;
      position = pointer.sk;
      const report = found.get(pointer.id);
      if (report && (!options.status || report.status === options.status)) reports.push(report);
      if (reports.length >= want) return { reports };
    }
    start = out.LastEvaluatedKey;
  } while (start && read < LISTING_BUDGET);
  return start && position ? { reports, resumeAt: position } : { reports };
}
