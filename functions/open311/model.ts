import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Area, AreaKind } from '../areas/model';
import type { Category } from '../categories/model';
import { routeOf } from '../categories/route';
import type { ReportStatus } from '../reports/model';
import { DomainError, NotFound } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Province } from '../shared/province';
import { decodeCrockford, encodeCrockford } from '../shared/receipts';
import { foldForSearch, searchTokens } from '../shared/text';

/**
 * The rules of the Open311 GeoReport v2 face (docs/adr/0020-open311.md) that need no I/O: status
 * mapping, request ids, API keys, matching an address to a place, and what a service and a request
 * show.
 */

/** GeoReport v2 knows two statuses. A case is closed once settled: resolved, mediated, referred, closed. */
export type Open311Status = 'open' | 'closed';

const STATUS: Record<ReportStatus, Open311Status> = {
  received: 'open',
  acknowledged: 'open',
  in_progress: 'open',
  resolved: 'closed',
  mediated: 'closed',
  referred: 'closed',
  closed: 'closed',
};

export function open311Status(status: ReportStatus): Open311Status {
  return STATUS[status] ?? 'open';
}

// ——— Request ids ———

/** Bytes of the MAC that follows the report id in a service_request_id (80 bits, as the id's own). */
const TAG_BYTES = 10;

/**
 * The service_request_id an app gets: the report's id (a keyed hash of its receipt, never the receipt)
 * and a MAC of it under the server's open311-request key. Only the app that filed the report is
 * handed the MAC, so a report id seen elsewhere (a log line, the console) opens nothing through
 * Open311, and the id cannot be guessed or walked.
 */
export function requestIdFor(key: Buffer, reportId: string): string {
  return `${reportId}-${requestTag(key, reportId)}`;
}

/** The report a service_request_id names, when its MAC holds; undefined otherwise. */
export function reportIdOf(key: Buffer, requestId: string): string | undefined {
  const match = /^([0-9a-hjkmnp-tv-z]{16})-([0-9a-hjkmnp-tv-z]{16})$/.exec(requestId.trim().toLowerCase());
  if (!match) return undefined;
  const [, reportId = '', tag = ''] = match;
  const given = decodeCrockford(tag.toUpperCase(), TAG_BYTES);
  const expected = decodeCrockford(requestTag(key, reportId).toUpperCase(), TAG_BYTES);
  if (!given || !expected || !timingSafeEqual(given, expected)) return undefined;
  return reportId;
}

function requestTag(key: Buffer, reportId: string): string {
  const mac = createHmac('sha256', key).update(`open311-request\n${reportId}`, 'utf8').digest();
  return encodeCrockford(mac.subarray(0, TAG_BYTES)).toLowerCase();
}

// ——— API keys ———

/** An app's key as stored: never the key itself, only its keyed hash (the item's key). */
export interface ApiKey {
  /** A short public name for the key, for `list` and `revoke`: not a secret. */
  id: string;
  app: string;
  /** Reports a minute this key may file, across every server. */
  perMinute: number;
  createdAt: string;
  revokedAt?: string;
}

/** What marks a tuquan Open311 key in a config file or a leak scanner. */
export const API_KEY_PREFIX = 'tq311_';
const API_KEY_BYTES = 32;
const KEY_ID_BYTES = 5;

/** A fresh key (32 random bytes, shown once) and its public id. */
export function newApiKey(): { apiKey: string; id: string } {
  return {
    apiKey: `${API_KEY_PREFIX}${randomBytes(API_KEY_BYTES).toString('base64url')}`,
    id: `k${encodeCrockford(randomBytes(KEY_ID_BYTES)).toLowerCase()}`,
  };
}

/**
 * The keyed hash a key is stored and found under (HMAC-SHA256 under the server's open311-key key), as
 * receipts are: a copy of the table gives no key back, and a key cannot be checked without the secret.
 */
export function apiKeyHash(key: Buffer, apiKey: string): string {
  return createHmac('sha256', key).update(`open311-key\n${apiKey.trim()}`, 'utf8').digest('base64url');
}

/**
 * The idempotency key an Open311 submit is stored under: the app's `Idempotency-Key` inside the app's
 * own namespace. The app's name, not the key's id, so that a retry across a key rotation is still the
 * same submit, and two apps sending the same id never meet (nor meet the site's UUIDs, which carry no
 * prefix).
 */
export function namespacedIdempotencyKey(app: string, idempotencyKey: string): string {
  return `open311\n${foldForSearch(app)}\n${idempotencyKey}`;
}

// ——— Places from an address ———

/** Reports are filed for a commune, a ward, a special zone or a place under one: never the whole province. */
function acceptsReports(area: Pick<Area, 'kind'>): boolean {
  return area.kind !== 'province';
}

export type PlaceMatch =
  | { match: 'one'; area: Area }
  | { match: 'several'; areas: Area[] }
  | { match: 'none' };

/** The choices an ambiguous address names, at most. */
const MAX_CHOICES = 5;

/**
 * The place an address_string names, from the places found for its first part. An address may name
 * the places it lies in after commas ("Khu 1 Hồng Gai, Hạ Long, Quảng Ninh"): `within` holds, for each
 * of those parts, the codes it found, and a hit must lie in one place of every part. One place whose
 * whole name is the text wins over places whose names only start with it; otherwise exactly one hit is
 * needed.
 */
export function pickPlace(
  text: string,
  hits: readonly Area[],
  within: readonly ReadonlySet<string>[] = [],
): PlaceMatch {
  const folded = foldForSearch(text);
  const seen = new Set<string>();
  const candidates = hits.filter((area) => {
    if (seen.has(area.code)) return false;
    seen.add(area.code);
    return acceptsReports(area) && within.every((part) => area.ancestors.some((code) => part.has(code)));
  });
  const exact = candidates.filter((area) => foldForSearch(area.name) === folded);
  if (exact.length === 1 && exact[0]) return { match: 'one', area: exact[0] };
  const pool = exact.length > 1 ? exact : candidates;
  if (pool.length === 1 && pool[0]) return { match: 'one', area: pool[0] };
  if (pool.length === 0) return { match: 'none' };
  return { match: 'several', areas: pool.slice(0, MAX_CHOICES) };
}

/**
 * Whether a place's name answers a search for `text` as the area search's index does: the text starts
 * the name or one of its later words, diacritics and case aside.
 */
export function nameAnswers(text: string, name: string): boolean {
  const folded = foldForSearch(text);
  const words = searchTokens(name);
  return folded !== '' && words.some((_, at) => words.slice(at).join(' ').startsWith(folded));
}

/** "HA-LONG-K1 (Khu 1 Hồng Gai); …": how an ambiguous address's choices are named in its 400. */
export function describeChoices(areas: readonly Pick<Area, 'code' | 'name'>[]): string {
  return areas.map((area) => `${area.code} (${area.name})`).join('; ');
}

// ——— What the read routes show ———

/** A GeoReport v2 service: one of our categories. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

const GROUPS: Record<'urgent' | 'dispute' | 'other', Record<Lang, string>> = {
  urgent: { vi: 'Khẩn cấp', en: 'Urgent' },
  dispute: { vi: 'Mâu thuẫn, tranh chấp (có thể hòa giải)', en: 'Disputes (may be mediated)' },
  other: { vi: 'An ninh, trật tự', en: 'Security and order' },
};

/**
 * A category as a service. `metadata` is false: our categories carry no attributes, so nothing but
 * the common fields is ever asked (services/{code}.json answers an empty attribute list).
 */
export function toService(category: Category, lang: Lang): Open311Service {
  const group = category.urgency === 'high' ? 'urgent' : category.mediable ? 'dispute' : 'other';
  return {
    service_code: category.code,
    service_name: category.label[lang],
    description: category.label[lang],
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: GROUPS[group][lang],
  };
}

/** What the read routes know of a report: fields that neither identify nor describe anyone. */
export interface RequestFacts {
  id: string;
  status: ReportStatus;
  category: string;
  categoryLabel: { vi: string; en: string };
  area: string;
  areaName: string;
  parentName?: string;
  ancestors: string[];
  createdAt: string;
  updatedAt?: string;
  acknowledgedAt?: string;
  settledAt?: string;
  duplicateOf?: string;
}

/** A GeoReport v2 service request as our read routes answer it: status, category, dates, agency. */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  service_code: string;
  service_name: string;
  agency_responsible: string;
  requested_datetime: string;
  updated_datetime: string;
}

/** The commune, ward or special zone a report's place lies in (the place itself at that level). */
export function communeOf(facts: Pick<RequestFacts, 'area' | 'ancestors'>): string {
  return facts.ancestors.length <= 1 ? facts.area : (facts.ancestors[1] ?? facts.area);
}

const POLICE: Record<AreaKind, Record<Lang, string>> = {
  province: { vi: 'Công an tỉnh {name}', en: '{name} provincial police' },
  commune: { vi: 'Công an xã {name}', en: '{name} commune police' },
  ward: { vi: 'Công an phường {name}', en: '{name} ward police' },
  special_zone: { vi: 'Công an đặc khu {name}', en: '{name} special zone police' },
  village: { vi: 'Công an {name}', en: '{name} police' },
  hamlet: { vi: 'Công an {name}', en: '{name} police' },
  residential_group: { vi: 'Công an {name}', en: '{name} police' },
};
const GROUP: Record<Lang, string> = { vi: 'Tổ tự quản {name}', en: 'Self-management group of {name}' };

/**
 * Who answers a report, as an office, never a person: the commune's police for what the police take,
 * the place's self-management group for what the community settles (the category's route).
 */
export function agencyResponsible(
  lang: Lang,
  place: { areaName: string; commune: Pick<Area, 'name' | 'kind'> | undefined },
  category: Pick<Category, 'mediable' | 'roles' | 'informed'> | undefined,
): string {
  const route = routeOf(category);
  if (route.roles.includes('police') || route.roles.includes('duty_desk') || !place.commune) {
    const commune = place.commune ?? { name: place.areaName, kind: 'ward' as const };
    return POLICE[commune.kind][lang].replace('{name}', commune.name);
  }
  return GROUP[lang].replace('{name}', place.areaName);
}

/** The latest moment the case moved: arrival, acknowledgement, a status change, settlement. */
export function updatedAt(
  facts: Pick<RequestFacts, 'createdAt' | 'updatedAt' | 'acknowledgedAt' | 'settledAt'>,
): string {
  // ISO instants in UTC sort as text.
  const times = [facts.createdAt, facts.updatedAt, facts.acknowledgedAt, facts.settledAt]
    .filter((at): at is string => typeof at === 'string')
    .sort();
  return times.at(-1) ?? facts.createdAt;
}

/** An Open311 POST without a key we know, or with a revoked one: 403, as GeoReport servers answer. */
export class KeyRefused extends DomainError {
  readonly code = 'forbidden';
  constructor(reason: 'missing' | 'revoked') {
    super(reason === 'revoked' ? 'error.open311_key_revoked' : 'error.open311_key_required');
  }
}

/** A jurisdiction_id this server does not serve: 404, as every method of GeoReport v2 lists it. */
class UnknownJurisdiction extends NotFound {
  constructor() {
    super('error.open311_unknown_jurisdiction');
  }
}

/**
 * One deployment serves one province: a jurisdiction_id, when an app sends one, must be the province's
 * id or its site's host name (what an app configured from discovery.json would send).
 */
export function checkJurisdiction(
  given: string | undefined,
  province: Pick<Province, 'id' | 'baseUrl'>,
): void {
  if (given === undefined) return;
  const ours = [province.id, new URL(province.baseUrl).hostname];
  if (!ours.includes(given.trim().toLowerCase())) throw new UnknownJurisdiction();
}

/** What the app is told once a request is filed, in the request's language. */
export const SERVICE_NOTICE: Record<Lang, string> = {
  vi: 'Đã nhận. Tin báo được chuyển ngay tới cán bộ trực của nơi này.',
  en: 'Received. The report goes at once to the officers on duty for this place.',
};

/**
 * The name in a path's file (`theft.json` → `theft`): JSON is the one format served (the
 * specification also asks for XML: docs/adr/0020-open311.md), so any other file is not found.
 */
export function jsonFileName(file: string): string | undefined {
  const match = /^(.+)\.json$/.exec(file);
  return match?.[1];
}

/** When this Open311 face last changed, as discovery.json's changeset says. */
const CHANGESET = '2026-12-07T00:00:00Z';

/** GET discovery.json: where the one endpoint is, for what kind of use, in which format. */
export function discoveryOf(province: Pick<Province, 'baseUrl' | 'stage' | 'name'>) {
  return {
    changeset: CHANGESET,
    contact: `${province.name.vi}: ${province.baseUrl}`,
    key_service: `API keys are issued by the administrators of ${province.name.en} (${province.baseUrl}).`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${province.baseUrl}/open311/v2`,
        changeset: CHANGESET,
        type: province.stage === 'prod' ? 'production' : 'test',
        formats: ['application/json'],
      },
    ],
  };
}

/** The answer's language: a `locale` parameter (en, en-US, vi_VN) first, else what the request asked for. */
export function langOf(locale: string | undefined, asked: Lang): Lang {
  const base = locale?.slice(0, 2).toLowerCase();
  return base === 'en' || base === 'vi' ? base : asked;
}
