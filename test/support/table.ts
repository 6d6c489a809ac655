import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/dynamo';

/**
 * Runs before each integration test file's imports: a fresh table of its own, and the environment
 * the functions read at start-up pointed at it.
 */
const endpoint = inject('dynamoEndpoint');
const table = `test-${randomBytes(6).toString('hex')}`;
await ensureTable(endpoint, table);

process.env.TUQUAN_TABLE = table;
process.env.TUQUAN_DYNAMODB_ENDPOINT = endpoint;
process.env.AWS_REGION = 'ap-southeast-1';
process.env.TUQUAN_PROVINCE ??= readFileSync(
  new URL('../../infra/provinces/quang-ninh.json', import.meta.url),
  'utf8',
);
