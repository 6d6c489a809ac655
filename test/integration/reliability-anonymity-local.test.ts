import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDef } from '../../functions/routes';
import { setLogSink } from '../../functions/shared/log';
import { readOutbox } from '../../infra/local/local-routes';
import { PLACE, summaryTokenListing } from '../support/reliability-context';
import { ackTokenOf, reportItems } from '../support/reliability-dispatch';
import { filesUnder, type LocalRun, send, startLocalRun } from '../support/reliability-local';
import {
  FIXTURES,
  type FixtureContext,
  fixtureOf,
  type RequestSpec,
  requireFixture,
} from '../support/reliability-requests';
import {
  fillPath,
  publicRoutes,
  reliabilityProvince,
  routeByName,
  routeName,
} from '../support/reliability-routes';
import { idempotencyKeyOf, leaks, SENTINEL, SENTINEL_HEADERS } from '../support/reliability-sentinels';
import { snapshot } from '../support/reliability-store';

const dataDir = mkdtempSync(join(tmpdir(), 'tuquan-reliability-'));
const logged: string[] = [];
let run: LocalRun;

beforeAll(async () => {
  setLogSink((line) => logged.push(line), 'debug');
  run = await startLocalRun({ dataDir, province: reliabilityProvince(), log: () => undefined });
}, 120_000);
afterAll(async () => {
  await run?.stop();
  setLogSink((line) => process.stdout.write(`${line}\n`), 'warn');
  rmSync(dataDir, { recursive: true, force: true });
});

/** A request over HTTP from the sentinel client: its own source address, and every giveaway header. */
function over(route: RouteDef, spec: RequestSpec) {
  const query = spec.query ? `?${new URLSearchParams(spec.query)}` : '';
  return send(run, {
    method: route.method,
    path: `${fillPath(route.path, spec.pathParameters)}${query}`,
    headers: { ...SENTINEL_HEADERS, ...(spec.headers ?? {}) },
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    from: SENTINEL.loopbackIp,
  });
}

async function until<T>(
  find: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let made = 0;
async function postReport(): Promise<{ id: string; receipt: string }> {
  const make = FIXTURES['POST /api/reports']?.variants['JSON with a key'];
  if (!make) throw new Error('the report fixture is gone');
  const answer = await over(routeByName('POST /api/reports'), await make(context, 800_000 + ++made));
  expect(answer.status).toBe(201);
  return JSON.parse(answer.body) as { id: string; receipt: string };
}

/** Fixtures' helpers over HTTP: the ack link comes from the SMS outbox, as an officer's phone gets it. */
const context: FixtureContext = {
  place: PLACE,
  receipt: async () => (await postReport()).receipt,
  summaryToken: async () => summaryTokenListing(run.store, (await postReport()).id),
  ackToken: async () => {
    const { id } = await postReport();
    const sms = await until(
      () => readOutbox(run.outboxFile).find((m) => m.reportId === id && m.to !== 'admins'),
      `an SMS about ${id}`,
    );
    return ackTokenOf(sms);
  },
};

describe('anonymity, through the local system', () => {
  it('keeps no address, browser, referer or cookie in any file of the data folder, the table or the log', async () => {
    const secrets: string[] = [];
    let n = 0;
    for (const route of publicRoutes()) {
      const fixture =
        route.method === 'GET'
          ? (fixtureOf(route) ?? { variants: { bare: async () => ({}) } })
          : requireFixture(route);
      for (const [variant, make] of Object.entries(fixture.variants)) {
        const spec = await make(context, ++n);
        const key = idempotencyKeyOf(spec);
        if (key) secrets.push(key);

        const answer = await over(route, spec);

        expect(answer.status, `${routeName(route)} (${variant}) answers a valid request`).toBeLessThan(300);
      }
    }
    // Every report texted by the worker, then an hour on the local clock for the escalation sweep.
    await until(
      async () =>
        reportItems((await snapshot(run.store)).values()).every((r) => r.notifyStatus !== 'pending')
          ? true
          : undefined,
      'the worker to dispatch every report',
    );
    const clock = await send(run, {
      method: 'POST',
      path: '/_local/clock',
      headers: { ...SENTINEL_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMinutes: 61 }),
      from: SENTINEL.loopbackIp,
    });
    expect(clock.status).toBe(200);
    const texted = readOutbox(run.outboxFile).length;
    await until(
      () => (readOutbox(run.outboxFile).length > texted ? true : undefined),
      'the escalation sweep',
    );
    await run.stopWorker();

    const items = [...(await snapshot(run.store)).values()];
    const files = filesUnder(dataDir);
    expect(reportItems(items).length).toBeGreaterThan(2);
    expect(files.map((f) => f.path.slice(dataDir.length))).toEqual(
      expect.arrayContaining(['/sms-outbox.jsonl', '/secret.key', '/clock.json']),
    );
    // The grep sees what is stored: the reports' own text is in the store's files.
    expect(
      files
        .filter((f) => f.bytes.includes(Buffer.from('lấy trộm, lần')))
        .map((f) => f.path.includes('/dynamo/')),
    ).toContain(true);
    expect(logged.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(items), secrets), 'the table').toEqual([]);
    expect(
      files.flatMap((f) => leaks(f.bytes, secrets).map((s) => `${s} in ${f.path}`)),
      'the data folder',
    ).toEqual([]);
    expect(leaks(logged.join('\n'), secrets), 'the log').toEqual([]);

    // And once the store is closed (LevelDB writes out what it held in memory).
    await run.stop();
    const closed = filesUnder(dataDir);
    expect(
      closed.flatMap((f) => leaks(f.bytes, secrets).map((s) => `${s} in ${f.path}`)),
      'the closed data folder',
    ).toEqual([]);
  }, 120_000);
});
