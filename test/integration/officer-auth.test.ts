import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/tuquan-test-${process.pid}-${Date.now()}`;
  process.env.TUQUAN_SECRET_FILE = `${dir}/secret.key`;
  process.env.TUQUAN_SMS = 'outbox';
  process.env.TUQUAN_SMS_OUTBOX = `${dir}/sms-outbox.jsonl`;
});

import { auditEntriesOfDay } from '../../functions/officers/store';
import type { Officer } from '../../functions/roster/model';
import { allOfficers } from '../../functions/roster/store';
import { ROUTES } from '../../functions/routes';
import { parseProvince } from '../../functions/shared/province';
import { importProvince } from '../../infra/import/import';
import { LocalAuth } from '../../infra/local/auth';
import { LocalClock } from '../../infra/local/clock';
import { createGateway, type Handler } from '../../infra/local/gateway';
import { localRoutes } from '../../infra/local/local-routes';
import { testStore } from '../support/store';

/**
 * Issue 5 through the local gateway: the same route table, the same handler modules, and tokens
 * verified the way the HTTP API's JWT authorizer verifies them, on the demo province's data.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const province = parseProvince(
  JSON.parse(readFileSync(join(ROOT, 'infra/provinces/quang-ninh.json'), 'utf8')),
  'quang-ninh.json',
);
const store = testStore();
const dir = mkdtempSync(join(tmpdir(), 'tuquan-auth-'));
let server: Server;
let base = '';
let auth: LocalAuth;
let officers: Map<string, Officer>;
let reportId = '';

const call = async (
  path: string,
  init: { token?: string; authorization?: string; method?: string; body?: unknown } = {},
) => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.authorization) headers.authorization = init.authorization;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
};
const tokenOf = (id: string, at = new Date()) => auth.issue(officers.get(id) as Officer, at);

beforeAll(async () => {
  const summary = await importProvince(store, join(ROOT, 'infra/provinces/quang-ninh'), {
    province,
    now: new Date(),
  });
  expect(summary.errors).toEqual([]);
  officers = new Map((await allOfficers(store)).map((o) => [o.id, o]));
  const siteDir = join(dir, 'site');
  auth = await LocalAuth.open(join(dir, 'jwt-key.json'), 'http://127.0.0.1/_local');
  server = createGateway({
    routes: ROUTES,
    siteDir,
    authorize: (authorization) => auth.verify(authorization),
    localRoutes: localRoutes({
      store,
      auth: () => auth,
      clock: new LocalClock(join(dir, 'clock.json')),
      outboxFile: join(dir, 'sms-outbox.jsonl'),
    }),
    loadHandler: async (route) =>
      ((await import(join(ROOT, 'functions', route.entry))) as { handler: Handler }).handler,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  const created = await call('/api/reports', {
    method: 'POST',
    body: {
      area: 'UONG-BI-QT5A',
      category: 'theft',
      description: 'Có người lạ thử mở cửa các nhà trong ngõ.',
    },
  });
  expect(created.status).toBe(201);
  reportId = (created.body as { id: string }).id;
}, 120_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('signed-in routes through the local gateway', () => {
  it('answers 401 without a token, before any handler runs', async () => {
    const answers = await Promise.all([
      call('/api/officer/me'),
      call(`/api/officer/reports/${reportId}`),
      call('/api/officer/stats'),
      call('/api/officer/me', { authorization: 'Bearer not-a-jwt' }),
    ]);

    expect(answers.map((a) => [a.status, a.body, a.headers.get('www-authenticate')])).toEqual(
      Array(4).fill([401, { message: 'Unauthorized' }, 'Bearer']),
    );
  });

  it('answers 401 to an expired token and to one signed with another key', async () => {
    const expired = await tokenOf('QN-ADMIN', new Date(Date.now() - 9 * 3600_000));
    const stranger = await LocalAuth.open(join(dir, 'other-key.json'), auth.issuer);
    const foreign = await stranger.issue(officers.get('QN-ADMIN') as Officer);

    const answers = await Promise.all([
      call(`/api/officer/reports/${reportId}`, { token: expired }),
      call(`/api/officer/reports/${reportId}`, { token: foreign }),
    ]);

    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [401, { message: 'Unauthorized' }],
      [401, { message: 'Unauthorized' }],
    ]);
  });

  it('refuses a Hạ Long officer a report of Uông Bí with 403, and leaves an audit entry naming no one but the officer', async () => {
    const before = new Date().toISOString();
    const answer = await call(`/api/officer/reports/${reportId}`, { token: await tokenOf('HA-LONG-CA1') });
    const after = new Date().toISOString();
    const days = [...new Set([before.slice(0, 10), after.slice(0, 10)])];
    const entries = (await Promise.all(days.map((day) => auditEntriesOfDay(store, day)))).flat();

    expect(answer).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', message: 'Bạn không có quyền làm việc này.' } },
    });
    expect(entries).toEqual([
      {
        at: expect.any(String),
        officerId: 'HA-LONG-CA1',
        action: 'read report',
        target: 'UONG-BI-QT5A',
        outcome: 'denied',
      },
    ]);
    const at = entries[0]?.at ?? '';
    expect(at >= before && at <= after).toBe(true);
  });

  it("keeps Uông Bí's report out of the Hạ Long officer's inbox, and shows it to Uông Bí's", async () => {
    const haLong = await call('/api/officer/reports', { token: await tokenOf('HA-LONG-CA1') });
    const uongBi = await call('/api/officer/reports', { token: await tokenOf('UONG-BI-CA1') });

    expect(haLong).toMatchObject({ status: 200, body: { reports: [] } });
    expect((uongBi.body as { reports: { id: string }[] }).reports.map((r) => r.id)).toEqual([reportId]);
  });

  it('opens the report to the admin', async () => {
    const answer = await call(`/api/officer/reports/${reportId}`, { token: await tokenOf('QN-ADMIN') });

    expect(answer).toMatchObject({
      status: 200,
      body: {
        report: { id: reportId, area: 'UONG-BI-QT5A', areaName: 'Khu Quang Trung 5A', status: 'received' },
      },
    });
  });

  it('signs a demo officer in locally: the page lists them, its form answers a token the gateway accepts', async () => {
    const list = await fetch(`${base}/_local/sign-in`);
    const signIn = await fetch(`${base}/_local/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'officer=HA-LONG-CA1',
    });
    const page = await signIn.text();
    const token = /sessionStorage\.setItem\('tuquan\.idToken', "([^"]+)"\)/.exec(page)?.[1] ?? '';

    expect(list.status).toBe(200);
    expect(await list.text()).toContain(
      '<input type="hidden" name="officer" value="HA-LONG-CA1"><button>Nguyễn Đức Anh</button>',
    );
    expect(signIn.status).toBe(200);
    expect(page).toContain("location.replace('/officer/')");
    expect((await call('/api/officer/me', { token })).body).toMatchObject({ id: 'HA-LONG-CA1' });
  });

  it("names the signed-in officer's areas at GET /api/officer/me", async () => {
    const officer = await call('/api/officer/me', { token: await tokenOf('HA-LONG-CA1') });
    const admin = await call('/api/officer/me', { token: await tokenOf('QN-ADMIN') });

    expect([officer, admin].map((a) => [a.status, a.body])).toEqual([
      [200, { id: 'HA-LONG-CA1', name: 'Nguyễn Đức Anh', role: 'officer', areas: ['HA-LONG'] }],
      [200, { id: 'QN-ADMIN', name: 'Quản trị hệ thống tỉnh', role: 'admin', areas: ['QN'] }],
    ]);
  });
});
