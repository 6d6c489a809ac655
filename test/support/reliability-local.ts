import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { ROUTES } from '../../functions/routes';
import { parseProvince } from '../../functions/shared/province';
import { overrideClock } from '../../functions/shared/runtime';
import { createDocumentClient, type Store } from '../../functions/shared/store/client';
import { LocalClock } from '../../infra/local/clock';
import { ensureTable, LOCAL_TABLE, startDynalite } from '../../infra/local/dynamo';
import { createGateway, type Handler } from '../../infra/local/gateway';
import { localRoutes } from '../../infra/local/local-routes';
import { seedDemo } from '../../infra/local/seed';
import { startWorker } from '../../infra/local/worker';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface LocalRun {
  url: string;
  port: number;
  dataDir: string;
  store: Store;
  outboxFile: string;
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The local system as infra/local/system.ts composes it (dynalite keeping LevelDB files in the data
 * folder, the server secret and the SMS outbox there too, the gateway over ROUTES' handler modules,
 * the demo seeded through the import, the dispatcher and sweep in-process), but without building the
 * site: startLocalSystem runs an astro build whenever functions/ changed since the last one, which
 * takes minutes here and writes to the shared site/dist. The province is given (limits off).
 */
export async function startLocalRun(options: {
  dataDir: string;
  province: Record<string, unknown>;
  log: (line: string) => void;
}): Promise<LocalRun> {
  const { dataDir, log } = options;
  const dynamo = await startDynalite(join(dataDir, 'dynamo'));
  await ensureTable(dynamo.endpoint, LOCAL_TABLE);
  const store: Store = {
    doc: createDocumentClient({ region: 'local', endpoint: dynamo.endpoint }),
    table: LOCAL_TABLE,
  };
  const clock = new LocalClock(join(dataDir, 'clock.json'));
  overrideClock(clock);
  const outboxFile = join(dataDir, 'sms-outbox.jsonl');
  const server: Server = createGateway({
    routes: ROUTES,
    siteDir: join(dataDir, 'no-site'),
    localRoutes: localRoutes({
      store,
      clock,
      auth: () => {
        throw new Error('no local sign-in in this run');
      },
      outboxFile,
    }),
    authorize: async () => undefined,
    loadHandler: async (route) =>
      ((await import(/* @vite-ignore */ join(ROOT, 'functions', route.entry))) as { handler: Handler })
        .handler,
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const province = parseProvince({ ...options.province, baseUrl: url }, 'the reliability province');
  // As system.ts does, before any handler module reads its environment.
  process.env.TUQUAN_TABLE = LOCAL_TABLE;
  process.env.TUQUAN_DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.TUQUAN_PROVINCE = JSON.stringify(province);
  process.env.TUQUAN_SECRET_FILE = join(dataDir, 'secret.key');
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = outboxFile;
  await seedDemo(store, ROOT, province, clock.now(), log);
  const worker = await startWorker({ dispatchEveryMs: 50, escalateEveryMs: 500 });
  let workerStopped = false;
  const stopWorker = async () => {
    if (workerStopped) return;
    workerStopped = true;
    await worker.stop();
  };
  return {
    url,
    port,
    dataDir,
    store,
    outboxFile,
    stopWorker,
    stop: async () => {
      await stopWorker();
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await dynamo.close();
    },
  };
}

/** One HTTP request to the local gateway, from the given local address. */
export function send(
  run: Pick<LocalRun, 'port'>,
  init: { method: string; path: string; headers?: Record<string, string>; body?: string; from?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: run.port,
        method: init.method,
        path: init.path,
        headers: {
          ...(init.headers ?? {}),
          ...(init.body !== undefined ? { 'content-length': Buffer.byteLength(init.body) } : {}),
        },
        ...(init.from ? { localAddress: init.from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(init.body);
  });
}

/** Every file under a folder, with its bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}
