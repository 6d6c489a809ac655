import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { apiKeyHash, newApiKey } from '../../functions/open311/model';
import { apiKeyStore } from '../../functions/open311/store';
import { fileSecrets } from '../../functions/shared/secrets';
import { parseCsvText } from '../../infra/import/csv';
import { type RunningStack, startLocalStack } from '../support/local-stack';
import { ROOT } from './bundles';
import { dynamoRequest, type LoadRequest } from './load';

/**
 * The bench province: the demo's data (its id, so the demo is seeded) with rate limits and the
 * per-phone SMS throttle too high to reach, no challenges and an SMS cap out of the way. The bench's
 * output says so.
 */
export const BENCH_PROVINCE_FILE = join(ROOT, 'test', 'bench', 'bench-province.json');

export interface BenchSystem {
  stack: RunningStack;
  url: string;
  dynamoEndpoint: string;
  table: string;
  outboxFile: string;
}

/**
 * `npm start` in a child process (test/support/local-stack.ts: a free port and a temporary data
 * folder, never .data/ or port 3000), with a province file (TUQUAN_PROVINCE_FILE): the bench
 * province's unless told.
 */
export async function startBenchSystem(provinceFile = BENCH_PROVINCE_FILE): Promise<BenchSystem> {
  const stack = await startLocalStack({
    TUQUAN_PROVINCE_FILE: provinceFile,
  });
  const runtime = JSON.parse(readFileSync(join(stack.dataDir, 'runtime.json'), 'utf8')) as {
    dynamoEndpoint: string;
    table: string;
  };
  return {
    stack,
    url: stack.url,
    dynamoEndpoint: runtime.dynamoEndpoint,
    table: runtime.table,
    outboxFile: join(stack.dataDir, 'sms-outbox.jsonl'),
  };
}

/** The rows of a demo CSV file, as arrays of cells. */
export function demoRows(file: string): string[][] {
  const path = join(ROOT, 'infra', 'provinces', 'quang-ninh', file);
  return parseCsvText(readFileSync(path, 'utf8'), file).records.map((r) => r.cells.map((c) => c.value));
}

const demoCodes = (file: string) => demoRows(file).map((cells) => cells[0] ?? '');

/** Reports spread over the demo's places (all but the province itself) and categories. */
export function reportBodies(): (n: number) => Record<string, unknown> {
  const areas = demoCodes('areas.csv').slice(1);
  const categories = demoCodes('categories.csv');
  return (n) => ({
    area: areas[n % areas.length],
    category: categories[n % categories.length],
    description: `Bench report ${n}: a motorbike was taken from the market car park this morning.`,
  });
}

/** Suggestions spread over the demo's boxes: one per commune or ward (A-…), one per group (G-…). */
export function suggestionBodies(): (n: number) => Record<string, unknown> {
  const boxes = [
    ...demoRows('areas.csv')
      .filter((cells) => ['commune', 'ward', 'special_zone'].includes(cells[2] ?? ''))
      .map((cells) => `A-${cells[0]}`),
    ...demoCodes('groups.csv').map((id) => `G-${id}`),
  ];
  return (n) => ({
    box: boxes[n % boxes.length],
    text: `Bench suggestion ${n}: please light the lane behind the market, it is dark at night.`,
  });
}

/** A JSON post as the site's script sends it: a fresh idempotency key per form. */
export function postRequest(url: string, path: string, body: Record<string, unknown>): LoadRequest {
  return {
    url: `${url}${path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'accept-language': 'vi',
      'idempotency-key': randomUUID(),
    },
    body: JSON.stringify(body),
  };
}

/** A key's per-minute limit no bench loop reaches (the demo app's key allows 60; issueKey at most 1,000). */
export const BENCH_OPEN311_PER_MINUTE = 1_000_000_000;

/**
 * An Open311 key for the bench's app, stored as issueKey stores one (its keyed hash under the system's
 * own secret) but written with the key store's putKey, as the demo seed writes the demo's key: issueKey
 * refuses more than 1,000 a minute, which the intake loop passes within seconds. The limit is still
 * counted on every request, as for any key; it is never reached.
 */
export async function benchOpen311Key(system: BenchSystem, doc: DynamoDBDocumentClient): Promise<string> {
  const secrets = fileSecrets(join(system.stack.dataDir, 'secret.key'));
  const { apiKey, id } = newApiKey();
  const stored = await apiKeyStore({ doc, table: system.table }).putKey(
    apiKeyHash(await secrets.key('open311-key'), apiKey),
    {
      id,
      app: 'Bench app (local only)',
      perMinute: BENCH_OPEN311_PER_MINUTE,
      createdAt: new Date().toISOString(),
    },
  );
  if (!stored) throw new Error('bench: the Open311 key could not be stored');
  return apiKey;
}

/**
 * An Open311 service request as an app's server sends it (form-encoded, a fresh Idempotency-Key per
 * request), for a report body of reportBodies(): the same places, categories and words.
 */
export function open311Request(url: string, apiKey: string, report: Record<string, unknown>): LoadRequest {
  return {
    url: `${url}/open311/v2/requests.json`,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'accept-language': 'vi',
      'idempotency-key': randomUUID(),
    },
    body: new URLSearchParams({
      api_key: apiKey,
      service_code: String(report.category),
      address_id: String(report.area),
      description: String(report.description),
    }).toString(),
  };
}

/** The dispatcher's own look at its queue (functions/dispatch/store.ts pendingDispatch), sent raw. */
export function dispatchQueueQuery(system: BenchSystem, select?: 'COUNT'): LoadRequest {
  return dynamoRequest(system.dynamoEndpoint, 'Query', {
    TableName: system.table,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :q',
    ExpressionAttributeValues: { ':q': { S: 'DISPATCH' } },
    ...(select ? { Select: select } : { Limit: 25 }),
  });
}

/** How many reports wait in the dispatch queue. */
export async function queued(system: BenchSystem): Promise<number> {
  const req = dispatchQueueQuery(system, 'COUNT');
  const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body ?? '' });
  const out = (await res.json()) as { Count?: number };
  return out.Count ?? 0;
}

/** Holds the local worker (POST /_local/dispatcher), or lets it go; held once what it was doing has finished. */
export async function holdDispatcher(system: BenchSystem, paused: boolean): Promise<void> {
  const res = await fetch(`${system.url}/_local/dispatcher`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paused }),
  });
  if (res.status !== 200) throw new Error(`POST /_local/dispatcher answered ${res.status}`);
  await res.arrayBuffer();
}

/** Waits until the dispatcher has emptied its queue (or the time is up); returns what is left. */
export async function drained(system: BenchSystem, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await queued(system);
    if (left === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface OutboxLine {
  to: string;
  body: string;
  at: string;
  reportId?: string;
}

/**
 * Follows the SMS outbox file as the dispatcher appends to it, noting when each report's first
 * SMS was seen (a read every 2 ms: the figure is at most that much late). Every line is kept in
 * `lines`, admin alerts (`to: "admins"`, which may name a report) included; they are no SMS to an
 * officer and never count as a report's first. `fromStart` reads the lines already there too.
 */
export class OutboxWatcher {
  readonly lines: OutboxLine[] = [];
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  private offset = 0;
  private partial = '';
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    options: { fromStart?: boolean } = {},
  ) {
    this.offset = existsSync(file) && !options.fromStart ? statSync(file).size : 0;
    this.timer = setInterval(() => this.poll(), 2);
  }

  private poll(): void {
    if (!existsSync(this.file)) return;
    const size = statSync(this.file).size;
    if (size <= this.offset) return;
    const at = performance.now();
    const fd = openSync(this.file, 'r');
    const buffer = Buffer.alloc(size - this.offset);
    readSync(fd, buffer, 0, buffer.length, this.offset);
    closeSync(fd);
    this.offset = size;
    const text = this.partial + buffer.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      const line = JSON.parse(part) as OutboxLine;
      this.lines.push(line);
      if (!line.reportId || line.to === 'admins' || this.seen.has(line.reportId)) continue;
      this.seen.set(line.reportId, at);
      this.waiting.get(line.reportId)?.(at);
      this.waiting.delete(line.reportId);
    }
  }

  /** When the first SMS about the report was seen, waiting up to `timeoutMs`; undefined if never. */
  firstLine(reportId: string, timeoutMs: number): Promise<number | undefined> {
    const known = this.seen.get(reportId);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timeout = setTimeout(() => {
        this.waiting.delete(reportId);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(reportId, (at) => {
        clearTimeout(timeout);
        resolve(at);
      });
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
