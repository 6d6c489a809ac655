import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { ensureTable, startDynalite } from '../../infra/local/dynamo';

/**
 * Runs before each integration test file's imports: a fresh table of its own (on its own in-memory
 * dynalite, or on the run's DynamoDB Local), and the environment the functions read at start-up
 * pointed at it.
 */
const shared = inject('dynamoEndpoint');
const own = shared ? undefined : await startDynalite();
if (own) afterAll(() => own.close());
const endpoint = shared ?? (own?.endpoint as string);
const table = `test-${randomBytes(6).toString('hex')}`;
await ensureTable(endpoint, table);

process.env.TUQUAN_TABLE = table;
process.env.TUQUAN_DYNAMODB_ENDPOINT = endpoint;
process.env.AWS_REGION = 'ap-southeast-1';
// The demo province, except that reports ask for no proof of work: most suites post reports to test
// what follows them (dispatch, acknowledgement, figures). The suites about intake under attack
// (intake-abuse.test.ts) put `reports` back in `challengeRoutes` themselves.
const demo = JSON.parse(
  readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8'),
) as { challengeRoutes: string[] };
process.env.TUQUAN_PROVINCE ??= JSON.stringify({
  ...demo,
  challengeRoutes: demo.challengeRoutes.filter((route) => route !== 'reports'),
});
// The server secret (receipts, ack links), made on first use in a folder of this file's own.
process.env.TUQUAN_SECRET_FILE ??= join(mkdtempSync(join(tmpdir(), 'tuquan-secret-')), 'secret.key');
