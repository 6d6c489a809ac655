import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, type Store } from '../../functions/shared/store/client';
import { type DynamoServer, ensureTable, LOCAL_TABLE, startDynalite } from '../local/dynamo';
import type { CliArgs } from './args';

/** The table the local runtime uses (infra/local/system.ts names the same). */
export { LOCAL_TABLE };

export interface Target {
  store: Store;
  /** Said to the admin before anything is read or written. */
  description: string;
  close(): Promise<void>;
}

export interface TargetContext {
  root: string;
  env: NodeJS.ProcessEnv;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Fails early, and plainly, when the table is not there. */
async function probe(store: Store, where: string): Promise<void> {
  try {
    await store.doc.send(new GetCommand({ TableName: store.table, Key: { pk: 'PROBE', sk: 'PROBE' } }));
  } catch (error) {
    const name = (error as Error).name;
    const code = (error as NodeJS.ErrnoException).code;
    if (name === 'ResourceNotFoundException') throw new Error(`${where}: there is no table ${store.table}`);
    throw new Error(`${where} does not answer (${code ?? name})`);
  }
}

function readRuntime(dataDir: string): { dynamoEndpoint: string; table: string; pid: number } | undefined {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as Record<string, unknown>;
    if (
      typeof raw.dynamoEndpoint === 'string' &&
      typeof raw.table === 'string' &&
      typeof raw.pid === 'number'
    )
      return { dynamoEndpoint: raw.dynamoEndpoint, table: raw.table, pid: raw.pid };
  } catch {
    // No runtime file (nothing runs), or a half-written one: treated as nothing running.
  }
  return undefined;
}

/** Whether openTarget goes to DynamoDB on AWS (rule 2 below): what reads the server secret from Secrets Manager. */
export function targetsAws(args: CliArgs, env: NodeJS.ProcessEnv): boolean {
  if (args.endpoint ?? env.TUQUAN_DYNAMODB_ENDPOINT) return false;
  return Boolean(args.aws || args.table || args.profile || env.TUQUAN_TABLE);
}

/**
 * Where the CLI reads and writes, first match wins:
 * 1. --endpoint / TUQUAN_DYNAMODB_ENDPOINT: that DynamoDB-API server (table: --table, TUQUAN_TABLE or tuquan-local);
 * 2. --aws, --table, --profile or TUQUAN_TABLE: DynamoDB on AWS (region: --region, AWS_REGION, ap-southeast-1;
 *    credentials: the SDK's usual chain, --profile setting AWS_PROFILE);
 * 3. otherwise the local store: the running `npm start`'s (from .data/runtime.json, when its pid is alive),
 *    or, when nothing runs, dynalite started here on .data/dynamo (one process at a time can open it).
 */
export async function openTarget(args: CliArgs, context: TargetContext): Promise<Target> {
  const { env } = context;
  const endpoint = args.endpoint ?? env.TUQUAN_DYNAMODB_ENDPOINT;
  const region = args.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'ap-southeast-1';
  if (endpoint) {
    const table = args.table ?? env.TUQUAN_TABLE ?? LOCAL_TABLE;
    const store = { doc: createDocumentClient({ region, endpoint }), table };
    const description = `the DynamoDB-API server at ${endpoint}, table ${table}`;
    await probe(store, description);
    return { store, description, close: async () => store.doc.destroy() };
  }
  if (targetsAws(args, env)) {
    const table = args.table ?? env.TUQUAN_TABLE;
    if (!table)
      throw new Error('name the table on AWS with --table (the stack output TableName) or TUQUAN_TABLE');
    if (args.profile) env.AWS_PROFILE = args.profile;
    const store = { doc: createDocumentClient({ region }), table };
    const profile = env.AWS_PROFILE ? `, profile ${env.AWS_PROFILE}` : '';
    const description = `DynamoDB on AWS, table ${table} in ${region}${profile}`;
    await probe(store, description);
    return { store, description, close: async () => store.doc.destroy() };
  }

  const dataDir = env.TUQUAN_DATA_DIR ?? join(context.root, '.data');
  const running = readRuntime(dataDir);
  if (running && alive(running.pid)) {
    const store = {
      doc: createDocumentClient({ region, endpoint: running.dynamoEndpoint }),
      table: running.table,
    };
    const description = `the running local system's store (npm start, pid ${running.pid}) at ${running.dynamoEndpoint}, table ${running.table}`;
    await probe(store, description);
    return { store, description, close: async () => store.doc.destroy() };
  }
  const dir = join(dataDir, 'dynamo');
  mkdirSync(dir, { recursive: true });
  let server: DynamoServer;
  try {
    server = await startDynalite(dir);
    await ensureTable(server.endpoint, LOCAL_TABLE);
  } catch (error) {
    throw new Error(
      `cannot open the local store in ${dir} (${(error as Error).message.split('\n')[0]}); if \`npm start\` is running, let it finish starting (it writes ${join(dataDir, 'runtime.json')}) or stop it`,
    );
  }
  const store = { doc: createDocumentClient({ region, endpoint: server.endpoint }), table: LOCAL_TABLE };
  return {
    store,
    description: `the local store in ${dir} (nothing was running, so this run opened it itself), table ${LOCAL_TABLE}`,
    close: async () => {
      store.doc.destroy();
      await server.close();
    },
  };
}
