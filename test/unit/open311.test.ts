import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Area } from '../../functions/areas/model';
import {
  agencyResponsible,
  apiKeyHash,
  nameAnswers,
  namespacedIdempotencyKey,
  newApiKey,
  open311Status,
  pickPlace,
  reportIdOf,
  requestIdFor,
} from '../../functions/open311/model';
import { REPORT_STATUSES } from '../../functions/reports/model';

const area = (code: string, name: string, kind: Area['kind'], ancestors: string[]): Area => ({
  code,
  name,
  kind,
  ancestors,
  ...(ancestors.length ? { parent: ancestors.at(-1) } : {}),
});
const QN = area('QN', 'Quảng Ninh', 'province', []);
const HA_LONG = area('HA-LONG', 'Hạ Long', 'ward', ['QN']);
const K1 = area('HA-LONG-K1', 'Khu 1 Hồng Gai', 'residential_group', ['QN', 'HA-LONG']);
const BC_K1 = area('BAI-CHAY-K1', 'Khu 1 Hồng Gai', 'residential_group', ['QN', 'BAI-CHAY']);
const QT5A = area('UONG-BI-QT5A', 'Khu Quang Trung 5A', 'residential_group', ['QN', 'UONG-BI']);
const QT6 = area('UONG-BI-QT6', 'Khu Quang Trung 6', 'residential_group', ['QN', 'UONG-BI']);

describe('open311Status', () => {
  it('answers open until the case is settled, closed once resolved, mediated, referred or closed', () => {
    const mapped = Object.fromEntries(REPORT_STATUSES.map((status) => [status, open311Status(status)]));

    expect(mapped).toEqual({
      received: 'open',
      acknowledged: 'open',
      in_progress: 'open',
      resolved: 'closed',
      mediated: 'closed',
      referred: 'closed',
      closed: 'closed',
    });
  });
});

describe('pickPlace', () => {
  it('takes the one place whose whole name is the text, diacritics and case aside', () => {
    expect(pickPlace('ha long', [HA_LONG, K1])).toEqual({ match: 'one', area: HA_LONG });
  });

  it('takes the only hit when no name is the whole text', () => {
    expect(pickPlace('Quang Trung 5', [QT5A])).toEqual({ match: 'one', area: QT5A });
  });

  it('names several places that start with the text, and none when nothing matches', () => {
    expect(pickPlace('Khu Quang Trung', [QT5A, QT6])).toEqual({ match: 'several', areas: [QT5A, QT6] });
    expect(pickPlace('Phố Không Có', [])).toEqual({ match: 'none' });
  });

  it('never takes the province, where no report is filed', () => {
    expect(pickPlace('Quảng Ninh', [QN])).toEqual({ match: 'none' });
  });

  it('narrows two places of one name to the one inside the places named after the comma', () => {
    expect(pickPlace('Khu 1 Hồng Gai', [K1, BC_K1])).toEqual({ match: 'several', areas: [K1, BC_K1] });
    expect(pickPlace('Khu 1 Hồng Gai', [K1, BC_K1], [new Set(['HA-LONG'])])).toEqual({
      match: 'one',
      area: K1,
    });
  });

  it('takes a place only when it lies in a place of every part after the commas', () => {
    const [haLong, quangNinh, baiChay] = [new Set(['HA-LONG']), new Set(['QN']), new Set(['BAI-CHAY'])];

    expect(pickPlace('Khu 1 Hồng Gai', [K1, BC_K1, K1], [haLong, quangNinh])).toEqual({
      match: 'one',
      area: K1,
    });
    expect(pickPlace('Khu Quang Trung 6', [QT6], [baiChay, quangNinh])).toEqual({ match: 'none' });
  });
});

describe('nameAnswers', () => {
  it('answers as the area index does: the text starts the name or one of its words, accents aside', () => {
    const answers = ['to 1', 'Hồng Gai', 'Khu 1 Hồng', 'gai', 'ồng', 'Khu 2', ''].map((text) =>
      nameAnswers(text, 'Khu 1 Hồng Gai'),
    );

    expect(answers).toEqual([false, true, true, true, false, false, false]);
  });
});

describe('API keys and request ids', () => {
  it('makes keys of 32 random bytes, stored under a hash that depends on the server key', () => {
    const one = newApiKey();
    const two = newApiKey();
    const serverKey = randomBytes(32);

    expect(one.apiKey).toMatch(/^tq311_[A-Za-z0-9_-]{43}$/);
    expect(one.apiKey).not.toBe(two.apiKey);
    expect(one.id).toMatch(/^k[0-9a-z]{8}$/);
    expect(apiKeyHash(serverKey, one.apiKey)).toBe(apiKeyHash(serverKey, one.apiKey));
    expect(apiKeyHash(serverKey, one.apiKey)).not.toBe(apiKeyHash(randomBytes(32), one.apiKey));
    expect(apiKeyHash(serverKey, one.apiKey)).not.toContain(one.apiKey.slice(6, 20));
  });

  it('gives back the report of a request id only when its MAC holds under the same key', () => {
    const key = randomBytes(32);
    const reportId = '7kq2m9xd4htcw8rb';
    const requestId = requestIdFor(key, reportId);
    const tampered = `${requestId.slice(0, -1)}${requestId.endsWith('0') ? '1' : '0'}`;

    expect(requestId).toMatch(/^7kq2m9xd4htcw8rb-[0-9a-z]{16}$/);
    expect(reportIdOf(key, requestId)).toBe(reportId);
    expect(reportIdOf(key, requestId.toUpperCase())).toBe(reportId);
    expect(reportIdOf(key, tampered)).toBeUndefined();
    expect(reportIdOf(randomBytes(32), requestId)).toBeUndefined();
    expect(reportIdOf(key, reportId)).toBeUndefined();
  });

  it("keeps two apps' idempotency keys apart, and one app's keys together across key rotation", () => {
    expect(namespacedIdempotencyKey('Zalo OA', 'req-1')).not.toBe(
      namespacedIdempotencyKey('Hotline', 'req-1'),
    );
    expect(namespacedIdempotencyKey('Zalo OA', 'req-1')).toBe(namespacedIdempotencyKey('zalo oa', 'req-1'));
  });
});

describe('agencyResponsible', () => {
  const place = { areaName: 'Khu 1 Hồng Gai', commune: { name: 'Hạ Long', kind: 'ward' as const } };

  it("names the commune's police for what the police take, the place's group for what the community settles", () => {
    expect(agencyResponsible('vi', place, { mediable: false, roles: ['police'] })).toBe(
      'Công an phường Hạ Long',
    );
    expect(agencyResponsible('en', place, { mediable: false, roles: ['police'] })).toBe(
      'Hạ Long ward police',
    );
    expect(agencyResponsible('vi', place, { mediable: true, roles: ['mediator', 'group_head'] })).toBe(
      'Tổ tự quản Khu 1 Hồng Gai',
    );
  });
});
