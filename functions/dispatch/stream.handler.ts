import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { errorName, log } from '../shared/log';
import { deps } from './deps';
import { dispatchReport } from './dispatcher';

const ports = deps();

/**
 * The table's stream (keys only, filtered to new report items) drives the dispatcher on AWS. A
 * failed record is reported so that Lambda retries from it (bisecting, then the on-failure queue);
 * the dispatcher is safe to run again, and the scheduled sweep picks up what the stream gave up on.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const record of event.Records) {
    const id = newReportId(record);
    if (!id) continue;
    try {
      await dispatchReport(ports, id);
    } catch (error) {
      log.error('stream dispatch failed', { reportId: id, error: errorName(error) });
      // Records of a shard are retried in order from the first failure: later ones wait for it.
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
};

function newReportId(record: DynamoDBStreamEvent['Records'][number]): string | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (sk !== 'REPORT' || !pk?.startsWith('REPORT#')) return undefined;
  return pk.slice('REPORT#'.length);
}
