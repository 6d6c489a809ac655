import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/shared/store/client';
import { TABLE_SCHEMA } from '../../functions/shared/store/schema';
import {
  type DynamoServer,
  ensureTable,
  StoreOpenError,
  startDynaliteThread,
} from '../../infra/local/dynamo';
import { startLocalSystem } from '../../infra/local/system';

const ROOT = resolve(import.meta.dirname, '..', '..');
const folders: string[] = [];
const servers: DynamoServer[] = [];

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tuquan-dynalite-thread-'));
  folders.push(dir);
  return dir;
}

async function start(dir?: string): Promise<DynamoServer> {
  const server = await startDynaliteThread(dir);
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const client = (server: DynamoServer) => createDocumentClient({ region: 'local', endpoint: server.endpoint });
const key = { pk: 'NOTE#1', sk: 'NOTE' };

describe('dynalite on a thread of its own', () => {
  it('keeps what was written across a stop and a start on the same folder', async () => {
    const dir = folder();
    const first = await start(dir);
    await ensureTable(first.endpoint, 'tuquan-local');
    await client(first).send(
      new PutCommand({ TableName: 'tuquan-local', Item: { ...key, text: 'still here' } }),
    );
    await first.close();

    const second = await start(dir);
    const read = await client(second).send(new GetCommand({ TableName: 'tuquan-local', Key: key }));

    expect(second.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(read.Item).toEqual({ ...key, text: 'still here' });
  });

  it('keeps its data in memory without a folder', async () => {
    const server = await start();

    const created = await ensureTable(server.endpoint, 'tuquan-memory');

    expect({ engine: server.engine, created }).toEqual({ engine: 'dynalite', created: true });
  });

  it('rebuilds a table made before an index of the schema, keeping every item', async () => {
    const server = await start(folder());
    const raw = new DynamoDBClient({
      region: 'local',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // The table as an older tuquan made it: the first index only.
    await raw.send(
      new CreateTableCommand({
        TableName: 'tuquan-old',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    // dynalite makes a table ACTIVE a tick after answering CreateTable: write once it is.
    for (let active = false; !active; ) {
      const { Table } = await raw.send(new DescribeTableCommand({ TableName: 'tuquan-old' }));
      active = Table?.TableStatus === 'ACTIVE';
      if (!active) await new Promise((r) => setTimeout(r, 10));
    }
    const items = Array.from({ length: 60 }, (_, n) => ({ pk: `NOTE#${n}`, sk: 'NOTE', text: `note ${n}` }));
    for (const Item of items) await client(server).send(new PutCommand({ TableName: 'tuquan-old', Item }));

    const created = await ensureTable(server.endpoint, 'tuquan-old');
    const described = await raw.send(new DescribeTableCommand({ TableName: 'tuquan-old' }));
    const kept = await Promise.all(
      items.map(
        async (item) =>
          (
            await client(server).send(
              new GetCommand({ TableName: 'tuquan-old', Key: { pk: item.pk, sk: item.sk } }),
            )
          ).Item,
      ),
    );
    raw.destroy();

    expect(created).toBe(false);
    expect((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
      TABLE_SCHEMA.globalIndexes.map((i) => i.name),
    );
    expect(kept).toEqual(items);
  });

  it('refuses a folder another store holds, saying it is locked', async () => {
    const dir = folder();
    await start(dir);

    const second = startDynaliteThread(dir);

    await expect(second).rejects.toBeInstanceOf(StoreOpenError);
    await expect(second).rejects.toMatchObject({ code: 'LEVEL_LOCKED' });
  });
});

describe('startLocalSystem on a data folder it cannot open', () => {
  const options = (dataDir: string) => ({
    root: ROOT,
    dataDir,
    port: 0,
    provinceFile: join(ROOT, 'infra', 'provinces', 'quang-ninh.json'),
    log: () => undefined,
  });

  it('says in one line that another tuquan may hold it', async () => {
    const dataDir = folder();
    await start(join(dataDir, 'dynamo'));

    const started = startLocalSystem(options(dataDir));

    await expect(started).rejects.toThrow(
      new Error(
        `opening the data folder ${join(dataDir, 'dynamo')} failed (LEVEL_LOCKED). Is another tuquan running on it? If the folder is broken, delete it to start afresh.`,
      ),
    );
  });

  it('says in one line that a broken folder can be deleted', async () => {
    const dataDir = folder();
    mkdirSync(join(dataDir, 'dynamo'));
    writeFileSync(join(dataDir, 'dynamo', 'CURRENT'), 'MANIFEST-that-is-not-there\n');

    const started = startLocalSystem(options(dataDir));

    await expect(started).rejects.toThrow(
      new Error(
        `opening the data folder ${join(dataDir, 'dynamo')} failed (LEVEL_IO_ERROR). Is another tuquan running on it? If the folder is broken, delete it to start afresh.`,
      ),
    );
  });
});
