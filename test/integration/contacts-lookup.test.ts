import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/contacts/lookup.handler';
import { parseProvince } from '../../functions/shared/province';
import { importProvince } from '../../infra/import/import';
import { httpEvent, jsonOf, lambdaContext } from '../support/events';
import { testStore } from '../support/store';

const province = parseProvince(
  JSON.parse(readFileSync(new URL('../../infra/provinces/quang-ninh.json', import.meta.url), 'utf8')),
  'quang-ninh.json',
);
const DEMO = new URL('../../infra/provinces/quang-ninh', import.meta.url).pathname;
const officerPhones = readFileSync(`${DEMO}/officers.csv`, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => `+84${(line.split(',')[2] ?? '').replace(/\s/g, '').slice(1)}`);

const lookup = (area: string, headers: Record<string, string> = {}) =>
  handler(httpEvent({ path: '/api/contacts', query: { area }, headers }), lambdaContext);

beforeAll(async () => {
  const summary = await importProvince(testStore(), DEMO, {
    province,
    now: new Date('2026-03-01T03:00:00Z'),
  });
  expect(summary.errors).toEqual([]);
  // About a second on dynalite, up to 15 s on DynamoDB Local.
}, 120_000);

describe('GET /api/contacts', () => {
  it('lists a residential group’s own contacts, then its ward’s, then the province’s, then 113/114/115', async () => {
    const result = await lookup('UONG-BI-QT5A');
    expect(jsonOf(result)).toEqual({
      status: 200,
      body: {
        area: {
          code: 'UONG-BI-QT5A',
          name: 'Khu Quang Trung 5A',
          kind: 'residential_group',
          parent: 'UONG-BI',
        },
        contacts: [
          {
            name: 'Vũ Văn Thọ',
            role: 'Tổ trưởng tổ dân phố, tổ trưởng tổ tự quản',
            phone: '+84900000042',
            kind: 'group_head',
            area: 'UONG-BI-QT5A',
            verifiedAt: '2026-02-10',
          },
          {
            name: 'Hòa giải viên Khu Quang Trung 5A',
            role: 'Tổ hòa giải',
            phone: '+84900000043',
            kind: 'mediation',
            area: 'UONG-BI-QT5A',
            verifiedAt: '2026-02-10',
          },
          {
            name: 'Đội thanh niên tình nguyện Khu Quang Trung 5A',
            role: 'Tuần tra ban đêm',
            phone: '+84900000045',
            kind: 'volunteer',
            area: 'UONG-BI-QT5A',
            verifiedAt: '2026-02-10',
          },
          {
            name: 'Công an phường Uông Bí',
            role: 'Trực ban công an',
            phone: '+842033999102',
            kind: 'police',
            area: 'UONG-BI',
            verifiedAt: '2026-02-01',
          },
          {
            name: 'Tổ hòa giải phường Uông Bí',
            role: 'Hòa giải cơ sở',
            phone: '+84900000038',
            kind: 'mediation',
            area: 'UONG-BI',
            verifiedAt: '2026-02-01',
          },
          {
            name: 'Trực ban Công an tỉnh Quảng Ninh',
            role: 'Trực ban 24/7',
            phone: '+842033999001',
            kind: 'police',
            area: 'QN',
            verifiedAt: '2026-01-15',
          },
          {
            name: 'Phòng Cảnh sát PCCC và CNCH tỉnh',
            role: 'Trực ban chữa cháy',
            phone: '+842033999002',
            kind: 'fire',
            area: 'QN',
            verifiedAt: '2026-01-15',
          },
          {
            name: 'Trung tâm cấp cứu tỉnh',
            role: 'Tiếp nhận cấp cứu',
            phone: '+842033999003',
            kind: 'medical',
            area: 'QN',
            verifiedAt: '2026-01-15',
          },
          {
            name: 'Công an',
            role: 'Số khẩn cấp quốc gia',
            phone: '113',
            kind: 'police',
            area: null,
            verifiedAt: null,
          },
          {
            name: 'Cứu hỏa',
            role: 'Số khẩn cấp quốc gia',
            phone: '114',
            kind: 'fire',
            area: null,
            verifiedAt: null,
          },
          {
            name: 'Cấp cứu',
            role: 'Số khẩn cấp quốc gia',
            phone: '115',
            kind: 'medical',
            area: null,
            verifiedAt: null,
          },
        ],
      },
    });
    expect(result.headers?.['cache-control']).toBe('public, max-age=60');
  });

  it('never shows an internal contact or an officer’s phone', async () => {
    const body = String((await lookup('UONG-BI-QT5A')).body);
    const internal = ['Bí thư chi bộ', 'Phó trưởng Công an', 'Phòng Tham mưu'];
    expect([
      internal.filter((name) => body.includes(name)),
      officerPhones.filter((phone) => body.includes(phone)),
    ]).toEqual([[], []]);
    expect(officerPhones.length).toBe(53);
  });

  it('names the national numbers in English when asked', async () => {
    const { body } = jsonOf(await lookup('QN', { 'accept-language': 'en' }));
    expect((body as { contacts: { name: string; phone: string }[] }).contacts.slice(-3)).toEqual([
      {
        name: 'Police',
        role: 'National emergency number',
        phone: '113',
        kind: 'police',
        area: null,
        verifiedAt: null,
      },
      {
        name: 'Fire',
        role: 'National emergency number',
        phone: '114',
        kind: 'fire',
        area: null,
        verifiedAt: null,
      },
      {
        name: 'Ambulance',
        role: 'National emergency number',
        phone: '115',
        kind: 'medical',
        area: null,
        verifiedAt: null,
      },
    ]);
  });

  it('answers 404 for an unknown place', async () => {
    expect(jsonOf(await lookup('NOWHERE'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'Không tìm thấy nơi này.' } },
    });
  });

  it('answers 400 for a malformed code', async () => {
    const { status, body } = jsonOf(await lookup('uong bi'));
    expect([status, (body as { error: { code: string } }).error.code]).toEqual([400, 'invalid_input']);
  });

  it('serves a page of tel: links to a browser without JavaScript, in its language', async () => {
    const result = await lookup('UONG-BI-QT5A', { accept: 'text/html', 'accept-language': 'en' });
    const page = String(result.body);
    expect([
      result.statusCode,
      result.headers?.['content-type'],
      result.headers?.['content-language'],
    ]).toEqual([200, 'text/html; charset=utf-8', 'en']);
    expect(page).toContain('<h1>Who to call: <span lang="vi">Khu Quang Trung 5A</span></h1>');
    expect(page).toContain(
      '<a href="tel:+84900000042"><span class="name"><span lang="vi">Vũ Văn Thọ</span></span> <span class="phone">0900 000 042</span></a>',
    );
    expect(page).toContain('<h2><span lang="vi">Uông Bí</span></h2>');
    expect(page).toContain(
      '<p class="who">Run by the <span lang="vi">Quang Ninh</span> Provincial Police, with the self-management teams of villages, hamlets and neighbourhoods.</p>',
    );
    expect(page).toContain('<a href="tel:113"><span class="name">Police</span>');
    expect(page).not.toContain('Bí thư chi bộ');
  });
});
