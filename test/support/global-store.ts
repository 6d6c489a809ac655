import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamo';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set for the DynamoDB Local run; with dynalite each test file starts its own server (table.ts). */
    dynamoEndpoint: string | undefined;
    dynamoEngine: 'dynalite' | 'ddb-local';
  }
}

/**
 * TUQUAN_TEST_ENGINE=ddb-local: one DynamoDB Local (a JVM, about 1.5 s to start) for the whole run.
 * By default nothing is started here: dynalite starts in milliseconds, so each test file gets its
 * own in memory, and files running in parallel never load one server together.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (process.env.TUQUAN_TEST_ENGINE !== 'ddb-local') {
    project.provide('dynamoEngine', 'dynalite');
    project.provide('dynamoEndpoint', undefined);
    return async () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-store-'));
  const server = await startDynamoDbLocal(dir);
  project.provide('dynamoEngine', 'ddb-local');
  project.provide('dynamoEndpoint', server.endpoint);
  return async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
