import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type DynamoServer, startDynalite, startDynamoDbLocal } from '../../infra/local/dynamo';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    dynamoEngine: 'dynalite' | 'ddb-local';
  }
}

/**
 * One DynamoDB-API server for the integration run: dynalite by default, AWS's DynamoDB Local with
 * TUQUAN_TEST_ENGINE=ddb-local. Each test file then makes its own table (table.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-store-'));
  const engine = process.env.TUQUAN_TEST_ENGINE === 'ddb-local' ? 'ddb-local' : 'dynalite';
  const server: DynamoServer =
    engine === 'ddb-local' ? await startDynamoDbLocal(dir) : await startDynalite(dir);
  project.provide('dynamoEndpoint', server.endpoint);
  project.provide('dynamoEngine', server.engine);
  return async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
