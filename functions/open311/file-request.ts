import { type Area, hasPlacesUnder } from '../areas/model';
import type { ReportInput } from '../reports/schema';
import type { SubmitReportPorts } from '../reports/submit';
import { submitReport } from '../reports/submit';
import { type FieldProblem, InvalidInput, RateLimited } from '../shared/errors';
import type { Lang } from '../shared/i18n';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import type { Secrets } from '../shared/secrets';
import { keyedSubmission } from '../shared/submit-once';
import {
  type ApiKey,
  apiKeyHash,
  checkJurisdiction,
  describeChoices,
  KeyRefused,
  nameAnswers,
  namespacedIdempotencyKey,
  pickPlace,
  requestIdFor,
  SERVICE_NOTICE,
} from './model';
import type { Open311RequestInput } from './schema';
import type { ApiKeyStore } from './store';

export interface FileRequestPorts {
  keys: Pick<ApiKeyStore, 'keyByHash'>;
  /** Counts one request of a key in a UTC minute; false once the minute holds the key's limit. */
  rate: { takeOne(id: string, minute: string, limit: number, nowSeconds: number): Promise<boolean> };
  /** The area search (areas/find-areas.ts), ranked: whole name, then start of name, then start of a word. */
  findPlaces(text: string): Promise<Area[]>;
  /** The places directly under a commune, ward or special zone. */
  placesIn(code: string): Promise<Area[]>;
  /**
   * Refused keys, counted per client in memory: an app's server speaks for many residents from one
   * address, so its POSTs have no per-address limit, but one that keeps sending wrong keys is guessing.
   * `wait` answers the seconds to wait once a client has spent its refusals, before any look-up.
   */
  refusals: { wait(client: string): number | undefined; count(client: string): void };
  secrets: Secrets;
  clock: Clock;
  province: Pick<Province, 'id' | 'baseUrl'>;
  submit: SubmitReportPorts;
}

/** GeoReport v2's answer to a POST: one element. */
export interface Filed {
  service_request_id: string;
  service_notice: string;
  account_id: null;
}

/** Report fields as POST /api/reports names them → as the Open311 request named them. */
const FIELD_NAMES: Record<string, string> = {
  category: 'service_code',
  description: 'description',
  'contact.name': 'last_name',
  'contact.phone': 'phone',
};

/**
 * POST requests.json: the app's key stands in for the proof of work a page solves, then the report is
 * filed by the same intake as POST /api/reports (limits, dispatch, idempotency, duplicate linking).
 */
export async function fileRequest(
  input: Open311RequestInput,
  request: { idempotencyKey: string | undefined; lang: Lang; client: string },
  ports: FileRequestPorts,
): Promise<Filed[]> {
  checkJurisdiction(input.jurisdiction_id, ports.province);
  const key = await appKey(input.api_key, request.client, ports);
  const idempotencyKey =
    request.idempotencyKey === undefined
      ? undefined
      : namespacedIdempotencyKey(key.app, request.idempotencyKey);
  // Counted before anything is searched, and whatever the outcome: a request refused for its address
  // or its category has cost its searches all the same.
  await takeFromKey(key, idempotencyKey, ports);
  const place = await placeOf(input, ports);
  const name = [input.last_name, input.first_name].filter((part) => part !== undefined).join(' ');
  const report: ReportInput = {
    area: place.code,
    category: input.service_code,
    description: input.description,
    ...(name !== '' || input.phone !== undefined
      ? {
          contact: {
            ...(name !== '' ? { name } : {}),
            ...(input.phone !== undefined ? { phone: input.phone } : {}),
          },
        }
      : {}),
  };
  const submitted = await submitReport(report, { idempotencyKey }, ports.submit).catch((error: unknown) => {
    throw error instanceof InvalidInput ? renamed(error, place.field) : error;
  });
  return [
    {
      service_request_id: requestIdFor(await ports.secrets.key('open311-request'), submitted.id),
      service_notice: SERVICE_NOTICE[request.lang],
      account_id: null,
    },
  ];
}

async function appKey(apiKey: string | undefined, client: string, ports: FileRequestPorts): Promise<ApiKey> {
  const wait = ports.refusals.wait(client);
  if (wait !== undefined) throw new RateLimited(wait);
  const refused = (why: 'missing' | 'revoked') => {
    ports.refusals.count(client);
    return new KeyRefused(why);
  };
  if (apiKey === undefined) throw refused('missing');
  const key = await ports.keys.keyByHash(apiKeyHash(await ports.secrets.key('open311-key'), apiKey));
  if (!key) throw refused('missing');
  if (key.revokedAt !== undefined) throw refused('revoked');
  return key;
}

/**
 * The key's own limit, counted in the table so that it holds across servers. Every request counts, a
 * retry too; once the minute is spent, only a retry of a submit already stored goes on (to be answered
 * as it first was, as api.md has replays answered before any limit): one read of its item, by the id its
 * idempotency key names.
 */
async function takeFromKey(
  key: ApiKey,
  idempotencyKey: string | undefined,
  ports: FileRequestPorts,
): Promise<void> {
  const now = ports.clock.now();
  const minute = now.toISOString().slice(0, 16);
  if (await ports.rate.takeOne(key.id, minute, key.perMinute, Math.floor(now.getTime() / 1000))) return;
  if (idempotencyKey !== undefined) {
    const { id } = await keyedSubmission('report', idempotencyKey, ports.submit.secrets);
    if ((await ports.submit.reports.storedRequestHash(id)) !== undefined) return;
  }
  throw new RateLimited(Math.max(1, 60 - now.getUTCSeconds()));
}

/** The place the request is for: address_id as it is, address_string by the area search. */
async function placeOf(
  input: Open311RequestInput,
  ports: FileRequestPorts,
): Promise<{ code: string; field: 'address_id' | 'address_string' }> {
  if (input.address_id !== undefined) return { code: input.address_id, field: 'address_id' };
  if (input.address_string === undefined) {
    const problem: FieldProblem =
      input.lat !== undefined || input.long !== undefined
        ? { key: 'field.open311_no_coordinates' }
        : { key: 'field.open311_address_required' };
    throw new InvalidInput(
      input.lat !== undefined || input.long !== undefined ? { lat: problem } : { address_id: problem },
    );
  }
  // "Khu 1 Hồng Gai, Hạ Long": the first part names the place, the others places it lies in.
  const parts = input.address_string
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length > MAX_ADDRESS_PARTS)
    throw new InvalidInput({
      address_string: { key: 'field.open311_address_parts', params: { max: MAX_ADDRESS_PARTS } },
    });
  const [first = '', ...outer] = parts;
  if (first === '') throw new InvalidInput({ address_string: { key: 'field.open311_address_unknown' } });
  const { hits, within } = await placesNamed(first, outer, ports);
  const found = pickPlace(first, hits, within);
  if (found.match === 'one') return { code: found.area.code, field: 'address_string' };
  throw new InvalidInput({
    address_string:
      found.match === 'none'
        ? { key: 'field.open311_address_unknown' }
        : { key: 'field.open311_address_ambiguous', params: { choices: describeChoices(found.areas) } },
  });
}

/** The intake's field errors, named as the Open311 request named the fields. */
function renamed(error: InvalidInput, placeField: string): InvalidInput {
  return new InvalidInput(
    Object.fromEntries(
      Object.entries(error.fields).map(([field, problem]) => [
        field === 'area' ? placeField : (FIELD_NAMES[field] ?? field),
        problem,
      ]),
    ),
  );
}

/** Parts of an address_string: the place, and at most two places it lies in (each part is a search). */
const MAX_ADDRESS_PARTS = 3;
/** Communes, wards or special zones whose places are listed for one address, at most. */
const MAX_SCOPES = 5;

/**
 * The places an address's first part may name, and for each outer part the places it found. The outer
 * parts are searched first; the first part is then looked for among the places under the communes they
 * name as well as by the area search, so that a name repeated across the province ("Tổ 1", "Khu 2")
 * is found wherever the search's ranking cuts its hits.
 */
async function placesNamed(
  first: string,
  outer: readonly string[],
  ports: FileRequestPorts,
): Promise<{ hits: Area[]; within: Set<string>[] }> {
  if (outer.length === 0) return { hits: await ports.findPlaces(first), within: [] };
  const outerHits = await Promise.all(outer.map((part) => ports.findPlaces(part)));
  const scopes = [...new Map(outerHits.flat().map((area) => [area.code, area])).values()]
    .filter((area) => area.kind !== 'province' && hasPlacesUnder(area.kind))
    .slice(0, MAX_SCOPES);
  const [searched, ...under] = await Promise.all([
    ports.findPlaces(first),
    ...scopes.map((scope) => ports.placesIn(scope.code)),
  ]);
  return {
    hits: [...under.flat().filter((area) => nameAnswers(first, area.name)), ...(searched ?? [])],
    within: outerHits.map((hits) => new Set(hits.map((area) => area.code))),
  };
}
