import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Area } from '../../functions/areas/model';
import { areaItems } from '../../functions/areas/store';
import { issueKey, revokeKey } from '../../functions/open311/manage-keys';
import { apiKeyStore } from '../../functions/open311/store';
import { secretsFromEnv } from '../../functions/shared/secrets';
import { readOutbox } from '../../infra/local/local-routes';
import { type LocalSystem, startLocalSystem } from '../../infra/local/system';
import { earlyInAMinute } from '../support/minute';

/**
 * Open311 GeoReport v2 through the local gateway, on the seeded demo province, as an app would use
 * it: its key from GET /_local/open311-key, requests form-encoded.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'tuquan-open311-'));
let system: LocalSystem;
let demoKey: string;

beforeAll(async () => {
  system = await startLocalSystem({
    root: ROOT,
    dataDir,
    port: 0,
    provinceFile: join(ROOT, 'infra', 'provinces', 'quang-ninh.json'),
    buildSite: false,
    log: () => undefined,
  });
  demoKey = ((await (await fetch(`${system.url}/_local/open311-key`)).json()) as { api_key: string }).api_key;
}, 120_000);
afterAll(async () => {
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  type: string | null;
  body: unknown;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${system.url}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

function post(fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  return call('/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const REQUEST_ID = /^[0-9a-hjkmnp-tv-z]{16}-[0-9a-hjkmnp-tv-z]{16}$/;
const NOTICE_EN = 'Received. The report goes at once to the officers on duty for this place.';
let made = 0;
const text = () => `Xe máy bị lấy trộm trước cửa nhà văn hóa, lần thử ${++made} (${randomUUID()}).`;

/** The one element of a filed request's answer, checked whole. */
function filedId(answer: Answer): string {
  expect(answer).toEqual({
    status: 201,
    type: 'application/json; charset=utf-8',
    body: [
      { service_request_id: expect.stringMatching(REQUEST_ID), service_notice: NOTICE_EN, account_id: null },
    ],
  });
  return (answer.body as [{ service_request_id: string }])[0].service_request_id;
}

async function until<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GET /open311/v2/services.json', () => {
  it("lists the province's categories as realtime services without attributes, named in the request's language", async () => {
    const answer = await call('/open311/v2/services.json?locale=en');

    expect(answer.status).toBe(200);
    const services = answer.body as Record<string, unknown>[];
    expect(services.map((s) => s.service_code)).toEqual([
      'theft',
      'robbery',
      'fight',
      'domestic_violence',
      'drugs',
      'fire_risk',
      'suspicious_person',
      'traffic',
      'neighbour_dispute',
      'land_dispute',
      'noise',
      'other',
    ]);
    expect(services[0]).toEqual({
      service_code: 'theft',
      service_name: 'Theft',
      description: 'Theft',
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: 'Urgent',
    });
    expect(services[8]).toEqual({
      service_code: 'neighbour_dispute',
      service_name: 'Dispute between neighbours',
      description: 'Dispute between neighbours',
      metadata: false,
      type: 'realtime',
      keywords: '',
      group: 'Disputes (may be mediated)',
    });
  });

  it('names them in Vietnamese by default, and answers a service definition with no attributes', async () => {
    const [list, definition, unknown] = await Promise.all([
      call('/open311/v2/services.json'),
      call('/open311/v2/services/theft.json'),
      call('/open311/v2/services/nothing_like_it.json'),
    ]);

    expect((list.body as { service_name: string }[])[0]?.service_name).toBe('Trộm cắp tài sản');
    expect(definition).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: { service_code: 'theft', attributes: [] },
    });
    expect(unknown).toEqual({
      status: 404,
      type: 'application/json; charset=utf-8',
      body: [{ code: 404, description: 'Không có loại vụ việc này.' }],
    });
  });
});

describe('POST /open311/v2/requests.json', () => {
  it('files a request by address_id that is texted to the officers on duty like any report', async () => {
    const before = readOutbox(join(dataDir, 'sms-outbox.jsonl')).length;

    const id = filedId(
      await post({
        api_key: demoKey,
        service_code: 'theft',
        address_id: 'HA-LONG-K1',
        description: text(),
        first_name: 'An',
        last_name: 'Nguyễn',
        phone: '0912 345 678',
      }),
    );

    const reportId = id.slice(0, 16);
    const texted = await until(() => {
      const sms = readOutbox(join(dataDir, 'sms-outbox.jsonl'))
        .slice(before)
        .filter((m) => m.reportId === reportId);
      return sms.length > 0 ? sms : undefined;
    }, 'the SMS of the Open311 report');
    expect(texted.length).toBeGreaterThan(0);
    // Stored as a report of the place, with the contact under the intake's rules (E.164, family name first).
    const stored = await system.store.doc.send(
      new GetCommand({ TableName: system.table, Key: { pk: `REPORT#${reportId}`, sk: 'REPORT' } }),
    );
    expect(stored.Item).toMatchObject({
      area: 'HA-LONG-K1',
      category: 'theft',
      contact: { name: 'Nguyễn An', phone: '+84912345678' },
    });
  });

  it('files a request by address_string, matched by the area search (the parts after a comma narrow it)', async () => {
    const id = filedId(
      await post({
        api_key: demoKey,
        service_code: 'noise',
        address_string: 'khu 1 hong gai, Hạ Long',
        description: text(),
      }),
    );

    const stored = await system.store.doc.send(
      new GetCommand({ TableName: system.table, Key: { pk: `REPORT#${id.slice(0, 16)}`, sk: 'REPORT' } }),
    );
    expect(stored.Item?.area).toBe('HA-LONG-K1');
  });

  it('answers an ambiguous address_string 400 naming the choices, an unknown one 400, and lat/long alone 400', async () => {
    const base = { api_key: demoKey, service_code: 'noise', description: text() };

    const [ambiguous, unknown, coordinates] = await Promise.all([
      post({ ...base, address_string: 'Khu Quang Trung' }),
      post({ ...base, address_string: 'Phố Không Có' }),
      post({ ...base, lat: '20.95', long: '107.07' }),
    ]);

    expect(ambiguous).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: [
        {
          code: 400,
          description:
            'address_string: Several places have this name: UONG-BI-QT5A (Khu Quang Trung 5A); UONG-BI-QT6 (Khu Quang Trung 6). Send address_id with one of these codes.',
        },
      ],
    });
    expect(unknown.body).toEqual([
      { code: 400, description: 'address_string: No place that takes reports has this name.' },
    ]);
    expect(coordinates.body).toEqual([
      {
        code: 400,
        description:
          'lat: Places have no coordinates yet: give address_id or address_string instead of lat/long.',
      },
    ]);
  });

  it('names each wrong field in the specification error shape, as the request named it', async () => {
    const answer = await post({
      api_key: demoKey,
      service_code: 'no_such_kind',
      address_id: 'HA-LONG-K1',
      description: 'short',
      phone: '12345',
    });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual([
      { code: 400, description: 'description: At least 10 characters.' },
      { code: 400, description: 'phone: This phone number is not right. For example: 0912 345 678.' },
    ]);
  });

  it('refuses a request without a key, with an unknown key, and with a revoked key: 403', async () => {
    const ports = {
      keys: apiKeyStore(system.store),
      secrets: secretsFromEnv(process.env),
      clock: { now: () => new Date() },
    };
    const issued = await issueKey({ app: 'Zalo OA phường Hạ Long', perMinute: 30 }, ports);
    const fields = { service_code: 'theft', address_id: 'HA-LONG-K1', description: text() };
    const before = filedId(await post({ ...fields, api_key: issued.apiKey }));
    await revokeKey(issued.key.id, ports);

    const [missing, unknown, revoked] = await Promise.all([
      post({ ...fields, description: text() }),
      post({ ...fields, description: text(), api_key: 'tq311_not-a-key-we-issued' }),
      post({ ...fields, description: text(), api_key: issued.apiKey }),
    ]);

    expect(before).toMatch(REQUEST_ID);
    expect(missing).toEqual({
      status: 403,
      type: 'application/json; charset=utf-8',
      body: [{ code: 403, description: 'A valid api_key is required to file a request.' }],
    });
    expect(unknown.body).toEqual(missing.body);
    expect(revoked).toEqual({
      status: 403,
      type: 'application/json; charset=utf-8',
      body: [{ code: 403, description: 'This api_key has been revoked.' }],
    });
  });

  it('stores a request retried with the same Idempotency-Key once, and answers each copy the same', async () => {
    const fields = {
      api_key: demoKey,
      service_code: 'fight',
      address_id: 'BAI-CHAY-K2',
      description: text(),
    };
    const key = `zalo-req-${randomUUID()}`;

    const answers = await Promise.all([1, 2, 3].map(() => post(fields, { 'idempotency-key': key })));
    const again = await post(fields, { 'idempotency-key': key });

    const ids = [...answers, again].map(filedId);
    expect(new Set(ids).size).toBe(1);
    const other = await post({ ...fields, description: text() }, { 'idempotency-key': key });
    expect(other.status).toBe(409);
  });
});

describe("an app key's limit", () => {
  it('counts every request, refused ones too, before any search, as one number a minute; a stored retry is still answered', async () => {
    const { apiKey, key } = await issueKey(
      { app: `Hotline ${randomUUID()}`, perMinute: 3 },
      {
        keys: apiKeyStore(system.store),
        secrets: secretsFromEnv(process.env),
        clock: { now: () => new Date() },
      },
    );
    const fields = { api_key: apiKey, service_code: 'theft', address_id: 'HA-LONG-K1' };
    const retried = { ...fields, description: text() };
    const idempotencyKey = `hotline-${randomUUID()}`;
    const minute = await earlyInAMinute();

    const filed = filedId(await post(retried, { 'idempotency-key': idempotencyKey }));
    const ambiguous = await post({
      api_key: apiKey,
      service_code: 'theft',
      address_string: 'Khu Quang Trung',
      description: text(),
    });
    const unknownService = await post({ ...fields, service_code: 'no_such_kind', description: text() });
    const fourth = await post({ ...fields, description: text() });
    const replay = await post(retried, { 'idempotency-key': idempotencyKey });
    const counter = await system.store.doc.send(
      new GetCommand({ TableName: system.table, Key: { pk: `OPEN311RATE#${key.id}`, sk: minute } }),
    );

    expect([ambiguous.status, unknownService.status]).toEqual([400, 400]);
    expect(fourth).toEqual({
      status: 429,
      type: 'application/json; charset=utf-8',
      body: [{ code: 429, description: expect.any(String) }],
    });
    expect(filedId(replay)).toBe(filed);
    // The replay past the limit was counted and refused by the number, then answered from its stored item.
    expect(counter.Item).toEqual({
      pk: `OPEN311RATE#${key.id}`,
      sk: minute,
      type: 'open311Rate',
      n: 3,
      expiresAt: expect.any(Number),
    });
  }, 60_000);

  it('refuses an address_string of more than three comma-separated parts, naming it', async () => {
    const answer = await post({
      api_key: demoKey,
      service_code: 'noise',
      address_string: 'Khu 1 Hồng Gai, Hồng Gai, Hạ Long, Quảng Ninh',
      description: text(),
    });

    expect(answer).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: [
        {
          code: 400,
          description:
            'address_string: At most 3 comma-separated parts: the place, then the commune, ward or special zone it lies in.',
        },
      ],
    });
  });
});

describe('an address_string whose place name repeats across the province', () => {
  it('finds the one inside the ward named after the comma, even among more places of that name than a search shows', async () => {
    // 25 wards, each with its "Tổ 1": more than the area search's 20 hits, the wanted one sorted last.
    const wards = Array.from({ length: 25 }, (_, i) => String(i + 1).padStart(2, '0'));
    const areas: Area[] = wards.flatMap((n) => [
      { code: `TEST-P${n}`, name: `Phường Thử Nghiệm ${n}`, kind: 'ward', parent: 'QN', ancestors: ['QN'] },
      {
        code: `TEST-P${n}-T1`,
        name: 'Tổ 1',
        kind: 'residential_group',
        parent: `TEST-P${n}`,
        ancestors: ['QN', `TEST-P${n}`],
      },
    ]);
    for (const item of areas.flatMap(areaItems))
      await system.store.doc.send(new PutCommand({ TableName: system.table, Item: item }));
    const fields = { api_key: demoKey, service_code: 'noise' };

    const inWard = filedId(
      await post({ ...fields, address_string: 'Tổ 1, Phường Thử Nghiệm 25', description: text() }),
    );
    const alone = await post({ ...fields, address_string: 'Tổ 1', description: text() });

    const stored = await system.store.doc.send(
      new GetCommand({ TableName: system.table, Key: { pk: `REPORT#${inWard.slice(0, 16)}`, sk: 'REPORT' } }),
    );
    expect(stored.Item?.area).toBe('TEST-P25-T1');
    expect(alone.status).toBe(400);
    expect(alone.body).toEqual([
      { code: 400, description: expect.stringMatching(/^address_string: Several places have this name: /) },
    ]);
  });
});

describe('GET /open311/v2/requests', () => {
  it("follows a request's status to closed once an officer resolves it, showing no words, name or phone", async () => {
    const id = filedId(
      await post({
        api_key: demoKey,
        service_code: 'theft',
        address_id: 'HA-LONG-K5',
        description: text(),
        first_name: 'Bình',
        last_name: 'Trần',
        phone: '0912 000 111',
      }),
    );
    const open = await call(`/open311/v2/requests/${id}.json?locale=en`);
    const token = (
      (await (
        await fetch(`${system.url}/_local/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ officer: 'HA-LONG-CA1' }),
        })
      ).json()) as { token: string }
    ).token;

    const resolved = await fetch(`${system.url}/api/officer/reports/${id.slice(0, 16)}/status`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ status: 'resolved', publicReply: 'Đã thu hồi xe, mời anh Bình lên nhận.' }),
    });
    const closed = await call(`/open311/v2/requests/${id}.json?locale=en`);
    const listed = await call(
      `/open311/v2/requests.json?service_request_id=${id},${id.slice(0, 17)}aaaaaaaaaaaaaaaa`,
    );

    const view = {
      service_request_id: id,
      service_code: 'theft',
      service_name: 'Theft',
      agency_responsible: 'Hạ Long ward police',
      requested_datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    };
    expect(open).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: [{ ...view, status: 'open', updated_datetime: expect.any(String) }],
    });
    expect(resolved.status).toBe(200);
    expect(closed.body).toEqual([{ ...view, status: 'closed', updated_datetime: expect.any(String) }]);
    const [after] = closed.body as [{ updated_datetime: string; requested_datetime: string }];
    expect(after.updated_datetime > after.requested_datetime).toBe(true);
    // The vi list: the same request only (the forged id is left out), nothing of what the resident wrote.
    expect(listed.body).toEqual([
      {
        ...view,
        service_name: 'Trộm cắp tài sản',
        agency_responsible: 'Công an phường Hạ Long',
        status: 'closed',
        updated_datetime: after.updated_datetime,
      },
    ]);
    for (const leak of ['Bình', 'Trần', '912', 'Xe máy', 'thu hồi xe'])
      expect(JSON.stringify([open.body, closed.body, listed.body])).not.toContain(leak);
  });

  it('lists nothing without service_request_id, and answers an unknown or forged id 404', async () => {
    const [list, filtered, forged] = await Promise.all([
      call('/open311/v2/requests.json'),
      call('/open311/v2/requests.json?service_code=theft&status=open', {
        headers: { 'accept-language': 'en' },
      }),
      call('/open311/v2/requests/0000000000000000-0000000000000000.json', {
        headers: { 'accept-language': 'en' },
      }),
    ]);

    expect(list.status).toBe(400);
    expect(filtered).toEqual({
      status: 400,
      type: 'application/json; charset=utf-8',
      body: [
        {
          code: 400,
          description:
            'service_request_id: Name the requests with service_request_id (several comma-separated, at most 20): this server lists no requests.',
        },
      ],
    });
    expect(forged).toEqual({
      status: 404,
      type: 'application/json; charset=utf-8',
      body: [{ code: 404, description: 'No request has this service_request_id.' }],
    });
  });
});

describe('GET /open311/v2/discovery.json', () => {
  it("names the one endpoint at the province's address, JSON only", async () => {
    const answer = await call('/open311/v2/discovery.json');

    expect(answer).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: {
        changeset: '2026-12-07T00:00:00Z',
        contact: `Quảng Ninh: ${system.url}`,
        key_service: `API keys are issued by the administrators of Quang Ninh (${system.url}).`,
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${system.url}/open311/v2`,
            changeset: '2026-12-07T00:00:00Z',
            type: 'production',
            formats: ['application/json'],
          },
        ],
      },
    });
  });
});

// Last in this file: it leaves the test client (127.0.0.1) out of refusals for a minute.
describe('a client that keeps sending wrong keys', () => {
  it('is answered 429 with Retry-After once it has spent a minute of refusals, before its keys are looked up', async () => {
    const fields = { service_code: 'theft', address_id: 'HA-LONG-K1', api_key: 'tq311_a-guess' };
    const statuses: number[] = [];
    let limited: Response | undefined;
    await earlyInAMinute();
    for (let i = 0; i < 70 && !limited; i++) {
      const res = await fetch(`${system.url}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
        body: new URLSearchParams({ ...fields, description: text() }).toString(),
      });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }

    const withGoodKey = await post({ ...fields, api_key: demoKey, description: text() });

    // The province allows 60 public POSTs a minute; this file's earlier test spent 3 refusals already.
    expect(statuses.length).toBeLessThanOrEqual(61);
    expect(statuses.slice(0, -1).every((status) => status === 403)).toBe(true);
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited?.json()).toEqual([{ code: 429, description: expect.any(String) }]);
    expect(withGoodKey).toEqual({
      status: 429,
      type: 'application/json; charset=utf-8',
      body: [{ code: 429, description: expect.any(String) }],
    });
  }, 60_000);
});
