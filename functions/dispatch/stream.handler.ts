import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { errorName, log, withRequestIds } from '../shared/log';
import { deps } from './deps';
import { dispatchBatch } from './dispatcher';

const ports = deps();

/** Reports of one batch dispatched at once at most (each texts up to recipientsPerReport people). */
const STREAM_CONCURRENCY = 10;

/**
 * The table's stream (keys only, filtered to new report items) drives the dispatcher on AWS. The
 * reports of a batch are dispatched side by side (at most STREAM_CONCURRENCY at once), most urgent
 * first, then oldest. Failed records are reported so that Lambda retries from the earliest of them
 * (bisecting, then the on-failure queue); the dispatcher is safe to run again, and the scheduled
 * sweep picks up what the stream gave up on.
 */
export const handler = (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  // Every line of the batch names the Lambda request it belongs to.
  withRequestIds({ lambdaRequestId: context.awsRequestId }, async () => {
    const records = event.Records.flatMap((record) => {
      const id = newReportId(record);
      return id ? [{ id, sequence: record.dynamodb?.SequenceNumber ?? '' }] : [];
    });
    const failed = await dispatchBatch(
      ports,
      records.map((r) => r.id),
      STREAM_CONCURRENCY,
    );
    for (const [id, error] of failed)
      log.error('stream dispatch failed', { reportId: id, error: errorName(error) });
    // In the stream's order: Lambda retries the shard from the first one reported, the others with it.
    return {
      batchItemFailures: records.filter((r) => failed.has(r.id)).map((r) => ({ itemIdentifier: r.sequence })),
    };
  });

function newReportId(record: DynamoDBStreamEvent['Records'][number]): string | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (sk !== 'REPORT' || !pk?.startsWith('REPORT#')) return undefined;
  return pk.slice('REPORT#'.length);
}
