import { randomUUID } from 'node:crypto';
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
import { allOfficers, getOfficer } from '../../functions/roster/store';
import { parseProvince } from '../../functions/shared/province';
import { importProvince } from '../../infra/import/import';
import { LocalAuth, localSubject } from '../../infra/local/auth';
import { earlyInAMinute } from '../support/minute';
import { startSignedInGateway } from '../support/signed-in-gateway';
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
  ({ server, base, auth } = await startSignedInGateway(store, dir));

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
      body: { error: { code: 'forbidden', message: 'Bạn không được làm việc này.' } },
    });
    expect(entries).toEqual([
      {
        officerId: 'HA-LONG-CA1',
        action: 'read report',
        outcome: 'denied',
        hour: expect.any(String),
        first: expect.any(String),
        last: expect.any(String),
        count: 1,
        targets: ['UONG-BI-QT5A'],
      },
    ]);
    const at = entries[0]?.first ?? '';
    expect(at >= before && at <= after && entries[0]?.last === at).toBe(true);
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

  it("names the signed-in officer's areas at GET /api/officer/me, by code and by name and kind", async () => {
    const officer = await call('/api/officer/me', { token: await tokenOf('HA-LONG-CA1') });
    const admin = await call('/api/officer/me', { token: await tokenOf('QN-ADMIN') });

    expect([officer, admin].map((a) => [a.status, a.body])).toEqual([
      [
        200,
        {
          id: 'HA-LONG-CA1',
          name: 'Nguyễn Đức Anh',
          role: 'officer',
          areas: ['HA-LONG'],
          places: [
            {
              code: 'HA-LONG',
              name: 'Hạ Long',
              kind: 'ward',
              label: { vi: 'Phường Hạ Long', en: 'Hạ Long ward' },
            },
          ],
        },
      ],
      [
        200,
        {
          id: 'QN-ADMIN',
          name: 'Quản trị hệ thống tỉnh',
          role: 'admin',
          areas: ['QN'],
          places: [
            {
              code: 'QN',
              name: 'Quảng Ninh',
              kind: 'province',
              label: { vi: 'Toàn tỉnh Quảng Ninh', en: 'All of Quảng Ninh province' },
            },
          ],
        },
      ],
    ]);
  });
});

describe('officers bound to their Cognito user, on the local tokens', () => {
  const officer = (id: string) => officers.get(id) as Officer;

  it("refuses a token for the admin's address in capitals whose e-mail is not verified (was 200 as QN-ADMIN)", async () => {
    const admin = officer('QN-ADMIN');
    const forged = await auth.issue(admin, new Date(), {
      sub: randomUUID(),
      email: admin.login.toUpperCase(),
      email_verified: false,
    });
    // The same with the admin's own sub: an unverified address is refused whoever holds it.
    const unverified = await auth.issue(admin, new Date(), { email_verified: false });

    const answers = await Promise.all([
      call('/api/officer/me', { token: forged }),
      call(`/api/officer/reports/${reportId}`, { token: forged }),
      call('/api/officer/me', { token: unverified }),
    ]);

    expect(answers.map((a) => [a.status, a.body])).toEqual(
      Array(3).fill([403, { error: { code: 'forbidden', message: 'Bạn không được làm việc này.' } }]),
    );
  });

  it('records the first verified sign-in as the officer’s Cognito user, once', async () => {
    const before = await getOfficer(store, 'CAM-PHA-CA1');
    const first = await call('/api/officer/me', { token: await tokenOf('CAM-PHA-CA1') });
    const after = await getOfficer(store, 'CAM-PHA-CA1');

    expect([before?.sub, first.status, after?.sub]).toEqual([undefined, 200, localSubject('CAM-PHA-CA1')]);
  });

  it('refuses another Cognito user with the bound officer’s verified address, and still knows the bound one by sub', async () => {
    const bound = officer('CAM-PHA-CA1');
    await call('/api/officer/me', { token: await tokenOf('CAM-PHA-CA1') });
    const intruder = await auth.issue(bound, new Date(), {
      sub: randomUUID(),
      email: bound.login.toUpperCase(),
    });
    // The bound user after changing their address: found by the sub alone.
    const moved = await auth.issue(bound, new Date(), { email: 'new.address@quangninh.example.vn' });

    const [refused, again] = await Promise.all([
      call('/api/officer/me', { token: intruder }),
      call('/api/officer/me', { token: moved }),
    ]);

    expect([refused.status, refused.body]).toEqual([
      403,
      { error: { code: 'forbidden', message: 'Bạn không được làm việc này.' } },
    ]);
    expect([again.status, (again.body as { id?: string }).id]).toEqual([200, 'CAM-PHA-CA1']);
    expect((await getOfficer(store, 'CAM-PHA-CA1'))?.sub).toBe(localSubject('CAM-PHA-CA1'));
  });

  it('keeps a recorded sub when the province is imported again without one', async () => {
    await call('/api/officer/me', { token: await tokenOf('CAM-PHA-CA1') });
    const summary = await importProvince(store, join(ROOT, 'infra/provinces/quang-ninh'), {
      province,
      now: new Date(),
    });

    expect(summary.errors).toEqual([]);
    expect(summary.files['officers.csv']).toMatchObject({ created: 0, updated: 0 });
    expect((await getOfficer(store, 'CAM-PHA-CA1'))?.sub).toBe(localSubject('CAM-PHA-CA1'));
    expect((await call('/api/officer/me', { token: await tokenOf('CAM-PHA-CA1') })).status).toBe(200);
  });
});

describe('a burst of refused requests from one officer', () => {
  it('answers 429 with Retry-After past the officer’s limit, and keeps one audit record counting the 403s', async () => {
    const limit = province.rateLimits.officerRequestsPerMinute;
    const token = await tokenOf('HA-LONG-CA2');
    await earlyInAMinute();
    const started = new Date().toISOString();
    const answers: Awaited<ReturnType<typeof call>>[] = [];
    for (let i = 0; i < 700; i += 25)
      answers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, 700 - i) }, () =>
            call(`/api/officer/reports/${reportId}`, { token }),
          ),
        )),
      );
    const ended = new Date().toISOString();
    const days = [...new Set([started.slice(0, 10), ended.slice(0, 10)])];
    const records = (await Promise.all(days.map((day) => auditEntriesOfDay(store, day))))
      .flat()
      .filter((r) => r.officerId === 'HA-LONG-CA2');
    const refused = answers.filter((a) => a.status === 403).length;
    const limited = answers.filter((a) => a.status === 429);

    // Begun early in a minute, the burst ends in it; the slack is for a slow runner that goes past its edge.
    expect(refused).toBeGreaterThanOrEqual(limit);
    expect(refused).toBeLessThanOrEqual(limit + 10);
    expect(refused + limited.length).toBe(700);
    // The 25 requests of a batch reach the limiter in any order (each verifies its token first), so only
    // the batches wholly before the limit are bound to be refused one by one.
    const beforeLimit = Math.floor(limit / 25) * 25;
    expect(answers.slice(0, beforeLimit).every((a) => a.status === 403)).toBe(true);
    expect(limited[0]?.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(
      limited.every((a) => {
        const seconds = Number(a.headers.get('retry-after'));
        return seconds >= 1 && seconds <= 60;
      }),
    ).toBe(true);
    // One record per hour the burst touched (two at most), whose counts add up to the refusals.
    expect(records.length).toBeLessThanOrEqual(2);
    expect(records.reduce((sum, r) => sum + r.count, 0)).toBe(refused);
    expect(records.map((r) => [r.action, r.targets])).toEqual(
      records.map(() => ['read report', ['UONG-BI-QT5A']]),
    );
  }, 120_000);
});
