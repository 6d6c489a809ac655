import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ROUTES } from '../../functions/routes';
import { type Province, parseProvince } from '../../functions/shared/province';
import { overrideClock } from '../../functions/shared/runtime';
import { createDocumentClient, type Store } from '../../functions/shared/store/client';
import { ensureSiteBuilt, SITE_DIST } from '../scripts/build-site';
import { LocalAuth } from './auth';
import { LocalClock } from './clock';
import { type DynamoServer, ensureTable, LOCAL_TABLE, startDynaliteThread } from './dynamo';
import { createGateway, type Handler } from './gateway';
import { localRoutes } from './local-routes';
import { seedDemo } from './seed';
import { type LocalWorker, nudgeOnStoredReport, startWorker } from './worker';

export interface LocalSystemOptions {
  root: string;
  dataDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The province's config file (infra/provinces/<id>.json, or any file of that shape). */
  provinceFile: string;
  log: (line: string) => void;
  /** Builds site/dist first when it is missing or stale (the default); tests that need no pages say false. */
  buildSite?: boolean;
}

export interface LocalSystem {
  url: string;
  port: number;
  dynamoEndpoint: string;
  table: string;
  provinceName: string;
  /** What the start seeded, for the console. */
  seeded: string;
  store: Store;
  clock: LocalClock;
  stop(): Promise<void>;
}

/** Explains the errors a newcomer can meet in one line each, instead of a stack trace. */
function explain(step: string, error: unknown, hint: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const detail = code ?? (error as Error).message?.split('\n')[0] ?? String(error);
  return new Error(`${step} failed (${detail}). ${hint}`);
}

function loadProvince(file: string): Province {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw explain(
      `reading ${file}`,
      error,
      'Check TUQUAN_PROVINCE_ID (or TUQUAN_PROVINCE_FILE) and the file.',
    );
  }
  return parseProvince(raw, file);
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const { root, dataDir, log } = options;
  const province = loadProvince(options.provinceFile);

  // The data folder first: a held or broken one is refused before a site build of a minute or more.
  let dynamo: DynamoServer;
  try {
    dynamo = await startDynaliteThread(join(dataDir, 'dynamo'));
  } catch (error) {
    throw explain(
      `opening the data folder ${join(dataDir, 'dynamo')}`,
      error,
      'Is another tuquan running on it? If the folder is broken, delete it to start afresh.',
    );
  }
  const stopDynamo = () => dynamo.close();
  try {
    try {
      if (options.buildSite !== false) await ensureSiteBuilt({ province: province.id, log });
    } catch (error) {
      throw explain('building the site', error, 'Run `npm run build` to see why.');
    }
    await ensureTable(dynamo.endpoint, LOCAL_TABLE);
    const store: Store = {
      doc: createDocumentClient({ region: 'local', endpoint: dynamo.endpoint }),
      table: LOCAL_TABLE,
    };
    const clock = new LocalClock(join(dataDir, 'clock.json'));
    overrideClock(clock);

    // The gateway's port must be known before the handlers read their config (links in SMS use it), so
    // it listens first; until the demo is seeded and the worker runs, /api/* answers 503 (nothing that
    // waits for health may find no places, or reports nobody dispatches).
    let auth: LocalAuth | undefined;
    let worker: LocalWorker | undefined;
    const waiting = new Set(['seed', 'worker']);
    const server = createGatewayServer(options, store, clock, {
      auth: () => auth,
      worker: () => worker,
      waitingFor: () => [...waiting],
    });
    let port: number;
    try {
      port = await listen(server, options.port);
    } catch (error) {
      throw explain(
        `listening on port ${options.port}`,
        error,
        (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
          ? `Port ${options.port} is busy: stop what uses it, or start with PORT=${options.port + 1} npm start.`
          : 'Try another PORT.',
      );
    }
    const url = `http://localhost:${port}`;
    auth = await LocalAuth.open(join(dataDir, 'jwt-key.json'), `${url}/_local`);
    process.env.TUQUAN_TABLE = LOCAL_TABLE;
    process.env.TUQUAN_DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.AWS_REGION ??= 'ap-southeast-1';
    process.env.TUQUAN_PROVINCE = JSON.stringify({ ...province, baseUrl: url });
    process.env.TUQUAN_SECRET_FILE = join(dataDir, 'secret.key');
    process.env.TUQUAN_SMS = 'outbox';
    process.env.TUQUAN_SMS_OUTBOX = join(dataDir, 'sms-outbox.jsonl');

    let seeded: string;
    try {
      seeded = await seedDemo(store, root, province, clock.now(), log);
    } catch (error) {
      throw explain('seeding the demo province', error, 'Delete the data folder to start afresh.');
    }
    waiting.delete('seed');

    worker = await startWorker();
    const started = worker;
    waiting.delete('worker');

    return {
      url,
      port,
      dynamoEndpoint: dynamo.endpoint,
      table: LOCAL_TABLE,
      provinceName: province.name.vi,
      seeded,
      store,
      clock,
      stop: async () => {
        await started.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopDynamo();
      },
    };
  } catch (error) {
    await stopDynamo();
    throw error;
  }
}

function createGatewayServer(
  options: LocalSystemOptions,
  store: Store,
  clock: LocalClock,
  late: {
    auth: () => LocalAuth | undefined;
    worker: () => LocalWorker | undefined;
    waitingFor: () => readonly string[];
  },
): Server {
  const { auth } = late;
  return createGateway({
    routes: ROUTES,
    siteDir: SITE_DIST,
    localRoutes: localRoutes({
      store,
      clock,
      auth: () => {
        const ready = auth();
        if (!ready) throw new Error('local sign-in is not ready');
        return ready;
      },
      outboxFile: join(options.dataDir, 'sms-outbox.jsonl'),
      worker: late.worker,
    }),
    authorize: async (authorization) => auth()?.verify(authorization),
    waitingFor: late.waitingFor,
    onAnswered: nudgeOnStoredReport(late.worker),
    loadHandler: async (route) => {
      const module = (await import(join(options.root, 'functions', route.entry))) as { handler: Handler };
      return module.handler;
    },
  });
}
